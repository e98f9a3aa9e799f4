import { createBoundedMemo } from '../../core/boundedMemo.js';
import { PIPELINE_FIELDS } from '../../core/types.js';
import { normaliseFieldName } from './fieldNames.js';
import { isHashedChildId } from './hashChildId.js';
import { findFieldRule } from './ruleSet.js';
import { hasChar, includesAny, measureText, type TextShape } from './textShape.js';
import type { RuleSet, Validator } from './types.js';
import { VALIDATORS } from './validators.js';

/** High-risk residue found after redaction: where, and what kind. Never the value. */
export interface Leak {
  path: string;
  kind: string;
}

export interface Detector {
  kind: string;
  regex: RegExp;
  /**
   * What every match needs, read off the regex (as in ruleRequirements.ts): false, and the detector cannot match.
   * test/pipeline/redact/textShape.test.ts checks each against its regex.
   */
  requires: (shape: TextShape, text: string) => boolean;
  validator?: Validator;
}

const AT = 64;
const EQUALS = 61;
const COLON = 58;

/**
 * What must never leave the pipeline, whatever the rules file says: these detectors are fixed, not configurable.
 * They are the same shapes the default rules redact, so on a correctly redacted document they find nothing; they
 * catch residue from a rule a rules file disabled, a field no rule visits, or a bug.
 */
export const DETECTORS: readonly Detector[] = [
  {
    kind: 'private_key',
    regex: /-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY-----/g,
    requires: (shape, text) => shape.capitalPair && includesAny(shape, text, ['PRIVATE KEY-----']),
  },
  {
    kind: 'jwt',
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
    requires: (shape, text) => shape.dots >= 2 && includesAny(shape, text, ['eyJ']),
  },
  {
    kind: 'aws_access_key',
    regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    // Every prefix starts with two capitals.
    requires: (shape) => shape.capitalPair,
  },
  {
    kind: 'email',
    regex: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])/g,
    requires: (shape) => hasChar(shape, AT) && shape.dots >= 1,
  },
  {
    kind: 'card',
    regex: /(?<![A-Za-z0-9_.+-])\d(?:[ -]?\d){12,30}(?!\d)/g,
    // 13 digits, single spaces or dashes between.
    requires: (shape) => shape.digitChain >= 13,
    validator: VALIDATORS.luhn,
  },
  {
    kind: 'child_id',
    regex:
      /(?<![A-Za-z0-9_.-])["']?child[-_.]?id["']?[ \t]{0,3}[=:][ \t]{0,3}["']?(?!hmac-sha256:|\[REDACTED:)[A-Za-z0-9]/gi,
    // `child` and `id` in either case, then `=` or `:`.
    requires: (shape) =>
      (hasChar(shape, EQUALS) || hasChar(shape, COLON)) &&
      (hasChar(shape, 99) || hasChar(shape, 67)) &&
      (hasChar(shape, 100) || hasChar(shape, 68)),
  },
];

/** Child-id fields the leak check knows whatever a rules file says (normalised names). */
const CHILD_ID_FIELDS = new Set(['childid', 'childids', 'kidid']);
const CHILD_OBJECTS = new Set(['child', 'children', 'kid', 'kids', 'childprofile']);

/** True for a field that must hold a keyed hash: a fixed child-id name, or one a rule hashes. */
function isChildIdField(name: string, parent: string | undefined, rules: RuleSet, key: string): boolean {
  if (CHILD_ID_FIELDS.has(name)) return true;
  if (name === 'id' && parent !== undefined && CHILD_OBJECTS.has(parent)) return true;
  return findFieldRule(rules, key, parent)?.action === 'hash';
}

const QUARANTINE_MARK = (kind: string) => `[QUARANTINED:${kind}]`;

/**
 * Strings in which no detector finds anything, remembered (bounded, short strings only): the detectors are fixed, so
 * the answer depends on the text alone, and documents repeat most of their strings (log group, service, messages).
 */
const cleanTexts = createBoundedMemo<string, true>(1024);
const CLEAN_TEXT_MAX_LENGTH = 256;

/** Detector spans in one string, with the string's residue replaced by quarantine markers. */
function checkText(text: string, check: Check): string {
  const rememberable = text.length <= CLEAN_TEXT_MAX_LENGTH;
  if (rememberable && cleanTexts.get(text)) return text;
  let out: string | undefined;
  const shape = measureText(text);
  for (const detector of DETECTORS) {
    // Measured on the string as it came, though a later detector scans it with earlier finds replaced: no detector
    // matches `[` or `]`, so a match never reaches into a `[QUARANTINED:kind]` marker and lies within a stretch of
    // the original, and a requirement that holds for a stretch holds for the whole.
    if (!detector.requires(shape, text)) continue;
    const source = out ?? text;
    detector.regex.lastIndex = 0;
    let rebuilt = '';
    let at = 0;
    for (let m = detector.regex.exec(source); m !== null; m = detector.regex.exec(source)) {
      const length = detector.validator ? detector.validator(m[0]) : m[0].length;
      if (length === 0) continue;
      check.leaks.push({ path: pathOf(check), kind: detector.kind });
      rebuilt += source.slice(at, m.index) + QUARANTINE_MARK(detector.kind);
      at = m.index + length;
      detector.regex.lastIndex = at;
    }
    if (at > 0) out = rebuilt + source.slice(at);
  }
  if (out === undefined && rememberable) cleanTexts.set(text, true);
  return out ?? text;
}

/** One run of the leak check: what it walks, and what it found so far. */
interface Check {
  readonly document: object;
  readonly rules: RuleSet;
  readonly leaks: Leak[];
  /** The keys and indices down to the value being checked; joined into a path only when a leak is reported. */
  readonly segments: Array<string | number>;
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
  if (typeof value === 'string') {
    if (hashRequired && value !== '' && !isHashedChildId(value) && !value.startsWith('[REDACTED:')) {
      check.leaks.push({ path: pathOf(check), kind: 'child_id' });
      return QUARANTINE_MARK('child_id');
    }
    return checkText(value, check);
  }
  if (typeof value === 'number' && hashRequired) {
    check.leaks.push({ path: pathOf(check), kind: 'child_id' });
    return QUARANTINE_MARK('child_id');
  }
  if (value === null || typeof value !== 'object') return value;
  const segments = check.segments;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      segments.push(index);
      const checked = visit(check, item, parent, hashRequired, appData);
      segments.pop();
      if (checked !== item) {
        copy ??= value.slice();
        copy[index] = checked;
      }
    }
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const item = source[key];
    segments.push(key);
    // Field names describe app data; the pipeline's own fields (aws, lambda, redaction counts) get the text
    // detectors only.
    const isAppData = appData && !(value === check.document && PIPELINE_FIELDS.has(key));
    const name = normaliseFieldName(key);
    const mustBeHash = isAppData && isChildIdField(name, parent, check.rules, key);
    const checked = visit(check, item, name, mustBeHash, isAppData);
    segments.pop();
    if (checked !== item) {
      copy ??= { ...source };
      copy[key] = checked;
    }
  }
  return copy ?? value;
}

/**
 * Scans every string of a redacted document (pipeline fields included: fail closed) for high-risk residue, and
 * checks that every child-id field holds a keyed hash. Returns the leaks and a copy of the document with each
 * leaking value replaced by `[QUARANTINED:<kind>]`, safe to keep in the quarantine; the same object when clean.
 */
export function findLeaks(document: object, rules: RuleSet): { leaks: Leak[]; sanitized: object } {
  const check: Check = { document, rules, leaks: [], segments: [] };
  const sanitized = visit(check, document, undefined, false, true) as object;
  return { leaks: check.leaks, sanitized };
}
