export type { GeoLookup } from '../../engines/geo/index.js';
export { DEFAULT_RULES } from './defaultRules.js';
export { normaliseFieldName } from './fieldNames.js';
export { DEV_CHILD_ID_KEY, isHashedChildId, MIN_SECRET_BYTES } from './hashChildId.js';
export { findLeaks, type Leak } from './leakCheck.js';
export { createRedactor } from './redactor.js';
export { loadRuleSet } from './ruleSet.js';
export { parseRulesFile } from './rulesFile.js';
export { isMarker } from './textEngine.js';
export {
  type ChildIdKey,
  type CompiledFieldRule,
  type CompiledTextRule,
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
  type RuleSet,
  RuleType,
  type TextFinding,
  ValidatorName,
} from './types.js';
