import { scanText } from './textEngine.js';
import type { FieldFinding, RuleSet, TextFinding } from './types.js';
import { aWalk, type Walker } from './walk.js';

/**
 * What the CLI's `test-rules` shows: which rules fire and where, without redacting. Kept apart from the pipeline's
 * redaction, which never collects findings (paths are built only when asked for).
 */
export interface Explainer {
  /** Which text rules fire on a string, and where (positions in the given text). */
  explain(text: string): TextFinding[];
  /** Which rules fire on an object, and where (field paths like `user.address`, `items[2].note`). */
  explainFields(value: Record<string, unknown>): FieldFinding[];
}

export function createExplainer(rules: RuleSet, walker: Walker): Explainer {
  return {
    explain(text: string): TextFinding[] {
      return scanText(text, rules.textRules).map((span) => ({
        rule: span.rule.name,
        kind: span.rule.kind,
        start: span.start,
        end: span.end,
      }));
    },
    explainFields(value: Record<string, unknown>): FieldFinding[] {
      const walk = aWalk(true);
      walker.redactValue(value, undefined, walk, '', 0);
      return walk.findings ?? [];
    },
  };
}
