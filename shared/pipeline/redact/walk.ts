import { createBoundedMemo } from '../../core/boundedMemo.js';
import { CLEAN_TEXT_MAX_LENGTH, CLEAN_UNDER_DEFAULT_RULES } from './cleanTexts.js';
import { normaliseFieldName } from './fieldNames.js';
import { isHashedChildId } from './hashChildId.js';
import { findUnscopedFieldRule, loadRuleSet } from './ruleSet.js';
import { isMarker, replaceSpans, scanText, type TextSpan } from './textEngine.js';
import type { CompiledFieldRule, FieldFinding, RuleSet } from './types.js';

/** Objects nested deeper than this are replaced whole: no real log needs it, and hostile input must not blow the stack. */
const MAX_DEPTH = 64;

/** Strings a rules file's rules find nothing in, remembered as cleanTexts.ts says for the default rules. */
const CLEAN_TEXT_LIMIT = 1024;
/**
 * Passes of the text rules over one string at most. Each pass replaces at least one span, and one replacement can
 * free a neighbour for another rule (`+44 20 7946 0958AKIA…EXAMPLE+44 20 7946 0958child_id=0` takes four); every
 * occurrence moves in the same pass, so the count follows the depth of such chains, not the length of the string.
 * What is left after the last pass the leak check quarantines.
 */
const MAX_PASSES = 16;
/**
 * Strings the text rules changed, remembered with what came out (bounded, short strings only, as cleanTexts.ts says
 * for clean ones): an app logs the same line with the same card or token again and again, and scanning it, replacing
 * and scanning the result again costs several microseconds each time.
 */
const REDACTED_TEXT_LIMIT = 1024;
/** Distinct keys remembered with what the walk needs of them: logs repeat a few hundred keys. */
const KEY_LIMIT = 10_000;

/** What the text rules made of one string: the string handed on, the kinds replaced, and whether it is clean now. */
interface RedactedText {
  readonly out: string;
  readonly kinds: ReadonlyArray<readonly [string, number]>;
  /** No rule finds anything in `out` (see Walk.verified). */
  readonly clean: boolean;
}

interface KeyInfo {
  /** The default rules find nothing in the key as shown. */
  readonly clean: boolean;
  readonly normalised: string;
  readonly rule: CompiledFieldRule | null;
  readonly safeKey: string;
  /** The kinds replaced in the key, with their counts; undefined when the key is shown as it is. */
  readonly kinds: ReadonlyArray<readonly [string, number]> | undefined;
}

/** One walk over one value: what was redacted so far. */
export interface Walk {
  /** A Map, not an object grown key by key: objects of a fresh shape per document cost V8 its optimised code at
   * every full GC (seen as deopts of count() in the logger benchmark). */
  counts: Map<string, number>;
  /** Set by explainFields only: where each rule fired. */
  findings?: FieldFinding[];
  /** Objects on the current path, to cut cycles in objects handed over by an app logger. */
  ancestors: Set<object>;
  /**
   * Set when the walk runs the default rules: every string this walk handed on in which the default rules find
   * nothing (found clean, or redacted until a pass found nothing). The leak check skips them: its detectors are
   * default rules run by the same engine, so they would find nothing either.
   */
  verified?: Set<string>;
}

/** A fresh walk; `withFindings` collects where each rule fired (explainFields). */
export function aWalk(withFindings = false, verified?: Set<string>): Walk {
  if (withFindings) return { counts: new Map(), findings: [], ancestors: new Set() };
  return verified ? { counts: new Map(), ancestors: new Set(), verified } : { counts: new Map(), ancestors: new Set() };
}

export function count(walk: Walk, kind: string): void {
  walk.counts.set(kind, (walk.counts.get(kind) ?? 0) + 1);
}

export function marker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** The path of a child value: built only when findings are collected (explainFields), the rest never reads it. */
function pathOf(walk: Walk, path: string, key: string): string {
  if (walk.findings === undefined) return '';
  return path ? `${path}.${key}` : key;
}

function indexPathOf(walk: Walk, path: string, index: number): string {
  return walk.findings === undefined ? '' : `${path}[${index}]`;
}

/** Rounds a coordinate written as text to one decimal; text that is not a number is not a coordinate. */
function coarsenText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^-?\d{1,3}(?:\.\d+)?$/.test(trimmed)) return undefined;
  const dot = trimmed.indexOf('.');
  if (dot < 0 || trimmed.length - dot - 1 <= 1) return text;
  return (Math.round(Number(trimmed) * 10) / 10).toFixed(1);
}

function coarsenNumber(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10) / 10 : value;
}

export function mapArray(values: unknown[], map: (item: unknown, index: number) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < values.length; i += 1) {
    const mapped = map(values[i], i);
    if (mapped !== values[i]) {
      copy ??= values.slice();
      copy[i] = mapped;
    }
  }
  return copy ?? values;
}

/**
 * The object with its keys renamed, in the same order. Two keys that become the same marker both stay
 * (`[REDACTED:email]`, `[REDACTED:email]#2`): redaction never drops a value.
 */
function renameKeys(source: Record<string, unknown>, renamed: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const base = renamed.get(key) ?? key;
    let name = base;
    for (let n = 2; Object.hasOwn(out, name); n += 1) name = `${base}#${n}`;
    out[name] = source[key];
  }
  return out;
}

function withRename(renamed: Map<string, string> | undefined, key: string, safeKey: string): Map<string, string> {
  const map = renamed ?? new Map<string, string>();
  map.set(key, safeKey);
  return map;
}

/** What the walk needs from the redactor: its rules, the keyed hash, and address truncation. */
export interface WalkDeps {
  rules: RuleSet;
  /** The keyed child-id hash; a value already hashed is returned unchanged. */
  hashChildId: (id: string) => string;
  /** An address cut to its network, or undefined when the text is not an address. */
  networkOf: (text: string) => string | undefined;
}

/** The object walk: every string through the text rules, every field through the field rules, at any depth. */
export interface Walker {
  /** Any value, at any depth. `parent` is the normalised key of the enclosing object. */
  redactValue(value: unknown, parent: string | undefined, walk: Walk, path: string, depth: number): unknown;
  /** A value under a field a rule names. */
  applyFieldRule(
    rule: CompiledFieldRule,
    value: unknown,
    key: string,
    walk: Walk,
    path: string,
    depth: number,
  ): unknown;
  /** One string through the text rules. */
  redactText(text: string, walk: Walk): string;
}

export function createWalker({ rules, hashChildId, networkOf }: WalkDeps): Walker {
  const cleanTexts =
    rules === loadRuleSet() ? CLEAN_UNDER_DEFAULT_RULES : createBoundedMemo<string, true>(CLEAN_TEXT_LIMIT);

  const replaceText = (span: TextSpan, matched: string): string => {
    switch (span.rule.action) {
      case 'hash':
        return hashChildId(matched);
      case 'coarsen':
        return coarsenText(matched) ?? marker(span.rule.kind);
      default:
        return marker(span.rule.kind);
    }
  };

  /** One pass of the text rules over a string: the string with what they found replaced. */
  const replaceOnce = (text: string, spans: readonly TextSpan[], walk: Walk, path: string): string =>
    replaceSpans(text, spans, (span, matched) => {
      const replacement = replaceText(span, matched);
      if (replacement !== matched) {
        count(walk, span.rule.kind);
        walk.findings?.push({
          path,
          rule: span.rule.name,
          kind: span.rule.kind,
          matched,
          start: span.start,
          end: span.end,
        });
      }
      return replacement;
    });

  const redactedTexts = createBoundedMemo<string, RedactedText>(REDACTED_TEXT_LIMIT);

  /**
   * The spans of a string, none when it is remembered clean: what a pass leaves is often the same string for lines
   * that differed only in what was replaced (`reset for [REDACTED:email]`), and then the next pass is a look-up.
   */
  const scanOrRecall = (text: string): readonly TextSpan[] => {
    const rememberable = text.length <= CLEAN_TEXT_MAX_LENGTH;
    if (rememberable && cleanTexts.get(text)) return [];
    const spans = scanText(text, rules.textRules);
    if (spans.length === 0 && rememberable) cleanTexts.set(text, true);
    return spans;
  };

  const redactText = (text: string, walk: Walk, path: string): string => {
    const rememberable = text.length <= CLEAN_TEXT_MAX_LENGTH;
    if (rememberable && cleanTexts.get(text)) {
      walk.verified?.add(text);
      return text;
    }
    // explainFields wants every finding with its position: it never takes a remembered answer.
    const replayable = rememberable && walk.findings === undefined;
    const remembered = replayable ? redactedTexts.get(text) : undefined;
    if (remembered !== undefined) return replay(remembered, walk);
    const spans = scanText(text, rules.textRules);
    if (spans.length === 0) {
      if (rememberable) cleanTexts.set(text, true);
      walk.verified?.add(text);
      return text;
    }
    return replayable ? replay(redactAndRemember(text, spans, path), walk) : redactUntilClean(text, spans, walk, path);
  };

  /** Redacts a string on a walk of its own and remembers what came out, for replay on every walk. */
  const redactAndRemember = (text: string, spans: readonly TextSpan[], path: string): RedactedText => {
    const own = aWalk(false, new Set());
    const out = redactUntilClean(text, spans, own, path);
    const redacted: RedactedText = { out, kinds: [...own.counts], clean: own.verified?.has(out) === true };
    redactedTexts.set(text, redacted);
    return redacted;
  };

  /** A string's redaction as it was worked out before: its counts added to this walk's, the same string handed on. */
  const replay = (redacted: RedactedText, walk: Walk): string => {
    for (const [kind, n] of redacted.kinds) walk.counts.set(kind, (walk.counts.get(kind) ?? 0) + n);
    if (redacted.clean) walk.verified?.add(redacted.out);
    return redacted.out;
  };

  /**
   * Replaces what the rules found, and again until nothing changes: a marker can end a token another rule then sees
   * whole (`δοκιμή@παράδειγμα.δοκιμή4111 1111 1111 1111` is an address only once the card is gone). So what this
   * stage hands on has no match of any rule left, and the leak check, running the same rules, finds none.
   */
  const redactUntilClean = (text: string, found: readonly TextSpan[], walk: Walk, path: string): string => {
    let out = text;
    let spans = found;
    for (let pass = 0; pass < MAX_PASSES && spans.length > 0; pass += 1) {
      const next = replaceOnce(out, spans, walk, path);
      if (next === out) break;
      out = next;
      spans = scanOrRecall(out);
    }
    if (spans.length === 0) walk.verified?.add(out);
    return out;
  };

  const noteField = (walk: Walk, rule: CompiledFieldRule, path: string, value: unknown): void => {
    count(walk, rule.kind);
    walk.findings?.push({
      path,
      rule: rule.name,
      kind: rule.kind,
      matched: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)),
    });
  };

  const hashField = (rule: CompiledFieldRule, value: unknown, key: string, walk: Walk, path: string, depth: number) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
      const id = String(value);
      if (isHashedChildId(id)) return value;
      noteField(walk, rule, path, value);
      return hashChildId(id);
    }
    return redactValue(value, normaliseFieldName(key), walk, path, depth);
  };

  const coarsenField = (
    rule: CompiledFieldRule,
    value: unknown,
    key: string,
    walk: Walk,
    path: string,
    depth: number,
  ) => {
    if (typeof value === 'number') {
      const coarse = coarsenNumber(value);
      if (coarse !== value) noteField(walk, rule, path, value);
      return coarse;
    }
    if (typeof value === 'string') {
      const coarse = coarsenText(value);
      if (coarse === value) return value;
      noteField(walk, rule, path, value);
      return coarse ?? marker(rule.kind);
    }
    return redactValue(value, normaliseFieldName(key), walk, path, depth);
  };

  const truncateField = (
    rule: CompiledFieldRule,
    value: unknown,
    key: string,
    walk: Walk,
    path: string,
    depth: number,
  ) => {
    if (typeof value === 'string') {
      const network = networkOf(value);
      if (network === undefined) return redactText(value, walk, path);
      if (network !== value) noteField(walk, rule, path, value);
      return network;
    }
    return redactValue(value, normaliseFieldName(key), walk, path, depth);
  };

  const applyFieldRule = (
    rule: CompiledFieldRule,
    value: unknown,
    key: string,
    walk: Walk,
    path: string,
    depth: number,
  ): unknown => {
    if (value === null || value === undefined || typeof value === 'boolean' || value === '') return value;
    if (typeof value === 'string' && isMarker(value)) return value;
    if (Array.isArray(value) && rule.action !== 'mask') {
      return mapArray(value, (item, index) =>
        applyFieldRule(rule, item, key, walk, indexPathOf(walk, path, index), depth + 1),
      );
    }
    switch (rule.action) {
      case 'hash':
        return hashField(rule, value, key, walk, path, depth);
      case 'coarsen':
        return coarsenField(rule, value, key, walk, path, depth);
      case 'truncateIp':
        return truncateField(rule, value, key, walk, path, depth);
      default: {
        if (typeof value === 'object' && Object.keys(value as object).length === 0) return value;
        noteField(walk, rule, path, value);
        return marker(rule.kind);
      }
    }
  };

  /**
   * What the walk needs of a key, worked out once per distinct key: its normalised name, its unscoped field rule, and
   * the key as it may be shown (PII in a key is replaced) with the kinds replaced. One look-up per key on the hot
   * path instead of three (normalise, rule, text scan).
   */
  const keys = createBoundedMemo<string, KeyInfo>(KEY_LIMIT);
  const keyInfoOf = (key: string): KeyInfo => {
    let info = keys.get(key);
    if (info === undefined) {
      const normalised = normaliseFieldName(key);
      const scan = aWalk(false, new Set());
      const safeKey = redactText(key, scan, '');
      info = {
        clean: scan.verified?.has(safeKey) === true,
        normalised,
        rule: findUnscopedFieldRule(rules, normalised) ?? null,
        safeKey,
        kinds: safeKey === key ? undefined : [...scan.counts],
      };
      keys.set(key, info);
    }
    return info;
  };

  /** The key as it may be shown, its redactions counted (and, for explainFields, noted where they are). */
  const safeKeyOf = (key: string, info: KeyInfo, walk: Walk, path: string): string => {
    if (info.clean) walk.verified?.add(info.safeKey);
    if (info.kinds === undefined) return key;
    if (walk.findings !== undefined) return redactText(key, walk, path);
    for (const [kind, n] of info.kinds) walk.counts.set(kind, (walk.counts.get(kind) ?? 0) + n);
    return info.safeKey;
  };

  /** One field's value: by the field rule when there is one, else by content. */
  const redactField = (
    rule: CompiledFieldRule | null,
    item: unknown,
    key: string,
    info: KeyInfo,
    walk: Walk,
    path: string,
    depth: number,
  ): unknown =>
    rule ? applyFieldRule(rule, item, key, walk, path, depth) : redactValue(item, info.normalised, walk, path, depth);

  const redactFields = (
    source: Record<string, unknown>,
    parent: string | undefined,
    walk: Walk,
    path: string,
    depth: number,
  ): Record<string, unknown> => {
    let copy: Record<string, unknown> | undefined;
    let renamed: Map<string, string> | undefined;
    const scoped = parent !== undefined && rules.parents.has(parent);
    for (const key of Object.keys(source)) {
      const item = source[key];
      const itemPath = pathOf(walk, path, key);
      const info = keyInfoOf(key);
      // A key is text too: an app that keys a map by e-mail address or phone number logs PII in its keys.
      const safeKey = safeKeyOf(key, info, walk, itemPath);
      if (safeKey !== key) renamed = withRename(renamed, key, safeKey);
      const scopedRule = scoped && rules.fieldsWithin.get(`${parent}/${info.normalised}`);
      const redacted = redactField(scopedRule || info.rule, item, key, info, walk, itemPath, depth + 1);
      if (redacted !== item) {
        copy ??= { ...source };
        copy[key] = redacted;
      }
    }
    const fields = copy ?? source;
    return renamed ? renameKeys(fields, renamed) : fields;
  };

  const redactObject = (
    value: object,
    parent: string | undefined,
    walk: Walk,
    path: string,
    depth: number,
  ): unknown => {
    if (walk.ancestors.has(value)) return '[Circular]';
    if (depth > MAX_DEPTH) {
      count(walk, 'depth_limit');
      return marker('depth_limit');
    }
    walk.ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        return mapArray(value, (item, index) =>
          redactValue(item, parent, walk, indexPathOf(walk, path, index), depth + 1),
        );
      }
      return redactFields(value as Record<string, unknown>, parent, walk, path, depth);
    } finally {
      walk.ancestors.delete(value);
    }
  };

  const redactValue = (
    value: unknown,
    parent: string | undefined,
    walk: Walk,
    path: string,
    depth: number,
  ): unknown => {
    if (typeof value === 'string') return redactText(value, walk, path);
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return value;
    if (value instanceof Error) {
      // What an app logger would serialise of an error; its own fields are redacted like any others.
      return redactObject(
        { ...value, type: value.name, message: value.message, stack: value.stack },
        parent,
        walk,
        path,
        depth,
      );
    }
    if (!Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return redactValue((value as { toJSON: () => unknown }).toJSON(), parent, walk, path, depth);
    }
    return redactObject(value, parent, walk, path, depth);
  };

  return { redactValue, applyFieldRule, redactText: (text, walk) => redactText(text, walk, '') };
}
