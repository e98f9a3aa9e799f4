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
  let out = '';
  let copied = 0;
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      const deep = depth === 1 ? deepContainerEnd(text, i) : undefined;
      if (deep !== undefined) {
        out += text.slice(copied, i) + JSON.stringify(text.slice(i, deep));
        copied = deep;
        i = deep;
      } else {
        depth += 1;
        i += 1;
      }
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      i += 1;
    } else {
      const literal = literalAt(text, i);
      if (literal?.replacement !== undefined) {
        out += text.slice(copied, i) + literal.replacement;
        copied = i + literal.length;
      }
      i += literal?.length ?? 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
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
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return deepest >= MAX_JSON_DEPTH ? i + 1 : undefined;
    }
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
