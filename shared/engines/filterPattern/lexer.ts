import { FilterPatternError } from './errors.js';

/** Pieces of syntax that JSON and space-delimited patterns share: quoted strings, %regex%, comparison operators. */

export const COMPARISON_OPERATORS = ['=', '!=', '<', '>', '<=', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** What a reader consumed: the value and the index just after it. */
export interface Read<T> {
  value: T;
  end: number;
}

/** AWS's number syntax: an optional sign, digits with an optional fraction, an optional exponent. */
export const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

/** A double-quoted string from its opening quote; `\"` and `\\` are escapes, everything else is kept as written. */
export function readQuoted(text: string, start: number): Read<string> {
  let value = '';
  let at = start + 1;
  while (at < text.length && text[at] !== '"') {
    const escaped = text[at] === '\\' && (text[at + 1] === '"' || text[at + 1] === '\\');
    value += escaped ? text[at + 1] : text[at];
    at += escaped ? 2 : 1;
  }
  if (at >= text.length) throw new FilterPatternError('a quoted string is not closed with "', start);
  return { value, end: at + 1 };
}

/** `%...%` from its opening `%`: the regex source between the two signs. */
export function readRegexLiteral(text: string, start: number): Read<string> {
  const close = text.indexOf('%', start + 1);
  if (close < 0) throw new FilterPatternError('a regular expression is not closed with %', start);
  return { value: text.slice(start + 1, close), end: close + 1 };
}

/** `=`, `!=`, `<`, `<=`, `>`, `>=` at `at`, or undefined when there is none. */
export function readOperator(text: string, at: number): Read<ComparisonOperator> | undefined {
  const two = text.slice(at, at + 2);
  if (two === '!=' || two === '<=' || two === '>=') return { value: two, end: at + 2 };
  const one = text[at];
  if (one === '=' || one === '<' || one === '>') return { value: one, end: at + 1 };
  if (one === '!') throw new FilterPatternError('"!" must be followed by "=" (write != for "not equal")', at);
  return undefined;
}
