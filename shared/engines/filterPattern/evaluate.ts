import type { Expression, Operand } from './parse.js';
import type { PathStep } from './tokenize.js';

const MISSING = Symbol('missing');

/** Whether one parsed JSON value satisfies the expression. Pure; never throws. */
export function evaluateExpression(expression: Expression, root: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluateExpression(expression.left, root) && evaluateExpression(expression.right, root);
    case 'or':
      return evaluateExpression(expression.left, root) || evaluateExpression(expression.right, root);
    case 'test': {
      const value = select(root, expression.path);
      if (expression.test === 'notExists') return value === MISSING;
      if (expression.test === 'null') return value === null;
      return value === (expression.test === 'true');
    }
    case 'compare': {
      const value = select(root, expression.path);
      if (value === MISSING) return false;
      const outcome = compare(value, expression.value, expression.operator);
      return outcome;
    }
  }
}

/** Follows `.name` and `[index]` steps through own properties only (never the prototype chain). */
function select(root: unknown, path: PathStep[]): unknown {
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
 * A comparison holds only between values of the same kind: numbers with numbers, strings with strings and
 * regexes. A value of another kind (a number against "50", an object, an array, null) matches neither = nor !=.
 */
function compare(value: unknown, operand: Operand, operator: string): boolean {
  if (operand.kind === 'number') {
    if (typeof value !== 'number') return false;
    switch (operator) {
      case '=':
        return value === operand.value;
      case '!=':
        return value !== operand.value;
      case '<':
        return value < operand.value;
      case '>':
        return value > operand.value;
      case '<=':
        return value <= operand.value;
      default:
        return value >= operand.value;
    }
  }
  if (typeof value !== 'string') return false;
  const matched = operand.matcher.test(value);
  return operator === '=' ? matched : !matched;
}
