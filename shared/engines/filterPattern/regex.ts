import { FilterPatternError } from './errors.js';
import { MAX_REGEX_REPEAT, MAX_REGEX_STATES } from './limits.js';

/**
 * CloudWatch Logs' regular expressions (`%...%`): the subset AWS documents, matched in time linear in the text.
 *
 * AWS allows alphanumerics, the symbols `_ # = @ / ; , - :` and space, and the operators `^ $ ? [ ] { } | \ * + .`;
 * no parentheses (so no sub-patterns and no nested quantifiers) and no multi-byte characters. Without groups a regex
 * is a list of alternatives, each a sequence of single-character atoms with a quantifier, optionally anchored with `^`
 * and `$`. That is compiled here into a small automaton and simulated state-set by state-set (Thompson's
 * construction), so no input can make it backtrack: time is O(text length x states), states bounded by
 * MAX_REGEX_STATES. Like AWS, a regex matches anywhere in the value unless anchored.
 */
export interface RegexMatcher {
  readonly source: string;
  test(text: string): boolean;
}

type CharTest = (code: number) => boolean;

/** One position of the automaton: a character test, skippable (`?`, `*`, optional copies of `{n,m}`), looping (`*`). */
interface State {
  readonly test: CharTest;
  readonly optional: boolean;
  readonly loops: boolean;
}

interface Alternative {
  readonly states: readonly State[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

// The characters AWS accepts inside %regex% (its documented symbols and operators, plus space).
const ALLOWED = /^[A-Za-z0-9_#=@/;,\-: ^$?[\]{}|\\*+.]$/;
const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

const isDigit: CharTest = (c) => c >= 48 && c <= 57;
const isWord: CharTest = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: CharTest = (c) => c === 32 || (c >= 9 && c <= 13);
const isAny: CharTest = (c) => c !== 10 && c !== 13;

const SHORTHANDS: Record<string, CharTest> = {
  d: isDigit,
  w: isWord,
  s: isSpace,
  D: (c) => !isDigit(c),
  W: (c) => !isWord(c),
  S: (c) => !isSpace(c),
};

/**
 * Validates `source` against AWS's subset and compiles it. `at` is the position of the opening `%` in the whole
 * pattern, so errors point at the offending character there.
 */
export function compileCloudWatchRegex(source: string, at: number): RegexMatcher {
  checkCharacters(source, at);
  if (source.length === 0) throw new FilterPatternError('a regular expression between % and % must not be empty', at);
  const alternatives = new RegexParser(source, at + 1).parse();
  return { source, test: (text) => alternatives.some((alternative) => matchesAlternative(alternative, text)) };
}

function checkCharacters(source: string, at: number): void {
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (ALLOWED.test(char)) continue;
    if (char === '(' || char === ')') {
      throw new FilterPatternError(
        'parentheses are not supported in a CloudWatch regular expression (no sub-patterns)',
        at + 1 + index,
      );
    }
    const what = char.charCodeAt(0) > 127 ? 'multi-byte characters are' : `"${char}" is`;
    throw new FilterPatternError(`${what} not allowed in a CloudWatch regular expression`, at + 1 + index);
  }
}

class RegexParser {
  private index = 0;
  private stateCount = 0;

  constructor(
    private readonly source: string,
    private readonly offset: number,
  ) {}

  parse(): Alternative[] {
    const alternatives = [this.parseAlternative()];
    while (this.source[this.index] === '|') {
      this.index += 1;
      alternatives.push(this.parseAlternative());
    }
    return alternatives;
  }

  private fail(message: string, index = this.index): never {
    throw new FilterPatternError(message, this.offset + index);
  }

  private parseAlternative(): Alternative {
    const anchoredStart = this.source[this.index] === '^';
    if (anchoredStart) this.index += 1;
    const states: State[] = [];
    let anchoredEnd = false;
    while (this.index < this.source.length && this.source[this.index] !== '|') {
      if (this.source[this.index] === '$') {
        anchoredEnd = true;
        this.index += 1;
        if (this.index < this.source.length && this.source[this.index] !== '|') {
          this.fail('"$" is supported only at the end of the expression or before "|"', this.index - 1);
        }
        break;
      }
      states.push(...this.parseQuantified());
    }
    return { states, anchoredStart, anchoredEnd };
  }

  private parseQuantified(): State[] {
    const start = this.index;
    const test = this.parseAtom();
    const [min, max] = this.parseQuantifier();
    const after = this.source[this.index];
    if (after !== undefined && '*+?{'.includes(after)) this.fail('a quantifier cannot follow another quantifier');
    const copies = max === Number.POSITIVE_INFINITY ? min + 1 : max;
    this.stateCount += copies;
    if (this.stateCount > MAX_REGEX_STATES) this.fail('the regular expression is too large', start);
    const states: State[] = [];
    for (let copy = 0; copy < min; copy += 1) states.push({ test, optional: false, loops: false });
    if (max === Number.POSITIVE_INFINITY) states.push({ test, optional: true, loops: true });
    for (let copy = min; copy < max && max !== Number.POSITIVE_INFINITY; copy += 1) {
      states.push({ test, optional: true, loops: false });
    }
    return states;
  }

  /** `*` `+` `?` `{n}` `{n,}` `{n,m}` after an atom; none means exactly once. */
  private parseQuantifier(): [number, number] {
    const char = this.source[this.index];
    if (char === '*' || char === '+' || char === '?') {
      this.index += 1;
      if (char === '*') return [0, Number.POSITIVE_INFINITY];
      return char === '+' ? [1, Number.POSITIVE_INFINITY] : [0, 1];
    }
    if (char !== '{') return [1, 1];
    const found = QUANTIFIER.exec(this.source.slice(this.index));
    if (!found) this.fail('"{" must start a repetition such as {2}, {2,} or {2,5} (write \\{ for a literal brace)');
    const min = Number(found[1]);
    const max = found[2] === undefined ? min : found[3] === '' ? Number.POSITIVE_INFINITY : Number(found[3]);
    if (min > max) this.fail(`the repetition {${min},${max}} has its numbers out of order`);
    if (min > MAX_REGEX_REPEAT || (max !== Number.POSITIVE_INFINITY && max > MAX_REGEX_REPEAT)) {
      this.fail(`a repetition count above ${MAX_REGEX_REPEAT} is not supported`);
    }
    this.index += found[0].length;
    return [min, max];
  }

  private parseAtom(): CharTest {
    const char = this.source[this.index];
    if (char === '*' || char === '+' || char === '?' || char === '{') this.fail(`"${char}" has nothing to repeat`);
    if (char === '^') this.fail('"^" is supported only at the start of the expression or after "|"');
    this.index += 1;
    if (char === '.') return isAny;
    if (char === '[') return this.parseClass();
    if (char === '\\') return this.parseEscape();
    const code = char.charCodeAt(0);
    return (c) => c === code;
  }

  /** After a backslash: \d \w \s and their negations, or any non-alphanumeric character taken literally. */
  private parseEscape(): CharTest {
    const char = this.source[this.index];
    if (char === undefined) this.fail('a regular expression cannot end with "\\"', this.index - 1);
    this.index += 1;
    const shorthand = SHORTHANDS[char];
    if (shorthand) return shorthand;
    if (/[A-Za-z0-9]/.test(char))
      this.fail(`"\\${char}" is not supported; use \\d \\w \\s or a literal`, this.index - 2);
    const code = char.charCodeAt(0);
    return (c) => c === code;
  }

  /** `[...]` after its `[`: characters, ranges `a-z`, escapes, `^` to negate. */
  private parseClass(): CharTest {
    const open = this.index - 1;
    const negated = this.source[this.index] === '^';
    if (negated) this.index += 1;
    const members: CharTest[] = [];
    while (this.source[this.index] !== ']' || members.length === 0) {
      if (this.index >= this.source.length) this.fail('"[" is not closed with "]"', open);
      members.push(this.parseClassMember());
    }
    this.index += 1;
    return (c) => members.some((member) => member(c)) !== negated;
  }

  private parseClassMember(): CharTest {
    const first = this.parseClassChar();
    if (typeof first === 'function') return first;
    if (
      this.source[this.index] !== '-' ||
      this.source[this.index + 1] === ']' ||
      this.index + 1 >= this.source.length
    ) {
      return (c) => c === first;
    }
    this.index += 1;
    const last = this.parseClassChar();
    if (typeof last === 'function') this.fail('a range in [...] must end with a single character', this.index - 1);
    if (last < first) this.fail('a range in [...] has its ends out of order', this.index - 1);
    return (c) => c >= first && c <= last;
  }

  private parseClassChar(): number | CharTest {
    const char = this.source[this.index];
    this.index += 1;
    if (char !== '\\') return char.charCodeAt(0);
    return this.parseEscape();
  }
}

/**
 * Simulates one alternative over `text` with all live states at once, so each character is read once: time is
 * O(text length x states). `live` holds the states reachable before the current character; `stamps` marks the states
 * already added for the current step (a step number instead of clearing an array every character).
 */
function matchesAlternative(alternative: Alternative, text: string): boolean {
  const { states, anchoredStart, anchoredEnd } = alternative;
  const accept = states.length;
  const stamps = new Uint32Array(accept + 1);
  let live = closure([], stamps, 1, 0, states);
  for (let index = 0; index < text.length; index += 1) {
    if (!anchoredEnd && live.includes(accept)) return true;
    live = advance(live, text.charCodeAt(index), states, stamps, index + 2, !anchoredStart);
    if (live.length === 0) return false;
  }
  return live.includes(accept);
}

/** The states reachable after reading `code`; `restart` starts a new match here (an unanchored search). */
function advance(
  live: readonly number[],
  code: number,
  states: readonly State[],
  stamps: Uint32Array,
  step: number,
  restart: boolean,
): number[] {
  const next: number[] = [];
  for (const state of live) {
    if (state < states.length && states[state].test(code)) {
      closure(next, stamps, step, states[state].loops ? state : state + 1, states);
    }
  }
  if (restart) closure(next, stamps, step, 0, states);
  return next;
}

/**
 * Adds `from` and every state reachable from it by skipping optional states. A state already added in this step has
 * had its own closure added then, so the walk stops there: each state is visited once per character.
 */
function closure(into: number[], stamps: Uint32Array, step: number, from: number, states: readonly State[]): number[] {
  for (let state = from; state <= states.length && stamps[state] !== step; state += 1) {
    stamps[state] = step;
    into.push(state);
    if (state === states.length || !states[state].optional) break;
  }
  return into;
}
