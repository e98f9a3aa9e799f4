/**
 * Dependency-free readers of environment values, each answering the value or a problem (never throwing), so the
 * logger can warn and fall back instead of stopping the host app. They accept what the pipeline's configuration
 * (shared/core/config.ts) accepts for the same variable, so one value means the same on both sides.
 */
import { LEVEL_ALIASES, type LevelMethod } from './constants.js';

/** Either the value read, or what is wrong with the text and how to fix it. */
export type Reading<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The words zod's `stringbool()` (the pipeline's flag type) takes for true and false, case-insensitive. */
const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on', 'y', 'enabled']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'off', 'n', 'disabled']);

export const LEVEL_HELP = 'use one of TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, FATAL (or CRITICAL), SILENT';

/** A log level name, case-insensitive, with the guide's Python names (WARNING, CRITICAL). */
export function readLevel(raw: string): Reading<LevelMethod | 'silent'> {
  const level = LEVEL_ALIASES[raw.trim().toUpperCase()];
  return level === undefined ? { ok: false, problem: `is not a level; ${LEVEL_HELP}` } : { ok: true, value: level };
}

/** A boolean flag: true/false, 1/0, yes/no, on/off, y/n, enabled/disabled, any case. */
export function readFlag(raw: string): Reading<boolean> {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, problem: 'is not a boolean; set it to true or false' };
}

/** A whole number above zero. */
export function readPositiveInteger(raw: string): Reading<number> {
  const value = Number(raw.trim());
  if (Number.isInteger(value) && value > 0) return { ok: true, value };
  return { ok: false, problem: 'is not a positive whole number' };
}

/** A child-id key version as the pipeline names them: v1, v2, … */
export function readKeyVersion(raw: string): Reading<string> {
  const version = raw.trim();
  return /^v\d+$/.test(version) ? { ok: true, value: version } : { ok: false, problem: 'must look like v1, v2, ...' };
}
