/** Names and limits the logger shares between its modules. Computed once, at module load. */

/** pino's level methods, lowest first. */
export const LEVEL_METHODS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LevelMethod = (typeof LEVEL_METHODS)[number];

/** The level names written on each line: the document contract's upper-case names. */
export const LEVEL_LABELS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** pino's numeric value of each level, so a disabled call returns before any work. */
export const LEVEL_VALUES: Record<LevelMethod | 'silent', number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/** The header the correlation id travels in, in and out. HTTP header names are case-insensitive. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Child safety actions that raise the event to WARN: something was stopped or needs a human. */
export const ALERTING_ACTIONS: ReadonlySet<string> = new Set(['blocked', 'flagged']);

/**
 * What `LOG_MAX_QUEUE_SIZE` (counted in lines, as in the guide) becomes in bytes for sonic-boom's `maxLength`,
 * which bounds its buffer in bytes: 2 KiB is above a typical structured line, so the bound is never tighter than
 * the number of lines the guide meant.
 */
export const ASSUMED_LINE_BYTES = 2048;

/** Replacement for a child id the logger cannot hash because no key is configured. */
export const UNHASHED_CHILD_ID = '[REDACTED:child_id]';
