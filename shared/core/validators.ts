/**
 * How a setting's text is read, one reader per kind of value, shared by every entry point: the pipeline's
 * configuration (config.ts builds its schema on these) and the app logger package, which imports this file. No
 * imports and no throwing: each answers the value or what is wrong, so the logger can warn and fall back while the
 * pipeline stops at start-up with the same words.
 */

/** Either the value read, or what is wrong with the text and how to fix it. */
export type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Log levels by the names the guide and the loggers use; WARNING and CRITICAL are Python's, SILENT/OFF write nothing. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'SILENT'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
const LEVEL_SPELLINGS: Record<string, LogLevelName> = {
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARN',
  WARNING: 'WARN',
  ERROR: 'ERROR',
  FATAL: 'FATAL',
  CRITICAL: 'FATAL',
  SILENT: 'SILENT',
  OFF: 'SILENT',
};
export const LOG_LEVEL_HELP =
  'use one of TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, FATAL (or CRITICAL), SILENT (or OFF)';

/** A log level name, any case, to its canonical name. */
export function readLogLevel(raw: string): Reading<LogLevelName> {
  const level = LEVEL_SPELLINGS[raw.trim().toUpperCase()];
  return level ? { ok: true, value: level } : { ok: false, problem: `is not a log level; ${LOG_LEVEL_HELP}` };
}

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'y', 'on', 'enabled']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'n', 'off', 'disabled']);

/** A switch: true/false, 1/0, yes/no, y/n, on/off, enabled/disabled, any case. */
export function readFlag(raw: string): Reading<boolean> {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, problem: 'is not a switch; set it to true or false' };
}

/** A whole number above zero. */
export function readPositiveInteger(raw: string): Reading<number> {
  const value = Number(raw.trim());
  return Number.isInteger(value) && value > 0
    ? { ok: true, value }
    : { ok: false, problem: 'is not a positive whole number' };
}

/** A child-id key version: v1, v2, … */
export function readKeyVersion(raw: string): Reading<string> {
  const version = raw.trim();
  return /^v\d+$/.test(version) ? { ok: true, value: version } : { ok: false, problem: 'must look like v1, v2, ...' };
}

/**
 * An http(s) URL without a trailing slash. `localhost:9200` parses as a URL whose scheme is `localhost:`, so a
 * missing scheme is named with the fix rather than failing later with "Invalid protocol".
 */
export function readHttpUrl(raw: string): Reading<string> {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `is not a URL (expected e.g. http://localhost:9200, or http://${text})` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `has no http:// or https:// scheme (did you mean http://${text}?)` };
  }
  return { ok: true, value: url.toString().replace(/\/$/, '') };
}
