import { createBoundedMemo } from '../../core/boundedMemo.js';
import { PIPELINE_FIELDS } from '../../core/types.js';
import { CLEAN_TEXT_MAX_LENGTH, CLEAN_UNDER_DEFAULT_RULES } from './cleanTexts.js';
import { normaliseFieldName } from './fieldNames.js';
import { isHashedChildId } from './hashChildId.js';
import { findFieldRule, loadRuleSet } from './ruleSet.js';
import { replaceSpans, scanText } from './textEngine.js';
import type { CompiledTextRule, RuleSet } from './types.js';

/** High-risk residue found after redaction: where, and what kind. Never the value. */
export interface Leak {
  path: string;
  kind: string;
}

/**
 * The kinds that must never leave the pipeline, whatever the rules file says: the leak check runs the default rules
 * of these kinds, compiled once, with the same regular expressions, validators and token boundaries the redactor
 * uses. So a document the redactor cleaned with the default rules never fails the check (the same scan finds
 * nothing where the redactor left a marker or a hash), and what the check finds is residue: from a rule a rules file
 * disabled or changed, a field no rule visits, or a bug.
 */
export const LEAK_KINDS: ReadonlySet<string> = new Set([
  'private_key',
  'jwt',
  'aws_access_key',
  'email',
  'card',
  'child_id',
]);

/** The leak check's detectors: the default text rules of LEAK_KINDS. */
export const DETECTORS: readonly CompiledTextRule[] = loadRuleSet().textRules.filter((rule) =>
  LEAK_KINDS.has(rule.kind),
);

/** Child-id fields the leak check knows whatever a rules file says (normalised names). */
const CHILD_ID_FIELDS = new Set(['childid', 'childids', 'kidid']);
const CHILD_OBJECTS = new Set(['child', 'children', 'kid', 'kids', 'childprofile']);

/** True for a field that must hold a keyed hash: a fixed child-id name, or one a rule hashes. */
function isChildIdField(name: string, parent: string | undefined, rules: RuleSet, key: string): boolean {
  if (CHILD_ID_FIELDS.has(name)) return true;
  if (name === 'id' && parent !== undefined && CHILD_OBJECTS.has(parent)) return true;
  // The default rules hash exactly the fields above; only a rules file's rules can name more.
  return rules !== DEFAULT_RULE_SET && findFieldRule(rules, key, parent)?.action === 'hash';
}

const DEFAULT_RULE_SET = loadRuleSet();

/** What the check needs of a key, once per distinct key: its normalised name, and whether no detector finds anything. */
interface KeyFacts {
  readonly name: string;
  readonly clean: boolean;
}
const KEY_LIMIT = 10_000;
const keyFacts = createBoundedMemo<string, KeyFacts>(KEY_LIMIT);

function factsOf(key: string): KeyFacts {
  let facts = keyFacts.get(key);
  if (facts === undefined) {
    facts = { name: normaliseFieldName(key), clean: scanText(key, DETECTORS).length === 0 };
    keyFacts.set(key, facts);
  }
  return facts;
}

const QUARANTINE_MARK = (kind: string) => `[QUARANTINED:${kind}]`;

/**
 * Strings in which no detector finds anything, remembered (bounded, short strings only): the detectors are fixed, so
 * the answer depends on the text alone, and documents repeat most of their strings (log group, service, messages).
 */
const cleanTexts = createBoundedMemo<string, true>(1024);

/** Detector spans in one string, with the string's residue replaced by quarantine markers. */
function checkText(text: string, check: Check): string {
  const rememberable = text.length <= CLEAN_TEXT_MAX_LENGTH;
  if (check.verified?.has(text)) return text;
  // Its own memory first: the pipeline's own fields (never walked by the redactor) repeat from document to document.
  if (rememberable && (cleanTexts.get(text) || CLEAN_UNDER_DEFAULT_RULES.get(text))) return text;
  const spans = scanText(text, DETECTORS);
  if (spans.length === 0) {
    if (rememberable) cleanTexts.set(text, true);
    return text;
  }
  for (const span of spans) check.leaks.push({ path: pathOf(check), kind: span.rule.kind });
  return replaceSpans(text, spans, (span) => QUARANTINE_MARK(span.rule.kind));
}

/** One run of the leak check: what it walks, and what it found so far. */
interface Check {
  readonly document: object;
  readonly rules: RuleSet;
  readonly leaks: Leak[];
  /** The keys and indices down to the value being checked; joined into a path only when a leak is reported. */
  readonly segments: Array<string | number>;
  /** Strings the redactor's walk verified against the default rules (see Walk.verified): not scanned again. */
  readonly verified?: ReadonlySet<string>;
}

function pathOf(check: Check): string {
  return check.segments
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
    .join('')
    .replace(/^\./, '');
}

function visit(
  check: Check,
  value: unknown,
  parent: string | undefined,
  hashRequired: boolean,
  appData: boolean,
): unknown {
  if (typeof value === 'string') return visitString(check, value, hashRequired);
  if (typeof value === 'number' && hashRequired) {
    check.leaks.push({ path: pathOf(check), kind: 'child_id' });
    return QUARANTINE_MARK('child_id');
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return visitArray(check, value, parent, hashRequired, appData);
  return visitObject(check, value as Record<string, unknown>, parent, appData);
}

function visitString(check: Check, value: string, hashRequired: boolean): string {
  if (hashRequired && value !== '' && !isHashedChildId(value) && !value.startsWith('[REDACTED:')) {
    check.leaks.push({ path: pathOf(check), kind: 'child_id' });
    return QUARANTINE_MARK('child_id');
  }
  return checkText(value, check);
}

function visitArray(
  check: Check,
  value: unknown[],
  parent: string | undefined,
  hashRequired: boolean,
  appData: boolean,
): unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < value.length; index += 1) {
    const item = value[index];
    check.segments.push(index);
    const checked = visit(check, item, parent, hashRequired, appData);
    check.segments.pop();
    if (checked !== item) {
      copy ??= value.slice();
      copy[index] = checked;
    }
  }
  return copy ?? value;
}

function visitObject(
  check: Check,
  source: Record<string, unknown>,
  parent: string | undefined,
  appData: boolean,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  let renamed = false;
  for (const key of Object.keys(source)) {
    const item = source[key];
    // A key is checked like text; a leaking key is reported, and named in paths, by its quarantine marker only.
    const facts = factsOf(key);
    const safeKey = facts.clean ? key : checkText(key, check);
    check.segments.push(safeKey);
    // Field names describe app data; the pipeline's own fields (aws, lambda, redaction counts) get the text
    // detectors only.
    const isAppData = appData && !(source === check.document && PIPELINE_FIELDS.has(key));
    const name = facts.name;
    const mustBeHash = isAppData && isChildIdField(name, parent, check.rules, key);
    const checked = visit(check, item, name, mustBeHash, isAppData);
    check.segments.pop();
    if (safeKey !== key) renamed = true;
    if (checked !== item || safeKey !== key) {
      copy ??= { ...source };
      copy[key] = checked;
    }
  }
  if (!renamed || !copy) return copy ?? source;
  // Rebuilt with the leaking keys replaced (their values already checked above).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(copy)) out[checkText(key, { ...check, leaks: [] })] = copy[key];
  return out;
}

/**
 * Scans every string of a redacted document (pipeline fields included: fail closed) for high-risk residue, and
 * checks that every child-id field holds a keyed hash. Returns the leaks and a copy of the document with each
 * leaking value replaced by `[QUARANTINED:<kind>]`, safe to keep in the quarantine; the same object when clean.
 */
export function findLeaks(
  document: object,
  rules: RuleSet,
  verified?: ReadonlySet<string>,
): { leaks: Leak[]; sanitized: object } {
  const check: Check = { document, rules, leaks: [], segments: [], verified };
  const sanitized = visit(check, document, undefined, false, true) as object;
  return { leaks: check.leaks, sanitized };
}
