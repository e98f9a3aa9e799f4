/**
 * What JSON.parse gets wrong for log lines, fixed in the source text before it parses:
 *   - integers beyond 2^53 (ids, snowflakes, nanosecond times) are rounded by a double: they are kept as strings of
 *     their exact digits. Node 20's JSON.parse gives a reviver no source text (that arrives in Node 22), and the
 *     libraries that parse losslessly (lossless-json, json-bigint) hand back their own number objects, which every
 *     later stage would have to know; a string of digits is what OpenSearch's flat_object stores anyway;
 *   - `NaN`, `Infinity` and `-Infinity`, which Python's json.dumps writes by default, are kept as those strings;
 *   - a field nested deeper than MAX_JSON_DEPTH is kept as its JSON text: later stages walk objects, JSON.stringify
 *     recurses (a value 10,000 deep overflows the stack and a message became `[object Object]`).
 * The rewrite runs only when a cheap look at the text says it may be needed, so ordinary lines cost nothing extra.
 */

/** Nesting kept as objects; a top-level field nested deeper is kept as its JSON text. */
export const MAX_JSON_DEPTH = 64;

/** Sixteen digits in a row: the shortest integer that can be unsafe (2^53 = 9,007,199,254,740,992). */
const LONG_DIGITS = /\d{16}/;
/** Words JSON.parse refuses but Python writes. */
const NON_FINITE_HINT = /NaN|Infinity/;
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** True when `text` may hold a big integer or nesting deeper than MAX_JSON_DEPTH: then rewrite it before parsing. */
export function needsRewrite(text: string): boolean {
  return LONG_DIGITS.test(text) || hasMoreOpeningsThan(text, MAX_JSON_DEPTH);
}

/** True when a failed parse may succeed once `NaN` / `Infinity` are made strings. */
export function mayHaveNonFinite(text: string): boolean {
  return NON_FINITE_HINT.test(text);
}

function hasMoreOpeningsThan(text: string, limit: number): boolean {
  let count = 0;
  for (const open of ['{', '[']) {
    let at = text.indexOf(open);
    while (at >= 0) {
      count += 1;
      if (count > limit) return true;
      at = text.indexOf(open, at + 1);
    }
  }
  return false;
}

/**
 * `text` with unsafe integers, NaN/Infinity and over-deep top-level fields turned into JSON strings; the same text
 * when there was nothing to change. Never throws; malformed JSON stays malformed.
 */
export function rewriteJson(text: string): string {
  const edits: Edit[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const step = scanAt(text, i, depth);
    if (step.edit) edits.push(step.edit);
    depth += step.depthChange;
    i = step.next;
  }
  if (edits.length === 0) return text;
  let out = '';
  let copied = 0;
  for (const edit of edits) {
    out += text.slice(copied, edit.start) + edit.text;
    copied = edit.end;
  }
  return out + text.slice(copied);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** What the scanner does at `i`: where it goes next, how the depth changes, and the edit to make, if any. */
function scanAt(text: string, i: number, depth: number): { next: number; depthChange: number; edit?: Edit } {
  const code = text.charCodeAt(i);
  if (code === QUOTE) return { next: endOfString(text, i), depthChange: 0 };
  const bracket = bracketDelta(code);
  if (bracket > 0 && depth === 1) {
    const deep = deepContainerEnd(text, i);
    if (deep !== undefined) {
      return { next: deep, depthChange: 0, edit: { start: i, end: deep, text: JSON.stringify(text.slice(i, deep)) } };
    }
  }
  if (bracket !== 0) return { next: i + 1, depthChange: bracket };
  const literal = literalAt(text, i);
  if (literal === undefined) return { next: i + 1, depthChange: 0 };
  const next = i + literal.length;
  if (literal.replacement === undefined) return { next, depthChange: 0 };
  return { next, depthChange: 0, edit: { start: i, end: next, text: literal.replacement } };
}

/** +1 for `{` or `[`, -1 for `}` or `]`, else 0. */
function bracketDelta(code: number): number {
  if (code === OPEN_BRACE || code === OPEN_BRACKET) return 1;
  if (code === CLOSE_BRACE || code === CLOSE_BRACKET) return -1;
  return 0;
}

/** The index just past the string that opens at `start` (or the end of the text, when it never closes). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) i += 2;
    else if (code === QUOTE) return i + 1;
    else i += 1;
  }
  return text.length;
}

/** The end (exclusive) of the container at `start` when it nests deeper than allowed; undefined when it does not. */
function deepContainerEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let deepest = 0;
  let i = start;
  while (i < text.length) {
    if (text.charCodeAt(i) === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    depth += bracketDelta(text.charCodeAt(i));
    deepest = Math.max(deepest, depth);
    if (depth === 0) return deepest >= MAX_JSON_DEPTH ? i + 1 : undefined;
    i += 1;
  }
  return undefined;
}

/** A number or NaN/Infinity literal at `i`: its length, and the string that replaces it when it must be kept. */
function literalAt(text: string, i: number): { length: number; replacement?: string } | undefined {
  for (const word of NON_FINITE) {
    if (text.startsWith(word, i)) return { length: word.length, replacement: `"${word}"` };
  }
  NUMBER_TOKEN.lastIndex = i;
  const token = NUMBER_TOKEN.exec(text)?.[0];
  if (token === undefined) return undefined;
  const integer = !/[.eE]/.test(token);
  if (integer && token.length >= 16 && !Number.isSafeInteger(Number(token))) {
    return { length: token.length, replacement: `"${token}"` };
  }
  return { length: token.length };
}
