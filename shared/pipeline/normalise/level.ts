import { LEVELS, type Level } from '../../core/types.js';
import { levelOfName } from '../parse/index.js';

/** Plain integers like "30", so pino levels that went through a string still map. */
const DIGITS = /^\d{1,6}$/;

/**
 * A level as a logger wrote it to the document's level, or undefined when it is not recognisable.
 * Names are case-insensitive; numbers are pino/bunyan's (10 trace, 20 debug, 30 info, 40 warn, 50 error,
 * 60 fatal), a custom level in between taking the standard level at or below it.
 */
export function toLevel(value: unknown): Level | undefined {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (DIGITS.test(text)) return fromNumber(Number(text));
  return levelOfName(text);
}

/** A level only when `value` is a level NAME: for fields such as `status` that hold other things too (200, "ok"). */
export function toLevelName(value: unknown): Level | undefined {
  return typeof value === 'string' ? levelOfName(value.trim()) : undefined;
}

/** Python's `levelno` (10 DEBUG, 20 INFO, 30 WARNING, 40 ERROR, 50 CRITICAL): one step below pino's numbers. */
export function toPythonLevel(value: unknown): Level | undefined {
  const number = typeof value === 'string' && DIGITS.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) return undefined;
  if (number < 10) return 'TRACE';
  return fromNumber(number + 10);
}

/** OpenTelemetry's SeverityNumber: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN, 17–20 ERROR, 21–24 FATAL. */
export function toOtelSeverity(value: unknown): Level | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 24) return undefined;
  return LEVELS[Math.floor((value - 1) / 4)];
}

function fromNumber(value: number): Level | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (value < 20) return 'TRACE';
  if (value < 30) return 'DEBUG';
  if (value < 40) return 'INFO';
  if (value < 50) return 'WARN';
  if (value < 60) return 'ERROR';
  return 'FATAL';
}

// A level word in free text: an upper-case word (`ERROR`, `WARN`), or any case when bracketed or keyed
// (`[error]`, `level=warn`, `level: info`). Lower-case prose ("no error found") does not count. Only the start of the
// first line is searched: that is where loggers put the level, and it bounds the work on a huge line.
const UPPER_LEVEL_WORD = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL|SEVERE|PANIC)\b/;
const MARKED_LEVEL_WORD =
  /\[(trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit)\]|\blevel[=:] ?"?(trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit)\b/i;
const SEARCH_PREFIX = 256;

/** The level a plain-text line announces, if any; the first one wins. */
export function findLevelWord(text: string): Level | undefined {
  const newline = text.indexOf('\n');
  const head = text.slice(0, Math.min(newline < 0 ? text.length : newline, SEARCH_PREFIX));
  const upper = UPPER_LEVEL_WORD.exec(head);
  const marked = MARKED_LEVEL_WORD.exec(head);
  if (upper && (!marked || upper.index <= marked.index)) return toLevel(upper[1]);
  if (marked) return toLevel(marked[1] ?? marked[2]);
  return undefined;
}
