import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import type { DeadLetter, DeadLetterSink } from '../core/types.js';
import { writeAll } from './stdout.js';

/** Dead letters appended as NDJSON to a file (the CLI's `LOG_DIR/dead-letters.ndjson`). */
export function createFileDeadLetterSink(path: string): DeadLetterSink {
  let ready: Promise<unknown> | undefined;
  return {
    name: `file:${path}`,
    async write(letters: DeadLetter[]): Promise<void> {
      ready ??= mkdir(dirname(path), { recursive: true });
      await ready;
      await appendFile(path, letters.map((l) => `${JSON.stringify(l)}\n`).join(''));
    },
  };
}

/** Dead letters as NDJSON on a stream (stderr when the documents themselves go to stdout). */
export function createStreamDeadLetterSink(stream: Writable, name = 'stderr'): DeadLetterSink {
  return {
    name,
    async write(letters: DeadLetter[]): Promise<void> {
      await writeAll(stream, letters.map((l) => `${JSON.stringify({ dead_letter: l })}\n`).join(''));
    },
  };
}
