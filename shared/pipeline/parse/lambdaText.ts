import type { LambdaDetails, ParsedRecord } from '../../core/types.js';
import { isRecord, parseJsonObject } from './safeJson.js';

// The text formats the Lambda runtimes write. Every pattern is anchored and free of nested or overlapping
// quantifiers, so matching is linear in the line length. Only the prefix is matched; the message is the rest of
// the line (`slice`), so a multi-line message (a stack trace) stays whole.

const ISO_UTC = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?Z';

/**
 * Node.js: `2024-01-15T10:30:00.123Z\t<requestId>\tINFO\t<message>` (older runtimes omit the level column); .NET
 * writes the same columns with its own short levels (`info`, `warn`, `fail`, `crit`, `dbug`, `trce`).
 */
const NODE_TEXT = new RegExp(
  `^(${ISO_UTC})\\t([^\\t\\n]*)\\t(?:(TRACE|DEBUG|INFO|WARN|ERROR|FATAL|trce|dbug|info|warn|fail|crit)\\t)?`,
);

const LEVEL_COLUMN = /^(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|DPANIC|PANIC|FATAL)$/;

/** Python: `[INFO]\t2024-01-15T10:30:00.123Z\t<requestId>\t<message>`. */
const PYTHON_TEXT = new RegExp(
  `^\\[(NOTSET|DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\\]\\t(${ISO_UTC})\\t([^\\t\\n]*)\\t`,
);

/** Node's uncaught errors: `Invoke Error \t{"errorType":"TypeError","errorMessage":"...","stack":[...]}`. */
const NODE_RUNTIME_ERROR = /^(Invoke Error|Uncaught Exception|Unhandled Promise Rejection) ?\t/;

/** Platform lines: `START RequestId: <id> Version: $LATEST`, `END RequestId: <id>`, `REPORT RequestId: <id>\t...`. */
const PLATFORM_TEXT =
  /^(START|END|REPORT) RequestId: |^(INIT_START|INIT_REPORT|RESTORE_START|RESTORE_REPORT|EXTENSION|TELEMETRY)[ \t]/;
const REQUEST_ID = /RequestId: ([^\s]+)/;
const VERSION = /Version: ([^\s]+)/;

/**
 * The runtime's timeout notice, `2024-01-15T10:30:03.123Z 8f507cfc-… Task timed out after 3.00 seconds` (space
 * separated; fixtures also carry it without the prefix). It is the only line a timed-out invocation leaves besides a
 * REPORT: an error, with its request id and its own time.
 */
const TIMEOUT_TEXT = new RegExp(`^(?:(${ISO_UTC}) ([^\\s]+) )?(Task timed out after \\d+(?:\\.\\d+)? seconds)\\s*$`);

/** Numbers of a REPORT / INIT_REPORT line, by their label. A Map: a label like `constructor` must find nothing. */
const REPORT_NUMBERS: ReadonlyMap<string, keyof LambdaDetails> = new Map([
  ['Duration', 'duration_ms'],
  ['Billed Duration', 'billed_duration_ms'],
  ['Memory Size', 'memory_size_mb'],
  ['Max Memory Used', 'max_memory_used_mb'],
  ['Init Duration', 'init_duration_ms'],
]);

/** Request ids the runtimes print outside an invocation (during init). */
const NO_REQUEST_ID: ReadonlySet<string> = new Set(['', 'undefined', 'None', 'null']);

/** A line of the Node.js runtime text format, or undefined. */
export function parseNodeText(line: string): ParsedRecord | undefined {
  const match = NODE_TEXT.exec(line);
  if (!match) return undefined;
  const [prefix, timestamp, requestId, level] = match;
  // zap's console encoder writes `<time>\tWARN\t…` too: a level where the request id belongs is not the runtime.
  if (requestId !== undefined && LEVEL_COLUMN.test(requestId)) return undefined;
  const record = parseRuntimeMessage(line.slice(prefix.length), 'lambda-text');
  record.runtimeTimestamp = timestamp;
  // Old runtimes have no level column: console.log then means INFO, and the app's own level still wins.
  record.runtimeLevel = level ?? 'INFO';
  withRequestId(record, requestId);
  return record;
}

/** A line of the Python runtime text format, or undefined. */
export function parsePythonText(line: string): ParsedRecord | undefined {
  const match = PYTHON_TEXT.exec(line);
  if (!match) return undefined;
  const [prefix, level, timestamp, requestId] = match;
  const record = parseRuntimeMessage(line.slice(prefix.length), 'python-text');
  record.runtimeLevel = level;
  record.runtimeTimestamp = timestamp;
  withRequestId(record, requestId);
  return record;
}

/** The runtime's `Task timed out after N seconds` line, as an ERROR; or undefined. */
export function parseTimeoutText(line: string): ParsedRecord | undefined {
  const match = TIMEOUT_TEXT.exec(line);
  if (!match) return undefined;
  const [, timestamp, requestId, message] = match;
  const record: ParsedRecord = { format: 'lambda-text', fields: { message }, runtimeLevel: 'ERROR' };
  if (timestamp !== undefined) record.runtimeTimestamp = timestamp;
  withRequestId(record, requestId);
  return record;
}

/** START / END / REPORT and the other platform lines, REPORT's numbers parsed; or undefined. */
export function parsePlatformText(line: string): ParsedRecord | undefined {
  const match = PLATFORM_TEXT.exec(line);
  if (!match) return undefined;
  const event = (match[1] ?? match[2]) as string;
  const lambda: LambdaDetails = { platform_event: event };
  const requestId = REQUEST_ID.exec(line)?.[1];
  if (requestId) lambda.request_id = requestId;
  if (event === 'START') {
    const version = VERSION.exec(line)?.[1];
    if (version) lambda.version = version;
  }
  const failed = readReportPairs(line, lambda);
  // A REPORT with `Status: timeout` / `error` is the only trace of a timed-out invocation: surface it as an error.
  return { format: 'platform', fields: { message: line.trim() }, runtimeLevel: failed ? 'ERROR' : 'INFO', lambda };
}

/**
 * REPORT and INIT_REPORT are `Label: value unit` pairs separated by tabs: the known numbers go into `lambda`.
 * True when a `Status` other than success says the invocation failed.
 */
function readReportPairs(line: string, lambda: LambdaDetails): boolean {
  let failed = false;
  for (const piece of line.split('\t')) {
    const colon = piece.indexOf(': ');
    if (colon < 0) continue;
    const label = piece.slice(0, colon).trim();
    const value = piece.slice(colon + 2).trim();
    const target = REPORT_NUMBERS.get(label);
    if (target) {
      const number = Number.parseFloat(value);
      if (Number.isFinite(number)) (lambda as Record<string, unknown>)[target] = number;
    } else if (label === 'Status' && value !== 'success') failed = true;
  }
  return failed;
}

/** The message part of a runtime line: an app's JSON object, a Node runtime error report, or text. */
function parseRuntimeMessage(message: string, format: string): ParsedRecord {
  const json = parseJsonObject(message.trim());
  if (json) return { format, fields: json };
  const runtimeError = NODE_RUNTIME_ERROR.exec(message);
  if (runtimeError) {
    const report = parseJsonObject(message.slice(runtimeError[0].length).trim());
    if (report) {
      const summary = [runtimeError[1], report.errorType, report.errorMessage].filter(
        (part) => typeof part === 'string',
      );
      return { format, fields: { message: summary.join(': '), ...report } };
    }
  }
  return { format, fields: { message } };
}

function withRequestId(record: ParsedRecord, requestId: string | undefined): void {
  if (requestId === undefined || NO_REQUEST_ID.has(requestId)) return;
  record.lambda = { ...record.lambda, request_id: requestId };
}

/** Lambda's platform events in its JSON log format: `{"time", "type": "platform.report", "record": {...}}`. */
export function parsePlatformJson(json: Record<string, unknown>): ParsedRecord | undefined {
  const { type, time, record } = json;
  if (typeof type !== 'string' || !type.startsWith('platform.') || !isRecord(record)) return undefined;
  const lambda: LambdaDetails = { platform_event: type };
  const fields = readPlatformRecord(type, record, lambda);
  const status = typeof record.status === 'string' ? record.status : undefined;
  fields.message = [type, lambda.request_id && `RequestId: ${lambda.request_id}`, status && `Status: ${status}`]
    .filter(Boolean)
    .join(' ');
  const parsed: ParsedRecord = { format: 'platform', fields, runtimeLevel: platformLevel(type, status), lambda };
  if (typeof time === 'string') parsed.runtimeTimestamp = time;
  return parsed;
}

/** A platform event's record: request id, version and known metrics into `lambda`; the rest as fields. */
function readPlatformRecord(
  type: string,
  record: Record<string, unknown>,
  lambda: LambdaDetails,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'requestId' && typeof value === 'string') lambda.request_id = value;
    else if ((key === 'version' || key === 'functionVersion') && typeof value === 'string') lambda.version = value;
    else if (key === 'metrics' && isRecord(value)) {
      const others = readPlatformMetrics(type, value, lambda);
      if (others) fields.metrics = others;
    } else fields[key] = value;
  }
  return fields;
}

/** A status other than success is an error (a timeout, a crash); dropped logs a warning. */
function platformLevel(type: string, status: string | undefined): string {
  if (status !== undefined && status !== 'success') return 'ERROR';
  return type === 'platform.logsDropped' ? 'WARN' : 'INFO';
}

/** Copies the known metrics into `lambda`; returns the others (e.g. `producedBytes`), if any, for the fields. */
function readPlatformMetrics(
  type: string,
  metrics: Record<string, unknown>,
  lambda: LambdaDetails,
): Record<string, unknown> | undefined {
  const known = new Set<string>();
  const number = (key: string) => {
    const value = metrics[key];
    if (typeof value !== 'number') return undefined;
    known.add(key);
    return value;
  };
  const duration = number('durationMs');
  // platform.initReport's duration is the init phase's; everywhere else it is the invocation's.
  if (type === 'platform.initReport') lambda.init_duration_ms = duration;
  else lambda.duration_ms = duration;
  lambda.billed_duration_ms = number('billedDurationMs');
  lambda.memory_size_mb = number('memorySizeMB');
  lambda.max_memory_used_mb = number('maxMemoryUsedMB');
  lambda.init_duration_ms ??= number('initDurationMs');
  for (const key of Object.keys(lambda) as Array<keyof LambdaDetails>) {
    if (lambda[key] === undefined) delete lambda[key];
  }
  const others = Object.entries(metrics).filter(([key]) => !known.has(key));
  return others.length > 0 ? Object.fromEntries(others) : undefined;
}
