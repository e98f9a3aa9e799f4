import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** What one CLI input line is. The CLI tells them apart by itself. */
export type InputLine =
  | { kind: 'subscription-event'; event: unknown }
  | { kind: 'subscription-data'; data: string }
  | { kind: 'raw'; line: string };

// Every gzip stream starts 1f 8b 08, which base64-encodes to "H4sI": a bare subscription `data` string.
const BARE_SUBSCRIPTION_DATA = /^H4sI[A-Za-z0-9+/]*={0,2}$/;

/**
 * Classifies one input line: a CloudWatch Logs subscription event as Lambda receives it (`{"awslogs":{"data":...}}`),
 * the bare base64 `data` string, or a raw log line as an app wrote it. A line that only looks like an event but is
 * not valid JSON is a raw line: it is kept whole as a message, never lost.
 */
export function classifyInputLine(line: string): InputLine {
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.includes('"awslogs"')) {
    try {
      const event: unknown = JSON.parse(trimmed);
      if (event !== null && typeof event === 'object' && 'awslogs' in event)
        return { kind: 'subscription-event', event };
    } catch {
      // not JSON: a raw line that mentions awslogs
    }
  }
  if (trimmed.length > 20 && BARE_SUBSCRIPTION_DATA.test(trimmed)) return { kind: 'subscription-data', data: trimmed };
  return { kind: 'raw', line };
}

/** One input source: a file, or stdin for `-`. */
export interface InputSource {
  name: string;
  /** A stable id of the source, so event ids (and so OpenSearch document ids) repeat when the same input is replayed. */
  id: string;
  /** Size in bytes when known (files), for progress. */
  size?: number;
  open(): Readable;
}

/** Input sources for `teddy-logs process [FILE...]`: no FILE or `-` reads stdin. */
export function toInputSources(files: string[], stdin: Readable, sizeOf: (path: string) => number): InputSource[] {
  const names = files.length === 0 ? ['-'] : files;
  return names.map((name) =>
    name === '-'
      ? { name: 'stdin', id: 'stdin', open: () => stdin }
      : {
          name: basename(name),
          id: createHash('sha256').update(name).digest('hex').slice(0, 16),
          size: sizeOf(name),
          open: () => createReadStream(name),
        },
  );
}

/** Lines of a stream, with the number of bytes read so far (for progress). */
export async function* readLines(stream: Readable): AsyncGenerator<{ line: string; bytes: number }> {
  let bytes = 0;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    bytes += Buffer.byteLength(line) + 1;
    yield { line, bytes };
  }
}
