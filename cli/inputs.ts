import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';

/** What one CLI input line is. The CLI tells them apart by itself. */
export type InputLine =
  | { kind: 'subscription-event'; event: unknown }
  | { kind: 'subscription-data'; data: string }
  | { kind: 'subscription-payload'; payload: unknown }
  | { kind: 'raw'; line: string };

// Every gzip stream starts 1f 8b 08, which base64-encodes to "H4sI": a bare subscription `data` string.
const BARE_SUBSCRIPTION_DATA = /^H4sI[A-Za-z0-9+/]*={0,2}$/;

/**
 * Classifies one input line: a CloudWatch Logs subscription event as Lambda receives it (`{"awslogs":{"data":...}}`),
 * the bare base64 `data` string, the decoded payload's JSON, or a raw log line as an app wrote it. A line that only looks like an event but is
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
  const payload = asDecodedPayload(trimmed);
  if (payload !== undefined) return { kind: 'subscription-payload', payload };
  return { kind: 'raw', line };
}

/**
 * A subscription payload already decoded (`{"messageType":"DATA_MESSAGE",…,"logEvents":[…]}`, what `aws logs` tools
 * and other projects' fixtures hold): it becomes its log events, never one document with an empty message.
 */
function asDecodedPayload(trimmed: string): unknown {
  if (!trimmed.startsWith('{') || !trimmed.includes('"logEvents"') || !trimmed.includes('"messageType"')) {
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(trimmed);
    return json !== null && typeof json === 'object' && 'messageType' in json && 'logEvents' in json ? json : undefined;
  } catch {
    return undefined;
  }
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

/**
 * The longest input line read whole: 8 MiB, above the largest thing one line can legitimately be (a subscription event
 * as Lambda receives it is at most 6 MB, Lambda's invocation payload quota,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). A longer line is not held in memory: its
 * first {@link OVERSIZED_KEPT_BYTES} are kept for its dead letter and the rest is counted and skipped, so a 512 MB
 * line cannot exhaust the heap or the string length limit.
 */
export const MAX_INPUT_LINE_BYTES = 8 * 1024 * 1024;

/** What the dead letter of an oversized line keeps of it. */
export const OVERSIZED_KEPT_BYTES = 64 * 1024;

/** One line of input: its text (without the newline), the bytes read so far, and its size when it was cut. */
export interface InputLineRead {
  line: string;
  bytes: number;
  /** Set when the line was longer than the limit: `line` is then only its first OVERSIZED_KEPT_BYTES. */
  oversizedBytes?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Lines of a stream (LF or CRLF), with the number of bytes read so far (for progress). Bytes are joined before they
 * are decoded, so a character split across chunks stays whole; a line over `maxLineBytes` comes back cut and marked.
 */
export async function* readLines(
  stream: Readable,
  maxLineBytes: number = MAX_INPUT_LINE_BYTES,
): AsyncGenerator<InputLineRead> {
  const assembler = createLineAssembler(maxLineBytes);
  for await (const chunk of stream) yield* assembler.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const last = assembler.end();
  if (last) yield last;
}

/** Lines out of chunks; of a line over the limit only its head is held. */
function createLineAssembler(maxLineBytes: number) {
  const keptOfOversized = Math.min(OVERSIZED_KEPT_BYTES, maxLineBytes);
  let bytes = 0;
  let parts: Buffer[] = [];
  let held = 0;
  let lineBytes = 0;
  const hold = (buffer: Buffer, start: number, end: number) => {
    const room = (lineBytes + (end - start) > maxLineBytes ? keptOfOversized : maxLineBytes) - held;
    if (room > 0) {
      const kept = buffer.subarray(start, start + Math.min(room, end - start));
      parts.push(kept);
      held += kept.length;
    }
    lineBytes += end - start;
    bytes += end - start;
  };
  const finish = (): InputLineRead => {
    const oversized = lineBytes > maxLineBytes;
    const line = decodeLine(Buffer.concat(parts, oversized ? Math.min(held, keptOfOversized) : held));
    const read: InputLineRead = oversized ? { line, bytes, oversizedBytes: lineBytes } : { line, bytes };
    parts = [];
    held = 0;
    lineBytes = 0;
    return read;
  };
  return {
    *push(buffer: Buffer): Generator<InputLineRead> {
      let start = 0;
      while (start < buffer.length) {
        const newline = buffer.indexOf(NEWLINE, start);
        hold(buffer, start, newline < 0 ? buffer.length : newline);
        if (newline < 0) return;
        bytes += 1;
        start = newline + 1;
        yield finish();
      }
    },
    end: (): InputLineRead | undefined => (lineBytes > 0 || held > 0 ? finish() : undefined),
  };
}

function decodeLine(buffer: Buffer): string {
  const end = buffer.length > 0 && buffer[buffer.length - 1] === CARRIAGE_RETURN ? buffer.length - 1 : buffer.length;
  return buffer.toString('utf8', 0, end);
}

// Multi-line records. A logger writes one record over several lines when it prints an error: the lines after the
// first are continuation lines, joined to the record they continue (unless `--no-multiline`):
//   - indented lines: stack frames (`    at f (file.js:1:2)`, Java `\tat …`, Python `  File "…", line 3`), any
//     indented text, and the body of pretty-printed JSON;
//   - Java's `Caused by: …`, `Suppressed: …` and `... 12 more` / `... 12 common frames omitted`;
//   - Python's `Traceback (most recent call last):` and, after it, the one unindented `ValueError: …` line that ends
//     the traceback; the chaining lines (`During handling of the above exception, …`);
//   - a line of closing brackets (`}`, `]`, `)`), the end of a pretty-printed object;
//   - an error's first line (`TypeError: x`, `java.lang.IllegalStateException: x`, `Exception in thread …`) right
//     after a record whose first line announces an error level (`ERROR`, `error:`, `[fatal]` …): the stack a logger
//     prints under its message. After any other record it starts a record of its own (`console.error(err)`).
// A blank line always ends a record; a record stops growing at MAX_INPUT_LINE_BYTES.
const INDENTED = /^[ \t]+\S/;
const JAVA_CONTINUATION = /^(?:Caused by: |Suppressed: |\.\.\. \d+ (?:more|common frames omitted)\s*$)/;
const TRACEBACK_START = /^Traceback \(most recent call last\):\s*$/;
const TRACEBACK_CHAIN =
  /^(?:During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const TRACEBACK_END = /^[A-Za-z_][\w.]*(?::|\s*$)/;
const CLOSING_BRACKETS = /^[}\])]+[,;]?\s*$/;
const ERROR_FIRST_LINE = /^(?:(?:[a-z_$][\w$]*\.)*(?:[A-Z][\w$]*)?(?:Error|Exception)(?::|\s*$)|Exception in thread )/;
/** An error level in the head of a record's first line. */
const ERROR_LEVEL = /\b(?:ERROR|FATAL|CRITICAL|SEVERE|PANIC|error|fatal|critical|panic)\b/;
const LEVEL_SEARCH_CHARS = 200;

/** A record being joined from lines: its text, the number of its first line, and whether a traceback is open. */
export interface PendingRecord {
  text: string;
  firstLine: number;
  inTraceback: boolean;
  /** The first line announces an error, so an error's stack may follow unindented. */
  isError: boolean;
  /** An error's first line was joined already: the next one starts a record. */
  hasError: boolean;
}

/** A new record starting with `line`. */
export function startRecord(line: string, lineNumber: number): PendingRecord {
  const isError = ERROR_LEVEL.test(line.slice(0, LEVEL_SEARCH_CHARS));
  return { text: line, firstLine: lineNumber, inTraceback: TRACEBACK_START.test(line), isError, hasError: false };
}

/** Joins `line` to `record` when it continues it (see the rules above); false when it starts a new record. */
export function joinContinuation(record: PendingRecord, line: string): boolean {
  if (record.text.length + line.length >= MAX_INPUT_LINE_BYTES) return false;
  if (record.inTraceback && !INDENTED.test(line)) {
    if (TRACEBACK_CHAIN.test(line) || TRACEBACK_START.test(line)) return append(record, line);
    // The exception line ends the traceback; anything else (a new record) ends it too.
    record.inTraceback = false;
    return TRACEBACK_END.test(line) && append(record, line);
  }
  if (TRACEBACK_START.test(line)) {
    record.inTraceback = true;
    return append(record, line);
  }
  if (record.isError && !record.hasError && ERROR_FIRST_LINE.test(line)) {
    record.hasError = true;
    return append(record, line);
  }
  return (INDENTED.test(line) || JAVA_CONTINUATION.test(line) || CLOSING_BRACKETS.test(line)) && append(record, line);
}

function append(record: PendingRecord, line: string): true {
  record.text += `\n${line}`;
  return true;
}

/** The records of a list of lines, continuation lines joined (for tests and small inputs). */
export function joinContinuationLines(lines: readonly string[]): string[] {
  const records: string[] = [];
  let pending: PendingRecord | undefined;
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      if (pending) records.push(pending.text);
      pending = undefined;
    } else if (!pending || !joinContinuation(pending, line)) {
      if (pending) records.push(pending.text);
      pending = startRecord(line, index + 1);
    }
  });
  if (pending) records.push(pending.text);
  return records;
}
