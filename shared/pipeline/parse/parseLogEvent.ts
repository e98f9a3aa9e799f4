import type { ParsedRecord } from '../../core/types.js';
import { isDockerEnvelope, isFireLensEnvelope, wrapDocker, wrapFireLens } from './fireLens.js';
import { parseLambdaJson } from './lambdaJson.js';
import {
  parseNodeText,
  parsePlatformJson,
  parsePlatformText,
  parsePythonText,
  parseTimeoutText,
} from './lambdaText.js';
import { parseLogfmt } from './logfmt.js';
import { type JsonRecord, parseJsonObject } from './safeJson.js';
import { parseTextLine } from './textLine.js';

/**
 * One CloudWatch log event's message to a record: which format it was in, the app's own fields, and what the
 * runtime added (level, timestamp, Lambda / ECS details). Never throws: a line no format claims is kept whole as
 * `{ format: 'text', fields: { message } }`. A multi-line event (a stack trace) stays one record.
 */
export function parseLogEvent(message: string): ParsedRecord {
  try {
    return parseLine(stripTrailingNewlines(String(message)), true);
  } catch {
    // Every parser above is written not to throw; this keeps the promise if one ever does.
    return { format: 'text', fields: { message: String(message) } };
  }
}

function parseLine(line: string, allowEnvelope: boolean): ParsedRecord {
  const json = looksLikeJsonObject(line) ? parseJsonObject(line) : undefined;
  if (json) {
    // FireLens wraps exactly one container line; an envelope inside an envelope is treated as plain JSON.
    if (allowEnvelope && isFireLensEnvelope(json)) {
      return wrapFireLens(json, parseLine(stripTrailingNewlines(json.log as string), false));
    }
    if (allowEnvelope && isDockerEnvelope(json)) {
      return wrapDocker(json, parseLine(stripTrailingNewlines(json.log as string), false));
    }
    return (
      parsePlatformJson(json) ?? parseLambdaJson(json) ?? parseCloudTrail(json) ?? { format: 'json', fields: json }
    );
  }
  return (
    parseNodeText(line) ??
    parsePythonText(line) ??
    parseTimeoutText(line) ??
    parsePlatformText(line) ??
    parseLogfmt(line) ??
    parseTextLine(line) ?? { format: 'text', fields: { message: line } }
  );
}

/**
 * A CloudTrail record (`{"eventVersion":"1.08","eventTime":"…","eventSource":"s3.amazonaws.com","eventName":"GetObject",…}`)
 * has no message of its own: what happened, `GetObject (s3.amazonaws.com)`, is its message; `eventTime` its time.
 */
function parseCloudTrail(json: JsonRecord): ParsedRecord | undefined {
  const { eventVersion, eventSource, eventName } = json;
  if (typeof eventVersion !== 'string' || typeof eventSource !== 'string' || typeof eventName !== 'string') {
    return undefined;
  }
  if ('message' in json) return undefined;
  return { format: 'cloudtrail', fields: { ...json, message: `${eventName} (${eventSource})` } };
}

function looksLikeJsonObject(line: string): boolean {
  const text = line.trim();
  return text.startsWith('{') && text.endsWith('}');
}

/** Lambda and ECS messages end with the newline the app printed; CRLF from Windows-built tools too. */
function stripTrailingNewlines(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}
