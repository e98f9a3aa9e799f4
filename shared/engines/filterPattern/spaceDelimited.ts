import { FilterPatternError } from './errors.js';
import { compareNumbers } from './json/evaluate.js';
import { type ComparisonOperator, isWhitespace, NUMBER, readOperator, readQuoted, readRegexLiteral } from './lexer.js';
import { MAX_REGEXES_PER_PATTERN } from './limits.js';
import { compileCloudWatchRegex } from './regex.js';
import { compileWildcard, type TextMatcher } from './wildcard.js';

/**
 * A space-delimited pattern: `[ip, user, username, timestamp, request = *.html*, status_code = 4*, bytes > 1000]`.
 *
 * As AWS documents it ("Using filter patterns to match terms in space-delimited log events"): the event is split at
 * spaces, except that text between `[` and `]` or between double quotes is one field (without the brackets or
 * quotes); the pattern names the fields in order and must account for every one of them, `...` standing for any
 * number of fields (at most one `...`, as AWS CDK enforces). A field may carry conditions joined with `&&` and `||`:
 * `=` / `!=` with text (leading / trailing `*` wildcards), a number or a %regex%, and `<` `<=` `>` `>=` with numbers.
 * A field's conditions all test that field's value (the doc writes `[w1=ERROR || W1=WARNING, w2]`). Extracted
 * values are named `$name`, or `$n` (1-based position) for an unnamed field or one that `...` covers.
 */
export interface SpaceDelimitedPattern {
  readonly before: readonly Slot[];
  /** Slots after `...`; undefined when the pattern has no `...` (the event must then have exactly `before.length` fields). */
  readonly after: readonly Slot[] | undefined;
}

interface Slot {
  readonly name: string | undefined;
  readonly condition: Condition | undefined;
}

type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'compare'; operator: ComparisonOperator; number: number | undefined; matches: TextMatcher };

const FIELD_NAME = /^[A-Za-z0-9_-]+/;
const ELLIPSIS = '...';
const ENCLOSERS: Record<string, string> = { '[': ']', '"': '"' };

export function parseSpaceDelimitedPattern(text: string, open: number, close: number): SpaceDelimitedPattern {
  return new SlotParser(text, open + 1, close).parse();
}

class SlotParser {
  private at: number;
  private regexes = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.at = start;
  }

  parse(): SpaceDelimitedPattern {
    const before: Slot[] = [];
    let after: Slot[] | undefined;
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith(ELLIPSIS, this.at)) after = this.takeEllipsis(after);
      else (after ?? before).push(this.parseSlot());
      this.skipSpace();
      if (this.at >= this.end) break;
      if (this.text[this.at] !== ',') this.fail('expected "," between fields or "]" at the end');
      this.at += 1;
    }
    return { before, after };
  }

  private takeEllipsis(after: Slot[] | undefined): Slot[] {
    if (after) this.fail('a space-delimited pattern can use "..." only once');
    this.at += ELLIPSIS.length;
    return [];
  }

  private fail(message: string, at = this.at): never {
    throw new FilterPatternError(message, at);
  }

  private skipSpace(): void {
    while (this.at < this.end && isWhitespace(this.text[this.at])) this.at += 1;
  }

  /** An empty slot (`[a, , b]`, or the trailing `,` of `[..., status_code=4*,]`) is an unnamed field. */
  private parseSlot(): Slot {
    if (this.at >= this.end || this.text[this.at] === ',') return { name: undefined, condition: undefined };
    if (this.text[this.at] === '*' && this.isSlotEnd(this.at + 1)) {
      this.at += 1;
      return { name: undefined, condition: undefined };
    }
    const name = this.readName();
    this.skipSpace();
    if (this.at >= this.end || this.text[this.at] === ',') return { name, condition: undefined };
    return { name, condition: this.parseOr(true) };
  }

  private isSlotEnd(at: number): boolean {
    let index = at;
    while (index < this.end && isWhitespace(this.text[index])) index += 1;
    return index >= this.end || this.text[index] === ',';
  }

  private readName(): string {
    const found = FIELD_NAME.exec(this.text.slice(this.at, this.end));
    if (!found) this.fail('expected a field name (letters, digits, _ and -), "..." or a condition such as code = 200');
    this.at += found[0].length;
    return found[0];
  }

  private parseOr(named: boolean): Condition {
    let left = this.parseAnd(named);
    while (this.takeSymbol('||')) left = { kind: 'or', left, right: this.parseAnd(false) };
    return left;
  }

  private parseAnd(named: boolean): Condition {
    let left = this.parseComparison(named);
    while (this.takeSymbol('&&')) left = { kind: 'and', left, right: this.parseComparison(false) };
    return left;
  }

  private takeSymbol(symbol: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(symbol, this.at)) return false;
    this.at += symbol.length;
    this.skipSpace();
    return true;
  }

  /** `name op value`; for the slot's first comparison the name has been read already. */
  private parseComparison(named: boolean): Condition {
    if (!named) this.readName();
    this.skipSpace();
    const operator = readOperator(this.text, this.at);
    if (!operator) this.fail('expected an operator (= != < > <= >=) after the field name');
    this.at = operator.end;
    this.skipSpace();
    return this.parseValue(operator.value);
  }

  private parseValue(operator: ComparisonOperator): Condition {
    const start = this.at;
    const char = this.text[this.at];
    if (this.at >= this.end || char === ',') this.fail(`expected a value after ${operator}`);
    if (char === '%') return { kind: 'compare', operator, number: undefined, matches: this.readRegex() };
    const text = char === '"' ? this.readQuotedValue() : this.readBareValue();
    const number = char !== '"' && NUMBER.test(text) ? Number(text) : undefined;
    if (number === undefined && operator !== '=' && operator !== '!=') {
      this.fail(`${operator} compares numbers only; use = or != for text`, start);
    }
    return { kind: 'compare', operator, number, matches: compileWildcard(text) };
  }

  private readRegex(): TextMatcher {
    const start = this.at;
    const literal = readRegexLiteral(this.text, start);
    if (literal.end > this.end) this.fail('a regular expression is not closed with % before "]"', start);
    this.regexes += 1;
    if (this.regexes > MAX_REGEXES_PER_PATTERN) {
      this.fail(`at most ${MAX_REGEXES_PER_PATTERN} regular expressions per pattern`, start);
    }
    const regex = compileCloudWatchRegex(literal.value, start);
    this.at = literal.end;
    return (value) => regex.test(value);
  }

  private readQuotedValue(): string {
    const quoted = readQuoted(this.text, this.at);
    if (quoted.end > this.end) this.fail('a quoted value is not closed with " before "]"');
    this.at = quoted.end;
    return quoted.value;
  }

  private readBareValue(): string {
    const start = this.at;
    while (this.at < this.end && !this.atValueEnd()) this.at += 1;
    return this.text.slice(start, this.at);
  }

  private atValueEnd(): boolean {
    const char = this.text[this.at];
    return (
      isWhitespace(char) || char === ',' || this.text.startsWith('&&', this.at) || this.text.startsWith('||', this.at)
    );
  }
}

/**
 * Splits an event into fields: runs of non-space characters, `[...]` and `"..."` each one field. Linear time: once a
 * closing `]` or `"` is not found, it is not searched for again.
 */
export function splitFields(message: string): string[] {
  const fields: string[] = [];
  const exhausted = new Set<string>();
  let at = 0;
  while (at < message.length) {
    if (isWhitespace(message[at])) {
      at += 1;
      continue;
    }
    const enclosed = readEnclosed(message, at, exhausted);
    const end = enclosed ? enclosed.end : endOfRun(message, at);
    fields.push(enclosed ? enclosed.value : message.slice(at, end));
    at = end;
  }
  return fields;
}

function readEnclosed(message: string, at: number, exhausted: Set<string>): { value: string; end: number } | undefined {
  const closer = ENCLOSERS[message[at]];
  if (closer === undefined || exhausted.has(closer)) return undefined;
  const close = message.indexOf(closer, at + 1);
  if (close < 0) {
    exhausted.add(closer);
    return undefined;
  }
  return { value: message.slice(at + 1, close), end: close + 1 };
}

function endOfRun(message: string, from: number): number {
  let end = from;
  while (end < message.length && !isWhitespace(message[end])) end += 1;
  return end;
}

/** A matching event's fields in order, and the extracted values by name (`$name`, or `$n` for unnamed ones). */
export interface SpaceDelimitedMatch {
  extracted: Record<string, string>;
  fields: string[];
}

/** The match when the event matches, undefined when it does not. */
export function matchSpaceDelimited(pattern: SpaceDelimitedPattern, message: string): SpaceDelimitedMatch | undefined {
  const fields = splitFields(message);
  const { before, after } = pattern;
  if (after === undefined ? fields.length !== before.length : fields.length < before.length + after.length) {
    return undefined;
  }
  const tail = after ?? [];
  const placed: [Slot, number][] = [
    ...before.map((slot, index): [Slot, number] => [slot, index]),
    ...tail.map((slot, index): [Slot, number] => [slot, fields.length - tail.length + index]),
  ];
  // Fields that `...` covers are reported by position, as AWS's extraction example shows ($1 ... $4).
  const covered = new Set(placed.map(([, index]) => index));
  const extracted: Record<string, string> = {};
  for (const [index, value] of fields.entries()) if (!covered.has(index)) extracted[`$${index + 1}`] = value;
  for (const [slot, index] of placed) {
    const value = fields[index];
    if (slot.condition && !satisfies(slot.condition, value)) return undefined;
    extracted[`$${slot.name ?? index + 1}`] = value;
  }
  return { extracted, fields };
}

function satisfies(condition: Condition, value: string): boolean {
  if (condition.kind !== 'compare') {
    const left = satisfies(condition.left, value);
    return condition.kind === 'and'
      ? left && satisfies(condition.right, value)
      : left || satisfies(condition.right, value);
  }
  const { operator, number } = condition;
  if (number !== undefined && NUMBER.test(value)) return compareNumbers(Number(value), number, operator);
  if (operator !== '=' && operator !== '!=') return false;
  return condition.matches(value) === (operator === '=');
}
