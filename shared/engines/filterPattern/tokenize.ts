import { FilterPatternError } from './errors.js';

/**
 * Tokens of a CloudWatch Logs JSON filter pattern, e.g. `{ ($.level = "ERROR") || ($.code >= 500) }`.
 * Strings keep their raw text (with `*` wildcards); numbers are parsed; `%...%` is a regex.
 */
export type Token =
  | { kind: 'punct'; value: '{' | '}' | '(' | ')' | '&&' | '||'; at: number }
  | { kind: 'op'; value: ComparisonOperator; at: number }
  | { kind: 'selector'; path: PathStep[]; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; at: number }
  | { kind: 'regex'; source: string; at: number }
  | { kind: 'word'; value: string; at: number };

export const COMPARISON_OPERATORS = ['=', '!=', '<', '>', '<=', '>='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** One step of a selector: a property name (`.level`) or an array index (`[0]`). */
export type PathStep = string | number;

// A selector's property names and bare values run until a character that means something in the syntax.
const SYNTAX = new Set([...' \t\r\n{}()[].=!<>&|"%']);
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Splits a pattern into tokens; throws FilterPatternError with the position of the first thing it cannot read. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      at += 1;
    } else if (char === '{' || char === '}' || char === '(' || char === ')') {
      tokens.push({ kind: 'punct', value: char, at });
      at += 1;
    } else if (text.startsWith('&&', at) || text.startsWith('||', at)) {
      tokens.push({ kind: 'punct', value: text.slice(at, at + 2) as '&&' | '||', at });
      at += 2;
    } else if (char === '!' || char === '<' || char === '>' || char === '=') {
      const two = text.slice(at, at + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', value: two, at });
        at += 2;
      } else if (char === '!') {
        throw new FilterPatternError(`"!" must be followed by "=" (use != for "not equal")`, at);
      } else {
        tokens.push({ kind: 'op', value: char, at });
        at += 1;
      }
    } else if (char === '$') {
      at = readSelector(text, at, tokens);
    } else if (char === '"') {
      at = readString(text, at, tokens);
    } else if (char === '%') {
      const end = text.indexOf('%', at + 1);
      if (end < 0) throw new FilterPatternError('regular expression is not closed with %', at);
      tokens.push({ kind: 'regex', source: text.slice(at + 1, end), at });
      at = end + 1;
    } else if (char === '[' || char === ']' || char === '.' || char === '&' || char === '|') {
      throw new FilterPatternError(`unexpected "${char}"`, at);
    } else {
      const start = at;
      // A bare value may contain dots and wildcards (`123.123.*`): read through them.
      while (at < text.length && (text[at] === '.' || !SYNTAX.has(text[at]))) at += 1;
      const word = text.slice(start, at);
      if (NUMBER.test(word)) tokens.push({ kind: 'number', value: Number(word), at: start });
      else tokens.push({ kind: 'word', value: word, at: start });
    }
  }
  return tokens;
}

/** `$`, then `.name` and `[index]` steps. */
function readSelector(text: string, start: number, tokens: Token[]): number {
  const path: PathStep[] = [];
  let at = start + 1;
  while (at < text.length) {
    if (text[at] === '.') {
      const nameStart = at + 1;
      at = nameStart;
      while (at < text.length && !SYNTAX.has(text[at]) && text[at] !== '[') at += 1;
      if (at === nameStart) throw new FilterPatternError('a "." in a selector must be followed by a property name', at);
      path.push(text.slice(nameStart, at));
    } else if (text[at] === '[') {
      const close = text.indexOf(']', at);
      const index = close < 0 ? '' : text.slice(at + 1, close);
      if (!/^\d{1,9}$/.test(index))
        throw new FilterPatternError('an array index must be a number in brackets, e.g. [0]', at);
      path.push(Number(index));
      at = close + 1;
    } else {
      break;
    }
  }
  if (path.length === 0) throw new FilterPatternError('a selector needs a property, e.g. $.level', start);
  tokens.push({ kind: 'selector', path, text: text.slice(start, at), at: start });
  return at;
}

/** A double-quoted string; `\"` and `\\` are escapes, every other character (including `*`) is kept as written. */
function readString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  let at = start + 1;
  while (at < text.length && text[at] !== '"') {
    if (text[at] === '\\' && (text[at + 1] === '"' || text[at + 1] === '\\')) {
      value += text[at + 1];
      at += 2;
    } else {
      value += text[at];
      at += 1;
    }
  }
  if (at >= text.length) throw new FilterPatternError('string is not closed with "', start);
  tokens.push({ kind: 'string', value, at: start });
  return at + 1;
}
