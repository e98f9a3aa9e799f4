import type { BoundedMemo } from '../../core/boundedMemo.js';
import type { DocumentRedactor, LogDocument, RedactOutcome } from '../../core/types.js';
import type { GeoLookup } from '../../engines/geo/index.js';
import type { Requirement } from './textShape.js';

/** A secret for the keyed child-id hash. `version` (e.g. `v1`) is stamped into every hash so keys can rotate. */
export interface ChildIdKey {
  version: string;
  secret: string | Uint8Array;
}

/** How a rule is applied. */
export const RuleType = {
  /** By field name, at any depth of an object. */
  FIELD: 'field',
  /** By regular expression inside every string. */
  PATTERN: 'pattern',
  /** `key=value` / `key: value` / `"key":"value"` inside every string, when the key is sensitive. */
  KEY_VALUE: 'keyValue',
} as const;
export type RuleTypeName = (typeof RuleType)[keyof typeof RuleType];

/** What a rule does with what it matched. */
export const RuleAction = {
  /** Replace with a typed marker, `[REDACTED:<kind>]`. */
  MASK: 'mask',
  /** Replace with the keyed child-id hash. */
  HASH: 'hash',
  /** Round a coordinate to one decimal (about 11 km). */
  COARSEN: 'coarsen',
  /** Cut an IP address to its network (IPv4 /24, IPv6 /48). */
  TRUNCATE_IP: 'truncateIp',
} as const;
export type RuleActionName = (typeof RuleAction)[keyof typeof RuleAction];

/** Validators a pattern rule may name; a candidate the validator rejects is left alone. */
export const ValidatorName = {
  LUHN: 'luhn',
  IBAN_MOD97: 'iban-mod97',
  SSN_VALID: 'ssn-valid',
  IPV6: 'ipv6',
  /** A phone number of any region (libphonenumber-js). */
  PHONE: 'phone',
  /** A national or tax id with valid check digits (stdnum). */
  NATIONAL_ID: 'national-id',
  /** A random-looking key: mixed case and digits, high entropy, not hex. */
  HIGH_ENTROPY: 'high-entropy',
  /** A date 1 to 19 years back: a child's date of birth. */
  BIRTH_DATE: 'birth-date',
  /** A value shaped like a secret, not a word: a digit or a symbol, or a lower-case letter before an upper-case one. */
  SECRET_SHAPED: 'secret-shaped',
} as const;
export type ValidatorNameValue = (typeof ValidatorName)[keyof typeof ValidatorName];

interface RuleBase {
  /** Unique; a rules file overrides or disables a rule by this name. */
  name: string;
  /** The marker and count key: `[REDACTED:<kind>]`, `redaction.<kind>`. */
  kind: string;
  action?: RuleActionName;
}

/** Matches fields by name. Names are compared normalised: lowercase, without `-`, `_`, `.` and spaces. */
export interface FieldRuleDefinition extends RuleBase {
  type: 'field';
  /** Whole field names. */
  fields: string[];
  /** Any field whose normalised name ends with one of these. */
  suffixes?: string[];
  /** Only when the field sits in an object under one of these keys (`child: { name }`); arrays are transparent. */
  within?: string[];
}

/** Matches text. `pattern` is a regular expression source; named groups `pre` (kept) and `secret` (replaced). */
export interface PatternRuleDefinition extends RuleBase {
  type: 'pattern';
  pattern: string;
  /** Extra flags: only `i` is allowed (`g` is always added). */
  flags?: string;
  /** The rule runs only on strings that contain at least one of these (a cheap test before a costlier regex). */
  precheck?: string[];
  validator?: ValidatorNameValue;
}

/** Matches `key=value` pairs in text whose key is sensitive. The value is replaced, the key kept. */
export interface KeyValueRuleDefinition extends RuleBase {
  type: 'keyValue';
  /** Keys matched whole, optionally after a prefix ending in a separator (`db_password`, `x-api-key`). */
  keys: string[];
  /** Keys matched as the end of any longer key (`refreshToken`, `stripe_secret`). */
  suffixKeys?: string[];
  /** Regular expression of an unquoted value; quoted values always run to the closing quote. */
  value?: string;
}

export type RuleDefinition = FieldRuleDefinition | PatternRuleDefinition | KeyValueRuleDefinition;

/**
 * A validator looks at a candidate a pattern matched and returns how many of its leading characters are the real
 * thing: the whole length, a shorter prefix (a card number followed by more digits), or 0 to leave it alone; or the
 * `[start, end]` of the real thing inside the candidate (a card after a date: `2026-01-15 4111 …`).
 */
export type Validator = (candidate: string) => number | readonly [start: number, end: number];

/** A text rule ready to run: one global regular expression, compiled once. */
export interface CompiledTextRule {
  readonly name: string;
  readonly kind: string;
  readonly action: RuleActionName;
  readonly regex: RegExp;
  readonly precheck?: readonly string[];
  /**
   * A cheap test on the string's shape that every match passes: the pre-check needles and, for default patterns and
   * key-value rules, what the pattern needs (see ruleRequirements.ts). False: the rule cannot match, skip it.
   */
  readonly requires?: Requirement;
  readonly validator?: Validator;
}

/** A field rule ready to run. */
export interface CompiledFieldRule {
  readonly name: string;
  readonly kind: string;
  readonly action: RuleActionName;
}

/** The compiled rules: default rules plus a rules file's changes, compiled once and shared by every record. */
export interface RuleSet {
  readonly definitions: readonly RuleDefinition[];
  readonly textRules: readonly CompiledTextRule[];
  /** Normalised field name -> rule. */
  readonly fields: ReadonlyMap<string, CompiledFieldRule>;
  /** `<normalised parent>/<normalised field>` -> rule, for rules that apply only inside an object (`child.name`). */
  readonly fieldsWithin: ReadonlyMap<string, CompiledFieldRule>;
  /** Normalised parent names some rule is scoped to. */
  readonly parents: ReadonlySet<string>;
  /** Normalised suffix -> rule, longest suffix first. */
  readonly suffixes: ReadonlyArray<readonly [string, CompiledFieldRule]>;
  /** Raw key -> its unscoped rule (`null`: none), filled by findFieldRule; bounded. */
  readonly fieldCache: BoundedMemo<string, CompiledFieldRule | null>;
}

/** A rule from a rules file: a new rule (all fields), or a change to a default rule (its name and what changes). */
export type RuleOverride = Partial<RuleDefinition> & { name: string };

/** The content of a rules file. */
export interface RuleOverrides {
  /** Names of default rules to turn off. */
  disable?: string[];
  /** Rules to add, or default rules to change (matched by name). */
  rules?: RuleOverride[];
}

/** One span a text rule claimed in a string. */
export interface TextFinding {
  rule: string;
  kind: string;
  start: number;
  end: number;
}

/** One place a rule fired in an object: a field rule (the whole value) or a text rule (a span of a string). */
export interface FieldFinding {
  path: string;
  rule: string;
  kind: string;
  /** The text the rule matched (a span of the string, or the whole value as a string). For masking by the caller. */
  matched: string;
  start?: number;
  end?: number;
}

export interface RedactorOptions {
  key: ChildIdKey;
  /** Earlier keys, still accepted for erasure look-ups. */
  previousKeys?: ChildIdKey[];
  /** Compiled rules (`loadRuleSet`); the default rules when absent. */
  rules?: RuleSet;
  /** Country lookup for `client_ip`; no `geoip` is added without one. */
  geo?: GeoLookup;
}

/** The privacy stage, compiled once from its rules and key. */
export interface Redactor extends DocumentRedactor {
  /** Pipeline stage: redacts a document, then checks it for residue. Never throws: fails closed with `ok: false`. */
  redact(document: LogDocument): RedactOutcome;
  /** The same rules on one log object, for the app logger at source. Child ids are hashed. */
  redactFields(value: Record<string, unknown>): { value: Record<string, unknown>; counts: Record<string, number> };
  /** `hmac-sha256:<version>:<hex>` under the current key; a value already in that form is returned unchanged. */
  hashChildId(id: string): string;
  /** The hash of an id under the current and every previous key, current first. */
  childIdHashes(id: string): string[];
  /** Which text rules fire on a string, and where (positions in the given text). */
  explain(text: string): Array<{ rule: string; kind: string; start: number; end: number }>;
  /** Which rules fire on an object, and where (field paths like `user.address`, `items[2].note`). */
  explainFields(value: Record<string, unknown>): FieldFinding[];
}
