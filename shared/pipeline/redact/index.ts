export type { GeoLookup } from '../../engines/geo/index.js';
export { DEFAULT_RULES } from './defaultRules.js';
export { normaliseFieldName } from './fieldNames.js';
export { DEV_CHILD_ID_KEY, isHashedChildId } from './hashChildId.js';
export { findLeaks, type Leak } from './leakCheck.js';
export { createRedactor } from './redactor.js';
export { type CompiledFieldRule, type CompiledTextRule, loadRuleSet, type RuleSet } from './ruleSet.js';
export { parseRulesFile } from './rulesFile.js';
export { isMarker } from './textEngine.js';
export {
  type ChildIdKey,
  type FieldFinding,
  type FieldRuleDefinition,
  type KeyValueRuleDefinition,
  type PatternRuleDefinition,
  type Redactor,
  type RedactorOptions,
  RuleAction,
  type RuleActionName,
  type RuleDefinition,
  type RuleOverride,
  type RuleOverrides,
  RuleType,
  type TextFinding,
  ValidatorName,
} from './types.js';
