import type { ParsedRecord } from '../../core/types.js';
import { levelOfName } from './levelNames.js';
import { parseJsonObject } from './safeJson.js';

// Plain-text lines as the common loggers write them, read for their own time and level. Only the head of the first
// line is matched; the message is the rest (`slice`), so a stack trace that follows stays whole. Every pattern is
// anchored and has no nested or overlapping quantifiers: linear in the line length.
//
//   2026-01-15 10:30:00,123 - app - WARNING - x          Python logging, `%(asctime)s - %(name)s - %(levelname)s - …`
//   2026-01-15T10:30:00.123Z warn: x                     logform `timestamp()` + `printf`
//   2026/01/15 10:30:00 x                                Go's standard `log`
//   [2026-01-15 10:30:00] ERROR x, 2026-01-15 10:30:00.123  INFO 1 --- [main] …   bracketed, Spring Boot
//   error: Payment failed {"orderId":7}                  logform `simple` (the JSON is its other fields)
//   WARNING:root:x                                       Python's `basicConfig()` default
//   TypeError: x\n    at …, Traceback (most recent call last):, java.lang.IllegalStateException: x   errors

/** `2026-01-15T10:30:00.123Z`, `2026-01-15 10:30:00,123`, `2026/01/15 10:30:00`, optionally bracketed, zone optional. */
const LEADING_TIMESTAMP =
  /^\[?(\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?: ?(?:Z|[+-]\d{2}:?\d{2}))?)\]?(?=[\s|]|$)/;
/** A Lambda request id right after the time: log4j2's `%X{AWSRequestId}` in aws-lambda-java-log4j2's pattern. */
const REQUEST_ID_COLUMN = /^ ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?= )/;
/** Python's ` - <logger> - <LEVEL> - ` after the time. */
const LOGGER_AND_LEVEL = /^ - ([^\s]+) - ([A-Za-z]+) - /;
/** A level word opening the rest: bracketed in any case, UPPER case before a space, any case before a colon. */
const LEVEL_TOKEN = /^[ \t|]*(?:\[([A-Za-z]+)\]|([A-Z]+)(?=[ \t:])|([A-Za-z]+)(?=: ))[ \t:|-]*/;
/** Python's default `LEVEL:logger:message`. */
const PYTHON_DEFAULT = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):([^:\s]+):/;
/** A line that opens with an error: JS `TypeError: x`, Java `java.lang.X: y` / `Exception in thread`, a traceback. */
const ERROR_OPENING =
  /^(?:(?:[a-z_$][\w$]*\.)*(?:[A-Z][\w$]*)?(?:Error|Exception)(?::|$|\s)|Traceback \(most recent call last\):|Exception in thread )/;
/** Where trailing fields start: the first ` {` or tab-`{`. */
const TRAILING_JSON = /[ \t]\{/;
/** Terminal colours (logform's `colorize`): rendering, not content. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC opens every terminal colour sequence.
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;

/** A plain-text line's own time, level and message, or undefined when it has none of them. */
export function parseTextLine(raw: string): ParsedRecord | undefined {
  const line = raw.includes('\u001b[') ? raw.replace(ANSI_COLOUR, '') : raw;
  const time = LEADING_TIMESTAMP.exec(line);
  let rest = time ? line.slice(time[0].length) : line;
  const requestId = time ? REQUEST_ID_COLUMN.exec(rest) : null;
  if (requestId) rest = rest.slice(requestId[0].length);
  const record = readLevelPrefix(rest, time !== null) ?? readRest(rest);
  if (requestId) record.lambda = { request_id: requestId[1] as string };
  if (time) record.runtimeTimestamp = (time[1] as string).replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3');
  else if (record.runtimeLevel === undefined) return undefined;
  return record;
}

function readLevelPrefix(rest: string, afterTime: boolean): ParsedRecord | undefined {
  if (afterTime) {
    const python = LOGGER_AND_LEVEL.exec(rest);
    if (python && levelOfName(python[2] as string)) {
      return textRecord(rest.slice(python[0].length), python[2], { logger: python[1] });
    }
  } else {
    const pythonDefault = PYTHON_DEFAULT.exec(rest);
    if (pythonDefault)
      return textRecord(rest.slice(pythonDefault[0].length), pythonDefault[1], { logger: pythonDefault[2] });
    if (ERROR_OPENING.test(rest)) return textRecord(rest, 'ERROR');
  }
  const token = LEVEL_TOKEN.exec(rest);
  const word = token && (token[1] ?? token[2] ?? token[3]);
  // Without a time before it, a bare word before a colon must be a logger's own lower-case level (`error: …`):
  // `Note: …` or `Reason: …` at the start of prose is not a level.
  if (!token || !word || !levelOfName(word) || (!afterTime && token[3] !== undefined && word !== word.toLowerCase())) {
    return undefined;
  }
  return withTrailingFields(textRecord(rest.slice(token[0].length), word));
}

/** What follows the time (and request id) when no level does: an app's JSON object (older Lambda runtimes write
 * `<time> <request id> {"level":…}`), or text. */
function readRest(rest: string): ParsedRecord {
  const text = rest.trimStart();
  const json = text.startsWith('{') ? parseJsonObject(text) : undefined;
  return json ? { format: 'text', fields: json } : { format: 'text', fields: { message: text } };
}

function textRecord(message: string, level: string | undefined, extra: Record<string, unknown> = {}): ParsedRecord {
  const record: ParsedRecord = { format: 'text', fields: { ...extra, message } };
  if (level !== undefined) record.runtimeLevel = level;
  return record;
}

/**
 * logform's `simple` appends the info's other fields as JSON (`warn: slow {"ms":1200}`), zap's console encoder after
 * a tab (`…\tslow\t{"ms": 1200}`). They become fields.
 */
function withTrailingFields(record: ParsedRecord): ParsedRecord {
  const message = record.fields.message as string;
  if (!message.endsWith('}') || message.includes('\n')) return record;
  const start = TRAILING_JSON.exec(message)?.index;
  if (start === undefined) return record;
  const fields = parseJsonObject(message.slice(start + 1));
  if (!fields) return record;
  record.fields = { ...fields, message: message.slice(0, start) };
  return record;
}
