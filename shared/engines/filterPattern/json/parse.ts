import { FilterPatternError } from '../errors.js';
import type { ComparisonOperator } from '../lexer.js';
import { MAX_REGEXES_PER_PATTERN } from '../limits.js';
import { compileCloudWatchRegex } from '../regex.js';
import { compileWildcard, type TextMatcher } from '../wildcard.js';
import { type PathStep, type Token, tokenize } from './tokenize.js';

/** A parsed JSON filter pattern: a boolean expression over selectors. */
export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; path: PathStep[]; operator: ComparisonOperator; value: Operand }
  | { kind: 'test'; path: PathStep[]; test: 'null' | 'notExists' | 'true' | 'false' };

/** The right-hand side of a comparison. A string's leading / trailing `*` is a wildcard. */
export type Operand =
  | { kind: 'string'; text: string; matches: TextMatcher }
  | { kind: 'number'; value: number }
  | { kind: 'regex'; source: string; matches: TextMatcher };

const TESTS = { NULL: 'null', TRUE: 'true', FALSE: 'false' } as const;

/** Parses `{ <expression> }` (the caller has checked the length); throws FilterPatternError on anything else. */
export function parseJsonPattern(text: string): Expression {
  return new Parser(tokenize(text), text.length).parseDocument();
}

class Parser {
  private index = 0;
  private regexes = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  parseDocument(): Expression {
    this.expectPunct('{');
    const expression = this.parseOr();
    this.expectPunct('}');
    const extra = this.tokens[this.index];
    if (extra) throw new FilterPatternError('unexpected text after the closing }', extra.at);
    return expression;
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isPunct('||')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseTerm();
    while (this.isPunct('&&')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.parseTerm() };
    }
    return left;
  }

  private parseTerm(): Expression {
    if (this.isPunct('(')) {
      this.index += 1;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    const selector = this.next('a selector such as $.level');
    if (selector.kind !== 'selector') throw new FilterPatternError('expected a selector such as $.level', selector.at);
    const after = this.next('an operator (= != < > <= >=), IS or NOT EXISTS');
    if (after.kind === 'op')
      return { kind: 'compare', path: selector.path, operator: after.value, value: this.parseOperand(after.value) };
    if (after.kind === 'word' && after.value === 'IS')
      return { kind: 'test', path: selector.path, test: this.parseIs() };
    if (after.kind === 'word' && after.value === 'NOT')
      return { kind: 'test', path: selector.path, test: this.parseNot() };
    throw new FilterPatternError(
      `expected an operator (= != < > <= >=), IS or NOT EXISTS after ${selector.text}`,
      after.at,
    );
  }

  private parseIs(): 'null' | 'true' | 'false' {
    const what = this.next('NULL, TRUE or FALSE');
    if (what.kind === 'word' && Object.hasOwn(TESTS, what.value)) return TESTS[what.value as keyof typeof TESTS];
    throw new FilterPatternError('IS must be followed by NULL, TRUE or FALSE (IS NOT is not supported)', what.at);
  }

  private parseNot(): 'notExists' {
    const what = this.next('EXISTS');
    if (what.kind === 'word' && what.value === 'EXISTS') return 'notExists';
    throw new FilterPatternError('NOT must be followed by EXISTS', what.at);
  }

  private parseOperand(operator: ComparisonOperator): Operand {
    const value = this.next('a value');
    if (value.kind === 'number') return { kind: 'number', value: value.value };
    if (operator !== '=' && operator !== '!=') {
      throw new FilterPatternError(`${operator} compares numbers only; use = or != for text`, value.at);
    }
    if (value.kind === 'string' || value.kind === 'word') {
      return { kind: 'string', text: value.value, matches: compileWildcard(value.value) };
    }
    if (value.kind === 'regex') return this.compileRegexOperand(value.source, value.at);
    throw new FilterPatternError(`expected a value after ${operator}`, value.at);
  }

  private compileRegexOperand(source: string, at: number): Operand {
    this.regexes += 1;
    if (this.regexes > MAX_REGEXES_PER_PATTERN) {
      throw new FilterPatternError(`at most ${MAX_REGEXES_PER_PATTERN} regular expressions per pattern`, at);
    }
    const regex = compileCloudWatchRegex(source, at);
    return { kind: 'regex', source, matches: (text) => regex.test(text) };
  }

  private next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FilterPatternError(`expected ${what}, found the end of the pattern`, this.end);
    this.index += 1;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.tokens[this.index];
    return token?.kind === 'punct' && token.value === value;
  }

  private expectPunct(value: string): void {
    const token = this.tokens[this.index];
    if (token?.kind === 'punct' && token.value === value) {
      this.index += 1;
      return;
    }
    throw new FilterPatternError(`expected "${value}"`, token?.at ?? this.end);
  }
}
