import { FilterPatternError } from './errors.js';
import { evaluateExpression } from './evaluate.js';
import { type Expression, parsePattern } from './parse.js';

export { FilterPatternError } from './errors.js';
export type { Expression, Operand } from './parse.js';
export { MAX_PATTERN_LENGTH, MAX_REGEXES_PER_PATTERN } from './parse.js';

/** A JSON filter pattern, parsed once, ready to test many lines. */
export interface FilterPattern {
  readonly source: string;
  readonly expression: Expression;
}

export type FilterPatternResult = { ok: true; pattern: FilterPattern } | { ok: false; error: FilterPatternError };

/**
 * Parses a CloudWatch Logs JSON filter pattern (`{ ($.level = "ERROR") || ($.code >= 500) }`). Never throws: a
 * pattern it cannot read comes back as an error that says what and where. Differences from AWS: RUNBOOK.md.
 */
export function parseFilterPattern(source: string): FilterPatternResult {
  try {
    return { ok: true, pattern: { source, expression: parsePattern(String(source)) } };
  } catch (error) {
    if (error instanceof FilterPatternError) return { ok: false, error };
    // A bug here must not crash a caller that only asked whether a pattern is valid.
    return { ok: false, error: new FilterPatternError(`cannot parse pattern: ${(error as Error).message}`, 0) };
  }
}

/** Like parseFilterPattern, for patterns known to be valid (constants): throws FilterPatternError otherwise. */
export function compileFilterPattern(source: string): FilterPattern {
  const result = parseFilterPattern(source);
  if (!result.ok) throw result.error;
  return result.pattern;
}

/**
 * Whether one log event's message matches. Like CloudWatch, a JSON pattern only ever matches a message that is a
 * JSON document (surrounding whitespace and the trailing newline allowed); any other line never matches.
 */
export function matchesFilterPattern(pattern: FilterPattern, message: string): boolean {
  const text = message.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return evaluateExpression(pattern.expression, value);
}

/** Whether an already-parsed JSON value matches. */
export function matchesFilterPatternValue(pattern: FilterPattern, value: unknown): boolean {
  return evaluateExpression(pattern.expression, value);
}
