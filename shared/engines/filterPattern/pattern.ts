import { FilterPatternError } from './errors.js';
import { evaluateExpression } from './json/evaluate.js';
import { type Expression, parseJsonPattern } from './json/parse.js';
import { MAX_PATTERN_LENGTH } from './limits.js';
import { compileCloudWatchRegex, type RegexMatcher } from './regex.js';
import { matchSpaceDelimited, parseSpaceDelimitedPattern, type SpaceDelimitedPattern } from './spaceDelimited.js';
import { matchesTerms, parseTermPattern, type TermPattern } from './terms.js';

/**
 * One CloudWatch Logs filter pattern in any of AWS's forms, parsed once, ready to test many events:
 * a term pattern (`ERROR -ARGUMENTS`), a regex (`%AUTHORIZED%`), a JSON pattern (`{ $.latency > 500 }`) or a
 * space-delimited pattern (`[ip, id, user, timestamp, request, status_code = 4*, size]`). The empty pattern and
 * `" "` match every event. Differences from AWS: RUNBOOK.md, "Filter patterns".
 */
export type FilterPattern =
  | { readonly kind: 'terms'; readonly source: string; readonly terms: TermPattern }
  | { readonly kind: 'regex'; readonly source: string; readonly regex: RegexMatcher }
  | { readonly kind: 'json'; readonly source: string; readonly expression: Expression }
  | { readonly kind: 'spaceDelimited'; readonly source: string; readonly slots: SpaceDelimitedPattern };

export type FilterPatternKind = FilterPattern['kind'];

export type FilterPatternResult = { ok: true; pattern: FilterPattern } | { ok: false; error: FilterPatternError };

/** What a matching event offers a metric filter: its JSON document, or its extracted space-delimited fields. */
export interface FilterPatternMatch {
  readonly json?: unknown;
  readonly fields?: Readonly<Record<string, string>>;
  /** Every space-delimited field in order, for `$n` references to named fields (`$7` for `size`). */
  readonly positional?: readonly string[];
}

/** Parses any filter pattern. Never throws: a pattern AWS would reject comes back as an error saying what and where. */
export function parseFilterPattern(source: string): FilterPatternResult {
  try {
    return { ok: true, pattern: parseOrThrow(String(source)) };
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

function parseOrThrow(source: string): FilterPattern {
  if (source.length > MAX_PATTERN_LENGTH) {
    throw new FilterPatternError(
      `the pattern is ${source.length} characters; CloudWatch allows at most ${MAX_PATTERN_LENGTH}`,
      MAX_PATTERN_LENGTH,
    );
  }
  const start = source.length - source.trimStart().length;
  const end = source.trimEnd().length;
  const first = source[start];
  const last = source[end - 1];
  if (first === '{') return { kind: 'json', source, expression: parseJsonPattern(source) };
  if (first === '[') {
    if (last !== ']') throw new FilterPatternError('a space-delimited pattern must end with "]"', end);
    return { kind: 'spaceDelimited', source, slots: parseSpaceDelimitedPattern(source, start, end - 1) };
  }
  if (first === '%') {
    if (last !== '%' || end - start < 2) {
      throw new FilterPatternError('a regex pattern is the whole pattern, between one % and the last %', start);
    }
    return { kind: 'regex', source, regex: compileCloudWatchRegex(source.slice(start + 1, end - 1), start) };
  }
  return { kind: 'terms', source, terms: parseTermPattern(source) };
}

/** Whether one log event's message matches. */
export function matchesFilterPattern(pattern: FilterPattern, message: string): boolean {
  return matchFilterPattern(pattern, message) !== undefined;
}

/**
 * The match, or undefined. Like CloudWatch, a JSON pattern only matches a message that is a JSON document
 * (surrounding whitespace and the trailing newline allowed); term, regex and space-delimited patterns read the text.
 */
export function matchFilterPattern(pattern: FilterPattern, message: string): FilterPatternMatch | undefined {
  switch (pattern.kind) {
    case 'terms':
      return matchesTerms(pattern.terms, message) ? {} : undefined;
    case 'regex':
      return pattern.regex.test(message) ? {} : undefined;
    case 'spaceDelimited': {
      const match = matchSpaceDelimited(pattern.slots, message);
      return match ? { fields: match.extracted, positional: match.fields } : undefined;
    }
    case 'json': {
      const json = parseJsonDocument(message);
      if (json === NOT_JSON || !evaluateExpression(pattern.expression, json)) return undefined;
      return { json };
    }
  }
}

/**
 * Whether an already-parsed document matches (drop rules run on normalised documents): a JSON pattern evaluates the
 * value; the other forms read its JSON text, the message CloudWatch would see if the document were logged.
 */
export function matchesFilterPatternValue(pattern: FilterPattern, value: unknown): boolean {
  if (pattern.kind === 'json') return evaluateExpression(pattern.expression, value);
  return matchesFilterPattern(pattern, JSON.stringify(value) ?? '');
}

const NOT_JSON = Symbol('not JSON');

/** The message as a JSON document, or NOT_JSON. */
export function parseJsonDocument(message: string): unknown {
  const text = message.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

export function isJsonDocument(message: string): boolean {
  return parseJsonDocument(message) !== NOT_JSON;
}
