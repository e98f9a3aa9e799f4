import type { ParsedRecord } from '../../core/types.js';
import { isRecord, type JsonRecord, parseJsonObject } from './safeJson.js';

/**
 * Lambda's JSON log format (LoggingConfig.LogFormat = JSON), written by the runtime around what the app logged:
 * ```
 * {"timestamp":"2024-01-15T10:30:00.123Z","level":"INFO","requestId":"8f50…","message":"text" | {...} | "{\"json\":…}"}
 * ```
 * Python adds `logger`, errors add `errorType`, `errorMessage`, `stackTrace`. The runtime's level is usually INFO
 * (console.log); when `message` is the app's own JSON object its level must win, so the object becomes the fields
 * and the runtime's level and timestamp only fill in.
 */
const RUNTIME_KEYS: ReadonlySet<string> = new Set([
  'timestamp',
  'level',
  'requestId',
  'AWSRequestId',
  'message',
  'logger',
  'errorType',
  'errorMessage',
  'stackTrace',
  'location',
]);

/** The levels the runtimes write, always upper case (Python's names included); an app's `info` is not one. */
const RUNTIME_LEVELS: ReadonlySet<string> = new Set([
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'WARNING',
  'ERROR',
  'FATAL',
  'CRITICAL',
]);

/** Lambda request ids are UUIDs. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record of a Lambda JSON-format line, or undefined when `json` is not one. An app's own JSON often has the same
 * four keys (winston's `timestamp`+`json` formats, with a `requestId` of its own), so a line is claimed only by what
 * only the runtime writes together: `timestamp` as the FIRST key, an upper-case runtime level, and a UUID request id.
 */
export function parseLambdaJson(json: JsonRecord): ParsedRecord | undefined {
  if (!hasRuntimeShape(json)) return undefined;
  const { timestamp, level, message } = json as JsonRecord & { timestamp: string; level: string };
  const requestId = requestIdOf(json);
  const appObject = isRecord(message) ? message : typeof message === 'string' ? parseEmbeddedJson(message) : undefined;
  // Without a requestId (logged during init) the line looks like any app's JSON; only claim it when it wraps an app
  // object and has nothing but runtime keys, so an app line with its own `timestamp`/`level`/`message` is left alone.
  if (typeof requestId !== 'string' && !(appObject && Object.keys(json).every((key) => RUNTIME_KEYS.has(key)))) {
    return undefined;
  }

  const fields: JsonRecord = {};
  for (const [key, value] of Object.entries(json)) {
    if (!LIFTED_KEYS.has(key)) fields[key] = value;
  }
  if (appObject) Object.assign(fields, appObject);
  else fields.message = message;

  const parsed: ParsedRecord = { format: 'lambda-json', fields, runtimeLevel: level, runtimeTimestamp: timestamp };
  if (typeof requestId === 'string' && requestId !== '') parsed.lambda = { request_id: requestId };
  return parsed;
}

/** The runtime's keys that become the record's level, time, request id and message. */
const LIFTED_KEYS: ReadonlySet<string> = new Set(['timestamp', 'level', 'requestId', 'AWSRequestId', 'message']);

/** The Node.js and Python runtimes write `requestId`; the Java runtime `AWSRequestId`. */
function requestIdOf(json: JsonRecord): unknown {
  return json.requestId ?? json.AWSRequestId;
}

/** `timestamp` first, an upper-case runtime level, a `message`, and a UUID request id when there is one. */
function hasRuntimeShape(json: JsonRecord): boolean {
  const { timestamp, level } = json;
  const requestId = requestIdOf(json);
  if (typeof timestamp !== 'string' || typeof level !== 'string' || !('message' in json)) return false;
  if (!RUNTIME_LEVELS.has(level) || firstKey(json) !== 'timestamp') return false;
  return requestId === undefined || (typeof requestId === 'string' && UUID.test(requestId));
}

function firstKey(json: JsonRecord): string | undefined {
  for (const key in json) return key;
  return undefined;
}

function parseEmbeddedJson(message: string): JsonRecord | undefined {
  const text = message.trim();
  return text.startsWith('{') ? parseJsonObject(text) : undefined;
}
