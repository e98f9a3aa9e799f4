import { FilterPatternError } from './errors.js';
import { isWhitespace, readQuoted } from './lexer.js';

/**
 * A term pattern for unstructured events: `ERROR`, `ERROR ARGUMENTS` (all terms), `?ERROR ?ARGUMENTS` (either),
 * `ERROR -ARGUMENTS` (exclude), `"INTERNAL SERVER ERROR"` (exact phrase), `" "` (every event).
 *
 * As AWS documents it ("Using filter patterns to match terms in unstructured log events"): terms are case-sensitive
 * and found anywhere in the message (`ERROR` matches "Exiting with ERRORCODE: -1"); a term with characters other than
 * letters, digits and `_` must be quoted. How `?` groups terms is AWS CDK's reading (FilterPattern.anyTermGroup
 * renders `?"ERROR" "MainThread" ?"WARN" "Deadlock"`): each `?` starts an alternative, the terms after it until the
 * next `?` belong to that alternative, and the event matches if one alternative matches.
 */
export interface TermPattern {
  readonly alternatives: readonly TermGroup[];
}

interface TermGroup {
  readonly include: string[];
  readonly exclude: string[];
}

interface Term {
  text: string;
  prefix: '' | '?' | '-';
}

const BARE_TERM = /^[A-Za-z0-9_]+$/;

export function parseTermPattern(text: string): TermPattern {
  const alternatives: TermGroup[] = [];
  let current: TermGroup | undefined;
  for (const term of readTerms(text)) {
    if (term.prefix === '?' || !current) {
      current = { include: [], exclude: [] };
      alternatives.push(current);
    }
    // A blank quoted term (`" "`) is AWS's "match everything": it constrains nothing.
    if (term.text.trim() === '') continue;
    (term.prefix === '-' ? current.exclude : current.include).push(term.text);
  }
  return { alternatives };
}

/** Whether the message has every included term and no excluded one, in at least one alternative. */
export function matchesTerms(pattern: TermPattern, message: string): boolean {
  if (pattern.alternatives.length === 0) return true;
  return pattern.alternatives.some(
    (group) =>
      group.include.every((term) => message.includes(term)) && !group.exclude.some((term) => message.includes(term)),
  );
}

function readTerms(text: string): Term[] {
  const terms: Term[] = [];
  let at = 0;
  while (at < text.length) {
    if (isWhitespace(text[at])) {
      at += 1;
      continue;
    }
    const prefix = text[at] === '?' || text[at] === '-' ? (text[at] as '?' | '-') : '';
    const start = skipWhitespace(text, at + prefix.length);
    if (start >= text.length) throw new FilterPatternError(`"${prefix}" must be followed by a term`, at);
    const term = text[start] === '"' ? readQuoted(text, start) : readBareTerm(text, start);
    terms.push({ text: term.value, prefix });
    at = term.end;
  }
  return terms;
}

function skipWhitespace(text: string, from: number): number {
  let at = from;
  while (isWhitespace(text[at])) at += 1;
  return at;
}

function readBareTerm(text: string, start: number): { value: string; end: number } {
  let end = start;
  while (end < text.length && !isWhitespace(text[end])) end += 1;
  const value = text.slice(start, end);
  if (!BARE_TERM.test(value)) {
    const bad = [...value].findIndex((char) => !/[A-Za-z0-9_]/.test(char));
    throw new FilterPatternError(
      `a term with characters other than letters, digits and _ must be quoted: "${value.replace(/["\\]/g, '\\$&')}"`,
      start + Math.max(bad, 0),
    );
  }
  return { value, end };
}
