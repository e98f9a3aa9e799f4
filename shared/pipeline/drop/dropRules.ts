import { ConfigError } from '../../core/errors.js';
import type { LogDocument } from '../../core/types.js';
import { matchesFilterPatternValue, parseFilterPattern } from '../../engines/filterPattern/index.js';

/** Decides whether a document is dropped on purpose (counted as filtered); undefined means keep it. */
export type DropRule = (document: LogDocument) => string | undefined;

/**
 * Explicit drop rules: CloudWatch Logs JSON filter patterns (the syntax of the stack's metric filters, checked offline
 * by `teddy-logs test-filter`) evaluated on the normalised document, before redaction, e.g.
 * `{ $.level = "DEBUG" }` or `{ $.lambda.platform_event = "START" || $.lambda.platform_event = "END" }`.
 * A dropped document is counted as filtered, never silently lost. Compiled once; a bad pattern is a ConfigError.
 */
export function compileDropRules(patterns: readonly string[]): DropRule | undefined {
  if (patterns.length === 0) return undefined;
  const compiled = patterns.map((source) => {
    const result = parseFilterPattern(source);
    if (!result.ok) throw new ConfigError(`drop rule ${JSON.stringify(source)}: ${result.error.message}`, result.error);
    return result.pattern;
  });
  return (document) => compiled.find((pattern) => matchesFilterPatternValue(pattern, document))?.source;
}

/** The drop rules of DROP_FILTER_PATTERNS: a JSON array of filter patterns. */
export function parseDropPatterns(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new ConfigError(
      'DROP_FILTER_PATTERNS must be a JSON array of filter patterns, e.g. ["{ $.level = \\"DEBUG\\" }"]',
      error,
    );
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) {
    throw new ConfigError('DROP_FILTER_PATTERNS must be a JSON array of strings (filter patterns)');
  }
  return parsed;
}
