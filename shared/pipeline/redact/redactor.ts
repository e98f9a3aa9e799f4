import { describeError } from '../../core/errors.js';
import { type GeoLocation, type LogDocument, PIPELINE_FIELDS, type RedactOutcome } from '../../core/types.js';
import { type GeoLookup, truncateIp } from '../../engines/geo/index.js';
import { normaliseFieldName } from './fieldNames.js';
import { assertChildIdKey, createChildIdHasher, isHashedChildId } from './hashChildId.js';
import { findLeaks } from './leakCheck.js';
import { createRecentSet } from './recentSet.js';
import { type CompiledFieldRule, findFieldRule, loadRuleSet, type RuleSet } from './ruleSet.js';
import { isMarker, replaceSpans, scanText, type TextSpan } from './textEngine.js';
import type { FieldFinding, Redactor, RedactorOptions } from './types.js';

/** Objects nested deeper than this are replaced whole: no real log needs it, and hostile input must not blow the stack. */
const MAX_DEPTH = 64;

/**
 * Strings no text rule matches are remembered (at most about twice this many, each at most CLEAN_TEXT_MAX_LENGTH
 * long): services log the same messages, names and values again and again, and the answer depends on the text alone.
 */
const CLEAN_TEXT_LIMIT = 1024;
/** Addresses remembered with their network and country (clients repeat within and across batches); bounded. */
const ADDRESS_LIMIT = 1024;
/** Longer text is not an address: not remembered. */
const ADDRESS_MAX_LENGTH = 64;
const CLEAN_TEXT_MAX_LENGTH = 256;

/** Document fields whose text is the app's: patterns run inside them. */
const TEXT_FIELDS = new Set(['message', 'category', 'service', 'environment', 'correlation_id']);

interface Walk {
  /** A Map, not an object grown key by key: objects of a fresh shape per document cost V8 its optimised code at
   * every full GC (seen as deopts of count() in the logger benchmark). */
  counts: Map<string, number>;
  /** Set by explainFields only: where each rule fired. */
  findings?: FieldFinding[];
  /** Objects on the current path, to cut cycles in objects handed over by an app logger. */
  ancestors: Set<object>;
}

/** The path of a child value: built only when findings are collected (explainFields), the rest never reads it. */
function pathOf(walk: Walk, path: string, key: string): string {
  if (walk.findings === undefined) return '';
  return path ? `${path}.${key}` : key;
}

function indexPathOf(walk: Walk, path: string, index: number): string {
  return walk.findings === undefined ? '' : `${path}[${index}]`;
}

function count(walk: Walk, kind: string): void {
  walk.counts.set(kind, (walk.counts.get(kind) ?? 0) + 1);
}

function marker(kind: string): string {
  return `[REDACTED:${kind}]`;
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

/**
 * Compiles a redactor from its rules and keys. Throws a ConfigError for a bad key; after that, redaction never throws.
 */
export function createRedactor(options: RedactorOptions): Redactor {
  assertChildIdKey(options.key, 'child-id key');
  for (const [index, key] of (options.previousKeys ?? []).entries()) {
    assertChildIdKey(key, `previous child-id key ${index + 1}`);
  }
  const rules: RuleSet = options.rules ?? loadRuleSet();
  const geo = options.geo;
  const hashWithCurrentKey = createChildIdHasher(options.key);
  const hashers = [hashWithCurrentKey, ...(options.previousKeys ?? []).map(createChildIdHasher)];

  const hashChildId = (id: string): string => (isHashedChildId(id) ? id : hashWithCurrentKey(id));

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

  const cleanTexts = createRecentSet(CLEAN_TEXT_LIMIT);

  // What truncateIp and the GeoIP lookup answer depends on the address alone (the database is fixed).
  const networks = new Map<string, string | null>();
  const networkOf = (text: string): string | undefined => {
    if (text.length > ADDRESS_MAX_LENGTH) return truncateIp(text);
    let network = networks.get(text);
    if (network === undefined) {
      network = truncateIp(text) ?? null;
      if (networks.size >= ADDRESS_LIMIT) networks.clear();
      networks.set(text, network);
    }
    return network ?? undefined;
  };
  const locations = new Map<string, GeoLocation | null>();
  const locate = (lookup: GeoLookup, address: string): GeoLocation | undefined => {
    if (address.length > ADDRESS_MAX_LENGTH) return lookup.lookup(address);
    let location = locations.get(address);
    if (location === undefined) {
      location = lookup.lookup(address) ?? null;
      if (locations.size >= ADDRESS_LIMIT) locations.clear();
      locations.set(address, location);
    }
    // A copy per document: documents never share an object.
    return location ? { ...location } : undefined;
  };

  const redactText = (text: string, walk: Walk, path: string): string => {
    const rememberable = text.length <= CLEAN_TEXT_MAX_LENGTH;
    if (rememberable && cleanTexts.has(text)) return text;
    const spans = scanText(text, rules.textRules);
    if (spans.length === 0) {
      if (rememberable) cleanTexts.add(text);
      return text;
    }
    return replaceSpans(text, spans, (span, matched) => {
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

  /** A value under a field a rule names. */
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
      case 'hash': {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
          const id = String(value);
          if (isHashedChildId(id)) return value;
          noteField(walk, rule, path, value);
          return hashChildId(id);
        }
        return redactValue(value, normaliseFieldName(key), walk, path, depth);
      }
      case 'coarsen': {
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
      }
      case 'truncateIp': {
        if (typeof value === 'string') {
          const network = networkOf(value);
          if (network === undefined) return redactText(value, walk, path);
          if (network !== value) noteField(walk, rule, path, value);
          return network;
        }
        return redactValue(value, normaliseFieldName(key), walk, path, depth);
      }
      default: {
        if (typeof value === 'object' && Object.keys(value as object).length === 0) return value;
        noteField(walk, rule, path, value);
        return marker(rule.kind);
      }
    }
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
      let copy: Record<string, unknown> | undefined;
      const source = value as Record<string, unknown>;
      for (const key of Object.keys(source)) {
        const item = source[key];
        const itemPath = pathOf(walk, path, key);
        const rule = findFieldRule(rules, key, parent);
        const redacted = rule
          ? applyFieldRule(rule, item, key, walk, itemPath, depth + 1)
          : redactValue(item, normaliseFieldName(key), walk, itemPath, depth + 1);
        if (redacted !== item) {
          copy ??= { ...source };
          copy[key] = redacted;
        }
      }
      return copy ?? value;
    } finally {
      walk.ancestors.delete(value);
    }
  };

  /** Any value, at any depth: strings through the text rules, objects key by key. */
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

  const redactDocument = (document: LogDocument): { document: LogDocument; counts: Record<string, number> } => {
    const walk: Walk = { counts: new Map(), ancestors: new Set() };
    const out: Record<string, unknown> = { ...document };
    for (const [key, value] of Object.entries(document)) {
      if (PIPELINE_FIELDS.has(key) || key === 'client_ip') continue;
      let redacted: unknown;
      if (key === 'child_id') {
        redacted = value === undefined ? value : applyFieldRule(CHILD_ID_RULE, value, key, walk, key, 0);
      } else if (key === 'ecs' || key === 'metadata' || TEXT_FIELDS.has(key)) {
        // Known fields: their own names are not field rules (a `metadata` key is not a secret), their content is.
        redacted = redactValue(value, undefined, walk, key, 0);
      } else {
        // A field this stage does not know yet is treated like app data: by name, then by content.
        const rule = findFieldRule(rules, key, undefined);
        redacted = rule ? applyFieldRule(rule, value, key, walk, key, 0) : redactValue(value, undefined, walk, key, 0);
      }
      if (redacted !== value) out[key] = redacted;
    }
    if (typeof document.client_ip === 'string') {
      const raw = document.client_ip;
      const network = networkOf(raw);
      if (geo && !document.geoip) {
        const location = locate(geo, raw);
        if (location) out.geoip = location;
      }
      if (network === undefined) {
        // Not an address (`unknown`, a hostname): nothing to truncate, so nothing of it is kept.
        delete out.client_ip;
        count(walk, 'ip');
      } else if (network !== raw) {
        out.client_ip = network;
        count(walk, 'ip');
      }
    }
    if (document.geoip) out.geoip = keepCountryOnly(document.geoip);
    const redaction = mergeCounts(document.redaction, walk.counts);
    if (redaction) out.redaction = redaction;
    return { document: out as unknown as LogDocument, counts: Object.fromEntries(walk.counts) };
  };

  return {
    redact(document: LogDocument): RedactOutcome {
      let redacted: LogDocument;
      try {
        redacted = redactDocument(document).document;
      } catch (error) {
        return {
          ok: false,
          leak: false,
          reason: `redaction failed: ${describeError(error)}`,
          content: describeForQuarantine(document),
        };
      }
      try {
        const { leaks, sanitized } = findLeaks(redacted, rules);
        if (leaks.length === 0) return { ok: true, document: redacted };
        const first = leaks[0];
        return {
          ok: false,
          leak: true,
          reason: `leak check: ${first.kind} in ${first.path}`,
          content: JSON.stringify({ quarantine: 'leak check', leaks, document: sanitized }),
        };
      } catch (error) {
        return {
          ok: false,
          leak: false,
          reason: `redaction failed: leak check: ${describeError(error)}`,
          content: describeForQuarantine(document),
        };
      }
    },

    redactFields(value: Record<string, unknown>) {
      const walk: Walk = { counts: new Map(), ancestors: new Set() };
      const redacted = redactValue(value, undefined, walk, '', 0);
      const record =
        redacted !== null && typeof redacted === 'object' && !Array.isArray(redacted) ? redacted : { value: redacted };
      return { value: record as Record<string, unknown>, counts: Object.fromEntries(walk.counts) };
    },

    hashChildId,

    childIdHashes(id: string): string[] {
      if (isHashedChildId(id)) return [id];
      return hashers.map((hash) => hash(id));
    },

    explain(text: string) {
      return scanText(text, rules.textRules).map((span: TextSpan) => ({
        rule: span.rule.name,
        kind: span.rule.kind,
        start: span.start,
        end: span.end,
      }));
    },

    explainFields(value: Record<string, unknown>): FieldFinding[] {
      const walk: Walk = { counts: new Map(), findings: [], ancestors: new Set() };
      redactValue(value, undefined, walk, '', 0);
      return walk.findings ?? [];
    },
  };
}

/** The document's own child_id is always hashed, whatever a rules file says about child-id field names. */
const CHILD_ID_RULE: CompiledFieldRule = { name: 'child-id-field', kind: 'child_id', action: 'hash' };

function mapArray(values: unknown[], map: (item: unknown, index: number) => unknown): unknown[] {
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

function keepCountryOnly(geoip: GeoLocation): GeoLocation {
  const kept: GeoLocation = {};
  if (typeof geoip.country_iso_code === 'string') kept.country_iso_code = geoip.country_iso_code;
  if (typeof geoip.continent_code === 'string') kept.continent_code = geoip.continent_code;
  return kept;
}

function mergeCounts(
  existing: Record<string, number> | undefined,
  added: ReadonlyMap<string, number>,
): Record<string, number> | undefined {
  if (added.size === 0) return existing;
  const merged = { ...existing };
  for (const [kind, n] of added) merged[kind] = (merged[kind] ?? 0) + n;
  return merged;
}

/**
 * What the quarantine keeps of a record whose redaction failed. Not the record: it may hold exactly the secrets
 * redaction could not remove, and a dead letter is read by people and kept outside the erasure path. Only the
 * pipeline's own fields are kept, which locate the original event in CloudWatch Logs (where it stays under the log
 * group's retention) so it can be replayed once the fault is fixed.
 */
function describeForQuarantine(document: LogDocument): string {
  try {
    return JSON.stringify({
      quarantine: 'redaction failed',
      note: 'the record is not kept here; find it in CloudWatch Logs by aws.log_group, aws.log_stream and aws.event_id',
      '@timestamp': document?.['@timestamp'],
      level: document?.level,
      aws: document?.aws,
      lambda: document?.lambda?.request_id ? { request_id: document.lambda.request_id } : undefined,
    });
  } catch {
    return JSON.stringify({ quarantine: 'redaction failed' });
  }
}
