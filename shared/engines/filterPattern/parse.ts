import { FilterPatternError } from './errors.js';
import { type ComparisonOperator, type PathStep, type Token, tokenize } from './tokenize.js';

/** A parsed JSON filter pattern: a boolean expression over selectors. */
export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; path: PathStep[]; operator: ComparisonOperator; value: Operand }
  | { kind: 'test'; path: PathStep[]; test: 'null' | 'notExists' | 'true' | 'false' };

/** The right-hand side of a comparison. A string's `*` matches any run of characters. */
export type Operand =
  | { kind: 'string'; text: string; matcher: RegExp }
  | { kind: 'number'; value: number }
  | { kind: 'regex'; source: string; matcher: RegExp };

/** CloudWatch Logs rejects longer patterns (PutMetricFilter / PutSubscriptionFilter filterPattern). */
export const MAX_PATTERN_LENGTH = 1024;
/** CloudWatch Logs allows at most two regular expressions in one JSON or space-delimited pattern. */
export const MAX_REGEXES_PER_PATTERN = 2;

// The characters CloudWatch Logs accepts inside %regex%: alphanumerics, the listed symbols, the listed operators
// and spaces. Parentheses (sub-patterns) are not supported there, which also rules out nested quantifiers.
const REGEX_ALLOWED = /^[A-Za-z0-9:_#=@/;,\- ^$?[\]{}|\\*+.]*$/;

/** Parses `{ <expression> }`; throws FilterPatternError on anything else. */
export function parsePattern(text: string): Expression {
  if (text.length > MAX_PATTERN_LENGTH) {
    throw new FilterPatternError(
      `pattern is longer than CloudWatch's ${MAX_PATTERN_LENGTH} characters`,
      MAX_PATTERN_LENGTH,
    );
  }
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) {
    throw new FilterPatternError(
      'only JSON filter patterns are supported: `{ $.field = "value" }` (term and space-delimited patterns are not)',
      text.length - trimmed.length,
    );
  }
  const parser = new Parser(tokenize(text), text.length);
  return parser.parseDocument();
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
    const extra = this.peek();
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
    const after = this.next('an operator (= != < > <= >=) or IS / NOT');
    if (after.kind === 'op') return this.parseComparison(selector.path, after.value, after.at);
    if (after.kind === 'word' && after.value === 'IS') {
      const what = this.next('NULL, TRUE or FALSE');
      if (what.kind === 'word' && (what.value === 'NULL' || what.value === 'TRUE' || what.value === 'FALSE')) {
        const test = what.value === 'NULL' ? 'null' : what.value === 'TRUE' ? 'true' : 'false';
        return { kind: 'test', path: selector.path, test };
      }
      throw new FilterPatternError('IS must be followed by NULL, TRUE or FALSE', what.at);
    }
    if (after.kind === 'word' && after.value === 'NOT') {
      const what = this.next('EXISTS');
      if (what.kind === 'word' && what.value === 'EXISTS')
        return { kind: 'test', path: selector.path, test: 'notExists' };
      throw new FilterPatternError('NOT must be followed by EXISTS', what.at);
    }
    throw new FilterPatternError(
      `expected an operator (= != < > <= >=), IS or NOT EXISTS after ${selector.text}`,
      after.at,
    );
  }

  private parseComparison(path: PathStep[], operator: ComparisonOperator, at: number): Expression {
    const value = this.next('a value');
    const ordering = operator !== '=' && operator !== '!=';
    if (value.kind === 'number')
      return { kind: 'compare', path, operator, value: { kind: 'number', value: value.value } };
    if (ordering) throw new FilterPatternError(`${operator} compares numbers only`, value.at);
    if (value.kind === 'string' || value.kind === 'word') {
      const text = value.value;
      return { kind: 'compare', path, operator, value: { kind: 'string', text, matcher: compileWildcard(text) } };
    }
    if (value.kind === 'regex') {
      this.regexes += 1;
      if (this.regexes > MAX_REGEXES_PER_PATTERN) {
        throw new FilterPatternError(`at most ${MAX_REGEXES_PER_PATTERN} regular expressions per pattern`, value.at);
      }
      return {
        kind: 'compare',
        path,
        operator,
        value: { kind: 'regex', source: value.source, matcher: compileRegex(value.source, value.at) },
      };
    }
    throw new FilterPatternError(`expected a value after ${operator}`, value.at ?? at);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FilterPatternError(`expected ${what}, found the end of the pattern`, this.end);
    this.index += 1;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.value === value;
  }

  private expectPunct(value: string): void {
    const token = this.peek();
    if (token?.kind === 'punct' && token.value === value) {
      this.index += 1;
      return;
    }
    throw new FilterPatternError(`expected "${value}"`, token?.at ?? this.end);
  }
}

/** `abc*` -> /^abc[\s\S]*$/: `*` is the only wildcard; everything else is literal. */
function compileWildcard(text: string): RegExp {
  const body = text
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${body}$`);
}

/** A CloudWatch regex: only the characters CloudWatch accepts; matches anywhere unless anchored, like AWS's. */
function compileRegex(source: string, at: number): RegExp {
  if (!REGEX_ALLOWED.test(source)) {
    const bad = [...source].find((char) => !REGEX_ALLOWED.test(char));
    throw new FilterPatternError(`"${bad}" is not allowed in a CloudWatch regular expression`, at);
  }
  try {
    return new RegExp(source);
  } catch (error) {
    throw new FilterPatternError(`invalid regular expression: ${(error as Error).message}`, at);
  }
}
