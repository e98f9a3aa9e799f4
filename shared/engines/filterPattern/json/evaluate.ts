import type { ComparisonOperator } from '../lexer.js';
import type { Expression, Operand } from './parse.js';
import type { PathStep } from './tokenize.js';

/** What a selector finds when the property (or array element) is not there. */
export const MISSING = Symbol('missing');

/** Whether one parsed JSON value satisfies the expression. Pure; never throws. */
export function evaluateExpression(expression: Expression, root: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluateExpression(expression.left, root) && evaluateExpression(expression.right, root);
    case 'or':
      return evaluateExpression(expression.left, root) || evaluateExpression(expression.right, root);
    case 'test':
      return passesTest(select(root, expression.path), expression.test);
    case 'compare':
      return compare(select(root, expression.path), expression.value, expression.operator);
  }
}

function passesTest(value: unknown, test: 'null' | 'notExists' | 'true' | 'false'): boolean {
  if (test === 'notExists') return value === MISSING;
  if (test === 'null') return value === null;
  return value === (test === 'true');
}

/** Follows `.name` and `[index]` steps through own properties only (never the prototype chain). */
export function select(root: unknown, path: readonly PathStep[]): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return MISSING;
      current = current[step];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return MISSING;
      if (!Object.hasOwn(current, step)) return MISSING;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/**
 * A selector must reach a value node, a string or a number (AWS: "If a property selector points to an array or
 * object, the metric filter won't match"); anything else matches neither = nor !=. A number operand compares with
 * JSON numbers numerically; text, wildcards and regexes compare with strings and with a number's decimal text, which
 * is how AWS's `{ $.latency = * }` matches `{"latency": 50}` and `{ $.code = 4* }` matches 404.
 */
function compare(value: unknown, operand: Operand, operator: ComparisonOperator): boolean {
  if (operand.kind === 'number') return typeof value === 'number' && compareNumbers(value, operand.value, operator);
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  const matched = operand.matches(typeof value === 'string' ? value : String(value));
  return operator === '=' ? matched : !matched;
}

export function compareNumbers(left: number, right: number, operator: ComparisonOperator): boolean {
  switch (operator) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '>':
      return left > right;
    case '<=':
      return left <= right;
    default:
      return left >= right;
  }
}
