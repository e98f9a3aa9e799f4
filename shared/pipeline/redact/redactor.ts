import { describeError } from '../../core/errors.js';
import { type LogDocument, PIPELINE_FIELDS, type RedactOutcome } from '../../core/types.js';
import { createAddressBook } from './addresses.js';
import { createExplainer } from './explain.js';
import { assertChildIdKey, createChildIdHasher, isHashedChildId } from './hashChildId.js';
import { checkForLeaks, redactionFailed } from './quarantine.js';
import { findFieldRule, loadRuleSet } from './ruleSet.js';
import type { CompiledFieldRule, Redactor, RedactorOptions, RuleSet } from './types.js';
import { aWalk, count, createWalker, type Walk, type Walker } from './walk.js';

/** Document fields whose text is the app's: patterns run inside them. */
const TEXT_FIELDS = new Set(['message', 'category', 'service', 'environment', 'correlation_id']);

/** A request id as the Lambda runtime writes it (a UUID): the pipeline takes it as it is. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The document's own child_id is always hashed, whatever a rules file says about child-id field names. */
const CHILD_ID_RULE: CompiledFieldRule = { name: 'child-id-field', kind: 'child_id', action: 'hash' };

/**
 * Compiles a redactor from its rules and keys. Throws a ConfigError for a bad key; after that, redaction never throws.
 * The jobs live apart: the object walk (walk.ts), the client address and its country (addresses.ts), the leak check
 * and quarantine (leakCheck.ts, quarantine.ts), and the CLI's explain (explain.ts).
 */
export function createRedactor(options: RedactorOptions): Redactor {
  assertChildIdKey(options.key, 'child-id key');
  for (const [index, key] of (options.previousKeys ?? []).entries()) {
    assertChildIdKey(key, `previous child-id key ${index + 1}`);
  }
  const rules: RuleSet = options.rules ?? loadRuleSet();
  const hashWithCurrentKey = createChildIdHasher(options.key);
  const hashers = [hashWithCurrentKey, ...(options.previousKeys ?? []).map(createChildIdHasher)];
  const hashChildId = (id: string): string => (isHashedChildId(id) ? id : hashWithCurrentKey(id));
  const addresses = createAddressBook(options.geo);
  const walker = createWalker({ rules, hashChildId, networkOf: addresses.networkOf });
  const usesDefaultRules = rules === loadRuleSet();

  return {
    redact(document: LogDocument): RedactOutcome {
      // With the default rules, what the walk verified clean the leak check need not scan again (see Walk.verified).
      const verified = usesDefaultRules ? new Set<string>() : undefined;
      let redacted: LogDocument;
      try {
        redacted = redactDocument(document, rules, walker, addresses, verified);
      } catch (error) {
        return redactionFailed(describeError(error), document);
      }
      return checkForLeaks(redacted, document, rules, verified);
    },

    redactFields(value: Record<string, unknown>) {
      const walk = aWalk();
      const redacted = walker.redactValue(value, undefined, walk, '', 0);
      const record =
        redacted !== null && typeof redacted === 'object' && !Array.isArray(redacted) ? redacted : { value: redacted };
      return { value: record as Record<string, unknown>, counts: Object.fromEntries(walk.counts) };
    },

    hashChildId,

    childIdHashes(id: string): string[] {
      if (isHashedChildId(id)) return [id];
      return hashers.map((hash) => hash(id));
    },

    ...createExplainer(rules, walker),
  };
}

/** One top-level field of a document: the pipeline's own are left alone, known ones by content, others as app data. */
function redactTopField(key: string, value: unknown, rules: RuleSet, walker: Walker, walk: Walk): unknown {
  if (key === 'child_id') {
    return value === undefined ? value : walker.applyFieldRule(CHILD_ID_RULE, value, key, walk, key, 0);
  }
  if (key === 'ecs' || key === 'metadata' || TEXT_FIELDS.has(key)) {
    // Known fields: their own names are not field rules (a `metadata` key is not a secret), their content is.
    return walker.redactValue(value, undefined, walk, key, 0);
  }
  // A field this stage does not know yet is treated like app data: by name, then by content.
  const rule = findFieldRule(rules, key, undefined);
  return rule
    ? walker.applyFieldRule(rule, value, key, walk, key, 0)
    : walker.redactValue(value, undefined, walk, key, 0);
}

function redactDocument(
  document: LogDocument,
  rules: RuleSet,
  walker: Walker,
  addresses: ReturnType<typeof createAddressBook>,
  verified: Set<string> | undefined,
): LogDocument {
  const walk = aWalk(false, verified);
  const out: Record<string, unknown> = { ...document };
  for (const [key, value] of Object.entries(document)) {
    // The app's tags (enrich adds the pipeline's own after this stage) are text like any other.
    const isAppField = key === 'tags' || !(PIPELINE_FIELDS.has(key) || key === 'client_ip');
    if (!isAppField) continue;
    const redacted =
      key === 'tags'
        ? walker.redactValue(value, undefined, walk, key, 0)
        : redactTopField(key, value, rules, walker, walk);
    if (redacted !== value) out[key] = redacted;
  }
  if (addresses.redactClientIp(document, out)) count(walk, 'ip');
  redactRequestId(document, out, walker, walk);
  const redaction = mergeCounts(document.redaction, walk.counts);
  if (redaction) out.redaction = redaction;
  return out as unknown as LogDocument;
}

/**
 * The runtime's request ids are UUIDs; anything else in that column (a Lambda text line's second field, an app's
 * `function_request_id`) came from the app and is checked like its text.
 */
function redactRequestId(document: LogDocument, out: Record<string, unknown>, walker: Walker, walk: Walk): void {
  const requestId = document.lambda?.request_id;
  if (typeof requestId !== 'string' || UUID.test(requestId)) return;
  const safe = walker.redactText(requestId, walk);
  if (safe !== requestId) out.lambda = { ...document.lambda, request_id: safe };
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
