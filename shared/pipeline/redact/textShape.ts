/**
 * One pass over a string's characters, to rule text rules out before their regular expressions run. Most strings
 * in logs (ids, names, short messages) can match few rules or none; telling so from character counts is much
 * cheaper than running two dozen regular expressions (or `includes` calls) over each of them.
 */

/** What one pass over a string tells about it. Reused between strings: read it only right after `measureText`. */
export interface TextShape {
  /** Bit `c & 31` of word `c >> 5` is set for every ASCII character code `c` in the string. */
  readonly ascii: Int32Array;
  /** The string has a character outside ASCII. */
  nonAscii: boolean;
  digits: number;
  colons: number;
  dots: number;
  /** Two ASCII capitals in a row somewhere (`AKIA…`, `DE89…`). */
  capitalPair: boolean;
  /** Two capitals then two digits (`GB82`), as an IBAN starts. */
  capitalsThenDigits: boolean;
  /**
   * The most digits in one chain of digits whose neighbours are at most two characters of ` -.()` apart: how long
   * a number written with separators (`4111 1111 1111 1111`, `(415) 555-2671`, `078-05-1120`) can be.
   */
  digitChain: number;
  /** Two colons with at most four hex digits between them (`::`, `fe80:0:`), as every IPv6 address has. */
  hexColonPair: boolean;
  /** Set by the rule set's key-value pre-check on first use for this string: 1 found, 0 not, -1 not asked yet. */
  keyTail: number;
  /** Set by the context-word pre-check on first use for this string: 1 found, 0 not, -1 not asked yet. */
  contextWord: number;
}

/** A condition every string a rule matches meets: false means the rule cannot match and need not run. */
export type Requirement = (shape: TextShape, text: string) => boolean;

const shape: TextShape = {
  ascii: new Int32Array(4),
  nonAscii: false,
  digits: 0,
  colons: 0,
  dots: 0,
  capitalPair: false,
  capitalsThenDigits: false,
  digitChain: 0,
  hexColonPair: false,
  keyTail: -1,
  contextWord: -1,
};

/** Separators a number may be written with: space, `-`, `.`, `(` and `)`. */
function isNumberSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 46 || code === 40 || code === 41;
}

/** Measures `text` into the shared shape and returns it. Linear in the length, no allocation. */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the redactor's per-character hot loop keeps every measure in locals in one pass; split into functions it would cost a call per character on every string of every record.
export function measureText(text: string): TextShape {
  // The ASCII bitmask in four locals (codes 0-31, 32-63, 64-95, 96-127), stored once at the end.
  let low = 0;
  let punctuation = 0;
  let upper = 0;
  let lower = 0;
  let nonAscii = false;
  let digits = 0;
  let colons = 0;
  let dots = 0;
  let capitalPair = false;
  let previousCapital = false;
  let capitalRun = 0;
  // 1 right after a digit that follows two or more capitals.
  let codeStart = 0;
  let capitalsThenDigits = false;
  let digitChain = 0;
  let chain = 0;
  // Separators since the last digit of the chain; -1 when the chain is broken.
  let gap = -1;
  let hexColonPair = false;
  // Hex digits since the last colon; -1 when there is no colon or something else came after it.
  let hexSinceColon = -1;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 96) {
      // Lower-case letters first: most of any log text.
      if (code >= 128) {
        nonAscii = true;
        hexSinceColon = -1;
      } else {
        lower |= 1 << (code & 31);
        if (hexSinceColon >= 0) hexSinceColon = code >= 97 && code <= 102 ? hexSinceColon + 1 : -1;
      }
      gap = -1;
      previousCapital = false;
      capitalRun = 0;
      codeStart = 0;
      continue;
    }
    if (code >= 64) {
      upper |= 1 << (code & 31);
      if (code >= 65 && code <= 90) {
        if (previousCapital) capitalPair = true;
        previousCapital = true;
        capitalRun += 1;
      } else {
        previousCapital = false;
        capitalRun = 0;
      }
      codeStart = 0;
      if (hexSinceColon >= 0) hexSinceColon = code >= 65 && code <= 70 ? hexSinceColon + 1 : -1;
      gap = -1;
      continue;
    }
    previousCapital = false;
    if (code >= 48 && code <= 57) {
      punctuation |= 1 << (code & 31);
      digits += 1;
      chain = gap >= 0 ? chain + 1 : 1;
      if (chain > digitChain) digitChain = chain;
      gap = 0;
      if (hexSinceColon >= 0) hexSinceColon += 1;
      if (codeStart === 1) capitalsThenDigits = true;
      codeStart = capitalRun >= 2 ? 1 : 0;
      capitalRun = 0;
      continue;
    }
    capitalRun = 0;
    codeStart = 0;
    if (gap >= 0) gap = gap < 2 && isNumberSeparator(code) ? gap + 1 : -1;
    if (code === 58) {
      colons += 1;
      if (hexSinceColon >= 0 && hexSinceColon <= 4) hexColonPair = true;
      hexSinceColon = 0;
    } else hexSinceColon = -1;
    if (code >= 32) {
      punctuation |= 1 << (code & 31);
      if (code === 46) dots += 1;
    } else low |= 1 << code;
  }
  shape.ascii[0] = low;
  shape.ascii[1] = punctuation;
  shape.ascii[2] = upper;
  shape.ascii[3] = lower;
  shape.nonAscii = nonAscii;
  shape.digits = digits;
  shape.colons = colons;
  shape.dots = dots;
  shape.capitalPair = capitalPair;
  shape.capitalsThenDigits = capitalsThenDigits;
  shape.digitChain = digitChain;
  shape.hexColonPair = hexColonPair;
  shape.keyTail = -1;
  shape.contextWord = -1;
  return shape;
}

/** True when the string has the ASCII character `code` (< 128). */
export function hasChar(shape: TextShape, code: number): boolean {
  return (shape.ascii[code >> 5] & (1 << (code & 31))) !== 0;
}

/**
 * `needles.some((needle) => text.includes(needle))`, answered from the shape where it can: a needle whose first
 * character is ASCII and absent from the string is not in it, and a one-character ASCII needle is in it exactly
 * when its bit is set. Same answer, fewer scans.
 */
export function includesAny(shape: TextShape, text: string, needles: readonly string[]): boolean {
  for (const needle of needles) {
    const first = needle.charCodeAt(0);
    if (first < 128) {
      if (!hasChar(shape, first)) continue;
      if (needle.length === 1) return true;
    }
    if (text.includes(needle)) return true;
  }
  return false;
}
