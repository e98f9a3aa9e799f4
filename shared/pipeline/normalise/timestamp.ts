import { MAX_DATE_MS } from '../../core/dates.js';

// ISO 8601 / RFC 3339 as loggers write it: `2024-01-15T10:30:00.123Z`, `2024-01-15T10:30:00+02:00`,
// `2024-01-15 10:30:00,123` (Python). A time without a zone is taken as UTC: Lambda and ECS run in UTC, and
// reading it in the machine's zone would make the result depend on where the pipeline runs.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)? ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// Other textual dates are accepted only with an explicit zone (`Mon, 15 Jan 2024 10:30:00 GMT`), for the same reason.
const EXPLICIT_ZONE = /(?:\bGMT|\bUTC|[+-]\d{4})$/;
const EPOCH_NUMBER = /^\d{1,20}(?:\.\d{1,9})?$/;
const MIN_EPOCH_SECONDS = 1e9;

/**
 * A timestamp as an app wrote it to epoch milliseconds, or undefined when it cannot be read.
 * Accepts ISO strings (with or without zone), epoch numbers in seconds, milliseconds, microseconds or nanoseconds
 * (told apart by magnitude; numbers before 2001 are not taken as timestamps), and numeric strings of those.
 */
export function toEpochMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return fromEpochNumber(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  if (EPOCH_NUMBER.test(text)) return fromEpochNumber(Number(text));
  const iso = ISO.exec(text);
  if (iso) return fromIso(iso);
  if (EXPLICIT_ZONE.test(text)) return inRange(Date.parse(text));
  return undefined;
}

// Already the document's form (`2026-01-15T10:30:00.123Z`, what pino's isoTime, bunyan, Powertools and the Lambda
// runtimes write): checked and kept as it is, sparing a parse and a format on the hot path.
const CANONICAL_UTC = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A timestamp as an app wrote it to the document's ISO 8601 UTC form (`…T10:30:00.123Z`), or undefined when it
 * cannot be read. Accepts what {@link toEpochMillis} accepts.
 */
export function toIsoTimestamp(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length === 24) {
    const canonical = CANONICAL_UTC.exec(value);
    if (canonical && isRealDay(Number(canonical[1]), Number(canonical[2]), Number(canonical[3]))) return value;
  }
  const millis = toEpochMillis(value);
  return millis === undefined ? undefined : formatTimestamp(millis);
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > (DAYS_IN_MONTH[month] as number)) return false;
  return month !== 2 || day < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}

/** log4j2 JsonLayout's `{"epochSecond":1705314600,"nanoOfSecond":123000000}` to the document's ISO form. */
export function fromJavaInstant(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { epochSecond, nanoOfSecond = 0 } = value as { epochSecond?: unknown; nanoOfSecond?: unknown };
  if (typeof epochSecond !== 'number' || typeof nanoOfSecond !== 'number') return undefined;
  const millis = inRange(epochSecond * 1000 + Math.floor(nanoOfSecond / 1e6));
  return millis === undefined ? undefined : formatTimestamp(millis);
}

/** ISO 8601 UTC text of epoch milliseconds that {@link toEpochMillis} produced. */
export function formatTimestamp(millis: number): string {
  return new Date(millis).toISOString();
}

function fromEpochNumber(value: number): number | undefined {
  // Below 1e9 (2001-09-09 in seconds) a number is far more likely a duration or a counter an app called `time`
  // than a timestamp; it stays in metadata and the next source of time is used.
  if (!Number.isFinite(value) || value < MIN_EPOCH_SECONDS) return undefined;
  if (value < 1e11) return inRange(value * 1000);
  if (value < 1e14) return inRange(value);
  if (value < 1e17) return inRange(value / 1e3);
  return inRange(value / 1e6);
}

function fromIso(match: RegExpExecArray): number | undefined {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  // Date.UTC reads years 0..99 as 1900..1999; setting the year afterwards keeps `0050` as year 50.
  date.setUTCFullYear(y);
  const utc = date.getTime();
  // Date.UTC rolls 31 February over into March; such a date was never valid.
  if (new Date(utc).getUTCDate() !== d) return undefined;
  return inRange(utc - zoneOffsetMillis(zone));
}

function zoneOffsetMillis(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function inRange(millis: number): number | undefined {
  return Number.isFinite(millis) && Math.abs(millis) <= MAX_DATE_MS ? Math.round(millis) : undefined;
}
