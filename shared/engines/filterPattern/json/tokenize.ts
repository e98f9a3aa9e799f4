import { FilterPatternError } from '../errors.js';
import {
  type ComparisonOperator,
  isWhitespace,
  NUMBER,
  type Read,
  readOperator,
  readQuoted,
  readRegexLiteral,
} from '../lexer.js';

/**
 * Tokens of a CloudWatch Logs JSON filter pattern, e.g. `{ ($.level = "ERROR") || ($.code >= 500) }`.
 * Quoted strings keep their text (with `*` wildcards); bare numbers are parsed; `%...%` is a regex.
 */
export type Token =
  | { kind: 'punct'; value: '{' | '}' | '(' | ')' | '&&' | '||'; at: number }
  | { kind: 'op'; value: ComparisonOperator; at: number }
  | { kind: 'selector'; path: PathStep[]; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'regex'; source: string; at: number }
  | { kind: 'word'; value: string; at: number };

/** One step of a selector: a property name (`.level`) or an array index (`[0]`). */
export type PathStep = string | number;

// A selector's property names and bare values run until a character that means something in the syntax.
const SYNTAX = new Set([...' \t\r\n{}()[].=!<>&|"%']);
const PUNCTUATION = new Set(['{', '}', '(', ')']);
// AWS: "Strings that consist entirely of alphanumeric characters do not need to be quoted. Strings that have unicode
// and other characters such as '@,' '$,' '\,' etc. must be enclosed in double quotes"; its own examples leave `.` and
// `*` unquoted (`123.123.*`), and numbers carry `+`, `-` and `e`.
const BARE_VALUE = /^[A-Za-z0-9_.*+-]+$/;

/** Splits a pattern into tokens; throws FilterPatternError with the position of the first thing it cannot read. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    if (isWhitespace(text[at])) {
      at += 1;
      continue;
    }
    const read = readToken(text, at);
    tokens.push(read.value);
    at = read.end;
  }
  return tokens;
}

function readToken(text: string, at: number): Read<Token> {
  const char = text[at];
  if (PUNCTUATION.has(char)) return { value: { kind: 'punct', value: char as '{', at }, end: at + 1 };
  const pair = text.slice(at, at + 2);
  if (pair === '&&' || pair === '||') return { value: { kind: 'punct', value: pair, at }, end: at + 2 };
  const operator = readOperator(text, at);
  if (operator) return { value: { kind: 'op', value: operator.value, at }, end: operator.end };
  if (char === '$') return readSelector(text, at);
  if (char === '"') {
    const quoted = readQuoted(text, at);
    return { value: { kind: 'string', value: quoted.value, at }, end: quoted.end };
  }
  if (char === '%') {
    const regex = readRegexLiteral(text, at);
    return { value: { kind: 'regex', source: regex.value, at }, end: regex.end };
  }
  if (SYNTAX.has(char) && char !== '.') throw new FilterPatternError(`unexpected "${char}"`, at);
  return readWord(text, at);
}

/** A bare value; it may contain dots and wildcards (`123.123.*`). */
function readWord(text: string, start: number): Read<Token> {
  let at = start;
  while (at < text.length && (text[at] === '.' || !SYNTAX.has(text[at]))) at += 1;
  const word = text.slice(start, at);
  if (!BARE_VALUE.test(word)) {
    throw new FilterPatternError(
      `a value with characters other than letters, digits and _ . * - + must be quoted: "${word.replace(/["\\]/g, '\\$&')}"`,
      start,
    );
  }
  const value: Token = NUMBER.test(word)
    ? { kind: 'number', value: Number(word), text: word, at: start }
    : { kind: 'word', value: word, at: start };
  return { value, end: at };
}

/** `$`, then `.name` and `[index]` steps. */
function readSelector(text: string, start: number): Read<Token> {
  const path: PathStep[] = [];
  let at = start + 1;
  while (text[at] === '.' || text[at] === '[') {
    const step = text[at] === '.' ? readProperty(text, at) : readIndex(text, at);
    path.push(step.value);
    at = step.end;
  }
  if (path.length === 0) throw new FilterPatternError('a selector needs a property, e.g. $.level', start);
  return { value: { kind: 'selector', path, text: text.slice(start, at), at: start }, end: at };
}

function readProperty(text: string, dot: number): Read<string> {
  let at = dot + 1;
  while (at < text.length && !SYNTAX.has(text[at])) at += 1;
  if (at === dot + 1) throw new FilterPatternError('a "." in a selector must be followed by a property name', at);
  return { value: text.slice(dot + 1, at), end: at };
}

function readIndex(text: string, open: number): Read<number> {
  const close = text.indexOf(']', open);
  const index = close < 0 ? '' : text.slice(open + 1, close);
  if (!/^\d{1,9}$/.test(index))
    throw new FilterPatternError('an array index must be a number in brackets, e.g. [0]', open);
  return { value: Number(index), end: close + 1 };
}
