import * as z from 'zod/mini';
import { createBoundedMemo } from '../../core/boundedMemo.js';
import { ConfigError } from '../../core/errors.js';
import '../../core/zodLocale.js';
import { DEFAULT_RULES } from './defaultRules.js';
import { normaliseFieldName } from './fieldNames.js';
import { compileKeyValueRequirements, needlesRequirement, requirementOf } from './ruleRequirements.js';
import type { Requirement } from './textShape.js';
import {
  type CompiledFieldRule,
  type CompiledTextRule,
  type FieldRuleDefinition,
  type KeyValueRuleDefinition,
  type PatternRuleDefinition,
  RuleAction,
  type RuleDefinition,
  type RuleOverrides,
  type RuleSet,
  ValidatorName,
} from './types.js';
import { VALIDATORS } from './validators.js';

/** Keys remembered per rule set before the cache starts again: logs repeat a few hundred keys, hostile input does not. */
const FIELD_CACHE_LIMIT = 10_000;

const NAME = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'));
const KIND = z.string().check(z.regex(/^[a-z0-9_]{1,40}$/, 'lowercase letters, digits and underscores, at most 40'));
const ACTION = z.enum([RuleAction.MASK, RuleAction.HASH, RuleAction.COARSEN, RuleAction.TRUNCATE_IP]);
const NAMES = z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1));

const FIELD_RULE = z.strictObject({
  type: z.literal('field'),
  name: NAME,
  kind: KIND,
  action: z.optional(ACTION),
  fields: NAMES,
  suffixes: z.optional(NAMES),
  within: z.optional(NAMES),
});
const PATTERN_RULE = z.strictObject({
  type: z.literal('pattern'),
  name: NAME,
  kind: KIND,
  action: z.optional(z.enum([RuleAction.MASK, RuleAction.HASH, RuleAction.COARSEN])),
  pattern: z.string().check(z.minLength(1), z.maxLength(4000)),
  flags: z.optional(z.enum(['', 'i', 'u', 'iu'])),
  precheck: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  validator: z.optional(z.enum(Object.values(ValidatorName) as [string, ...string[]])),
});
const KEY_VALUE_RULE = z.strictObject({
  type: z.literal('keyValue'),
  name: NAME,
  kind: KIND,
  action: z.optional(z.enum([RuleAction.MASK, RuleAction.HASH, RuleAction.COARSEN])),
  keys: NAMES,
  suffixKeys: z.optional(NAMES),
  value: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))),
});
const RULE = z.discriminatedUnion('type', [FIELD_RULE, PATTERN_RULE, KEY_VALUE_RULE]);

/** The shape of a rules file. Unknown keys are rejected so a typo does not silently leave a rule unchanged. */
export const RULE_OVERRIDES_SCHEMA = z.strictObject({
  disable: z.optional(z.array(z.string().check(z.minLength(1)))),
  rules: z.optional(z.array(z.looseObject({ name: z.string().check(z.minLength(1)) }))),
});

/**
 * A user pattern that repeats a group which itself repeats without bound (`(a+)+`, `(\w*)*`) can backtrack
 * catastrophically. This heuristic refuses such patterns from rules files; the default rules are reviewed and
 * tested against hostile input instead.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

/** Replaces a rule's fields with those of an override of the same name. */
function mergeRule(base: RuleDefinition | undefined, override: Record<string, unknown>): unknown {
  return base ? { ...base, ...override } : override;
}

function describeIssues(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  prefix: string,
): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The default rules with a rules file's changes applied (`disable` by name; `rules` add new rules or change default
 * ones by name), validated and compiled. Throws a ConfigError naming the rule and what is wrong.
 */
export function loadRuleSet(overrides?: RuleOverrides): RuleSet {
  if (!overrides) return loadDefaultRuleSet();
  const shape = RULE_OVERRIDES_SCHEMA.safeParse(overrides);
  if (!shape.success) throw new ConfigError(`invalid rules: ${describeIssues(shape.error, '')}`);
  const byName = new Map<string, RuleDefinition>(DEFAULT_RULES.map((rule) => [rule.name, rule]));
  const order = DEFAULT_RULES.map((rule) => rule.name);
  const fromUser = new Set<string>();
  for (const name of shape.data.disable ?? []) {
    if (!byName.has(name)) throw new ConfigError(`invalid rules: disable: no rule named "${name}"`);
  }
  (shape.data.rules ?? []).forEach((override, index) => {
    const parsed = RULE.safeParse(mergeRule(byName.get(override.name), override));
    if (!parsed.success) {
      throw new ConfigError(`invalid rules: rules[${index}] (${override.name}): ${describeIssues(parsed.error, '')}`);
    }
    if (!byName.has(override.name)) order.push(override.name);
    byName.set(override.name, parsed.data as RuleDefinition);
    fromUser.add(override.name);
  });
  const disabled = new Set(shape.data.disable ?? []);
  const definitions = order.filter((name) => !disabled.has(name)).map((name) => byName.get(name) as RuleDefinition);
  return compileRuleSet(definitions, fromUser);
}

let defaultRuleSet: RuleSet | undefined;

function loadDefaultRuleSet(): RuleSet {
  defaultRuleSet ??= compileRuleSet(DEFAULT_RULES, new Set());
  return defaultRuleSet;
}

function compileRuleSet(definitions: readonly RuleDefinition[], fromUser: ReadonlySet<string>): RuleSet {
  const textRules: CompiledTextRule[] = [];
  const fields = new Map<string, CompiledFieldRule>();
  const fieldsWithin = new Map<string, CompiledFieldRule>();
  const parents = new Set<string>();
  const suffixes: Array<readonly [string, CompiledFieldRule]> = [];
  const keyValueRequirementOf = compileKeyValueRequirements(definitions);
  for (const definition of definitions) {
    if (definition.type === 'field') {
      compileFieldRule(definition, fields, fieldsWithin, parents, suffixes);
      continue;
    }
    const pattern = definition.type === 'pattern' ? definition.pattern : compileKeyValuePattern(definition);
    if (
      fromUser.has(definition.name) &&
      NESTED_QUANTIFIER.test(definition.type === 'pattern' ? pattern : (definition.value ?? ''))
    ) {
      throw new ConfigError(
        `invalid rules: ${definition.name}: a repeated group that itself repeats without bound can take exponential time; bound the inner quantifier (e.g. {1,64})`,
      );
    }
    textRules.push(compileTextRule(definition, pattern, keyValueRequirementOf));
  }
  suffixes.sort((a, b) => b[0].length - a[0].length);
  return {
    definitions,
    textRules,
    fields,
    fieldsWithin,
    parents,
    suffixes,
    fieldCache: createBoundedMemo(FIELD_CACHE_LIMIT),
  };
}

function compileFieldRule(
  definition: FieldRuleDefinition,
  fields: Map<string, CompiledFieldRule>,
  fieldsWithin: Map<string, CompiledFieldRule>,
  parents: Set<string>,
  suffixes: Array<readonly [string, CompiledFieldRule]>,
): void {
  const rule: CompiledFieldRule = { name: definition.name, kind: definition.kind, action: definition.action ?? 'mask' };
  const names = definition.fields.map(normaliseFieldName);
  if (definition.within) {
    for (const parent of definition.within.map(normaliseFieldName)) {
      parents.add(parent);
      for (const name of names) keepFirst(fieldsWithin, `${parent}/${name}`, rule);
    }
    return;
  }
  for (const name of names) keepFirst(fields, name, rule);
  for (const suffix of definition.suffixes ?? []) suffixes.push([normaliseFieldName(suffix), rule]);
}

/** The first rule that names a field keeps it: earlier rules are more specific. */
function keepFirst(map: Map<string, CompiledFieldRule>, name: string, rule: CompiledFieldRule): void {
  if (!map.has(name)) map.set(name, rule);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** `api_key` -> `api[-_.]?key`: the key's own separators become optional, so `apiKey` and `api-key` match too. */
function keyPattern(key: string): string {
  return key
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map(escapeRegex)
    .join('[-_.]?');
}

const DEFAULT_VALUE = `(?:(?:Bearer|Basic|Digest|Token|Negotiate)[ \\t]{1,3})?[^\\s"'&,;]{1,2048}`;

/**
 * `key=value`, `key: value`, `"key": "value"`: the key kept (with any prefix ending in a separator, `db_password`),
 * the value replaced. A quoted value runs to its closing quote (escapes included); an unquoted one to the next
 * space, quote, `&`, `,` or `;`.
 */
function compileKeyValuePattern(definition: KeyValueRuleDefinition): string {
  const exact = [...new Set(definition.keys.map(keyPattern))].join('|');
  const suffix = [...new Set((definition.suffixKeys ?? []).map(keyPattern))].join('|');
  const key = suffix
    ? `(?:[A-Za-z0-9]{1,30}[-_.]){0,3}(?:${exact})|[A-Za-z0-9_.-]{0,40}?(?:${suffix})`
    : `(?:[A-Za-z0-9]{1,30}[-_.]){0,3}(?:${exact})`;
  const value = definition.value ?? DEFAULT_VALUE;
  return (
    `(?<![A-Za-z0-9_.-])(?<pre>["']?(?:${key})["']?[ \\t]{0,3}[=:][ \\t]{0,3}["']?)` +
    `(?<secret>(?<=")(?:[^"\\\\\\n]|\\\\.){1,2048}|(?<=')(?:[^'\\\\\\n]|\\\\.){1,2048}|(?<!["'])(?:${value}))`
  );
}

function compileTextRule(
  definition: PatternRuleDefinition | KeyValueRuleDefinition,
  pattern: string,
  keyValueRequirementOf: (definition: KeyValueRuleDefinition) => Requirement | undefined,
): CompiledTextRule {
  const flags = definition.type === 'pattern' ? (definition.flags ?? '') : 'i';
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, `g${flags}`);
  } catch (error) {
    throw new ConfigError(`invalid rules: ${definition.name}: ${(error as Error).message}`, error);
  }
  const precheck = definition.type === 'pattern' ? definition.precheck : ['=', ':'];
  const validator =
    definition.type === 'pattern' && definition.validator ? VALIDATORS[definition.validator] : undefined;
  // The shape's own test first: it costs a comparison, a needle may cost a scan.
  const requires = allOf([
    definition.type === 'pattern' ? requirementOf(definition) : keyValueRequirementOf(definition),
    precheck ? needlesRequirement(precheck) : undefined,
  ]);
  return {
    name: definition.name,
    kind: definition.kind,
    action: definition.action ?? 'mask',
    regex,
    ...(precheck ? { precheck } : {}),
    ...(requires ? { requires } : {}),
    ...(validator ? { validator } : {}),
  };
}

function allOf(requirements: ReadonlyArray<Requirement | undefined>): Requirement | undefined {
  const [first, second, ...rest] = requirements.filter((r): r is Requirement => r !== undefined);
  if (rest.length > 0) throw new Error('allOf: at most two requirements');
  if (!first || !second) return first;
  return (shape, text) => first(shape, text) && second(shape, text);
}

/**
 * The field rule for a key, if any: a rule scoped to the parent object first (`child` -> `name`), then the whole
 * name, then the longest matching suffix. `parent` is the normalised key of the enclosing object.
 */
export function findFieldRule(rules: RuleSet, key: string, parent: string | undefined): CompiledFieldRule | undefined {
  if (parent !== undefined && rules.parents.has(parent)) {
    const scoped = rules.fieldsWithin.get(`${parent}/${normaliseFieldName(key)}`);
    if (scoped) return scoped;
  }
  // The rest depends on the key alone: looked up once per raw key (no normalising, no suffix loop on the hot path).
  let rule = rules.fieldCache.get(key);
  if (rule === undefined) {
    rule = findUnscopedFieldRule(rules, normaliseFieldName(key)) ?? null;
    rules.fieldCache.set(key, rule);
  }
  return rule ?? undefined;
}

/** The rule for a normalised field name wherever it sits: the whole name, then the longest matching suffix. */
export function findUnscopedFieldRule(rules: RuleSet, name: string): CompiledFieldRule | undefined {
  const exact = rules.fields.get(name);
  if (exact) return exact;
  for (const [suffix, rule] of rules.suffixes) if (name.endsWith(suffix)) return rule;
  return undefined;
}
