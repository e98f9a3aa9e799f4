/**
 * JSON parsing that cannot pollute prototypes. `JSON.parse` itself creates `__proto__` as an own data property, which
 * is harmless until some later code merges or assigns it (`target[key] = value` then changes `target`'s prototype;
 * `constructor.prototype` chains reach `Object.prototype`). So those three keys are RENAMED, at every depth, to
 * `unsafe:<key>` (e.g. `unsafe:__proto__`): the value is kept for investigation, the dangerous name is gone.
 */

import { mayHaveNonFinite, needsRewrite, rewriteJson } from './lenientJson.js';

export type JsonRecord = Record<string, unknown>;

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const UNSAFE_PREFIX = 'unsafe:';
// Cheap pre-check on the raw text: only lines that mention one of the keys, or use \u escapes (which could spell
// one), pay for the walk. Everything else, the hot path, is returned as JSON.parse made it.
const UNSAFE_HINT = /__proto__|constructor|prototype|\\u/;

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name a key is stored under: itself, or `unsafe:<key>` for a prototype-polluting key. */
export function safeKey(key: string): string {
  return UNSAFE_KEYS.has(key) ? UNSAFE_PREFIX + key : key;
}

const BYTE_ORDER_MARK = 0xfeff;

/**
 * Parses `text` as a JSON object with unsafe keys renamed; undefined when it is not JSON or not an object. Lenient
 * where loggers are (see lenientJson.ts): a byte-order mark, `NaN`/`Infinity`, integers beyond 2^53 (kept as their
 * digits) and fields nested too deep (kept as their JSON text).
 */
export function parseJsonObject(raw: string): JsonRecord | undefined {
  const text = raw.charCodeAt(0) === BYTE_ORDER_MARK ? raw.slice(1) : raw;
  const rewritten = needsRewrite(text);
  let value = parseOrUndefined(rewritten ? rewriteJson(text) : text);
  if (value === undefined && !rewritten && mayHaveNonFinite(text)) value = parseOrUndefined(rewriteJson(text));
  if (!isRecord(value)) return undefined;
  if (UNSAFE_HINT.test(text)) renameUnsafeKeys(value);
  return value;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Renames unsafe keys in place at every depth. Iterative, so a deeply nested line cannot overflow the stack; JSON values are acyclic. */
function renameUnsafeKeys(root: unknown): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) pending.push(item);
      continue;
    }
    const record = node as JsonRecord;
    for (const key of Object.keys(record)) {
      pending.push(record[key]);
      if (UNSAFE_KEYS.has(key)) renameKey(record, key);
    }
  }
}

/** Moves `record[key]` to `unsafe:<key>` (more prefixes while that name is taken). */
function renameKey(record: JsonRecord, key: string): void {
  const value = record[key];
  delete record[key];
  let renamed = UNSAFE_PREFIX + key;
  while (Object.hasOwn(record, renamed)) renamed = UNSAFE_PREFIX + renamed;
  record[renamed] = value;
}
