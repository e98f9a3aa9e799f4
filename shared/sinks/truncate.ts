import type { LogDocument } from '../core/types.js';

/** A document serialized to fit a size limit, or the reason it cannot be made to fit. */
export type FittedDocument =
  | { ok: true; document: LogDocument; json: string; bytes: number; truncated: boolean }
  | { ok: false; reason: string };

/** Slack for rounding; the marker fields themselves are counted exactly. */
const MARKER_ALLOWANCE_BYTES = 16;

/** When metadata must be cut too, the message keeps at least this much (or all of it, if shorter). */
const MESSAGE_KEPT_BYTES = 4 * 1024;

/** Metadata strings shorter than this are not worth cutting one by one. */
const SHORTEST_STRING_CUT_BYTES = 256;

/**
 * Serializes a document to at most `maxBytes` UTF-8 bytes (a trailing newline included, when `newline` is set).
 * A document that is too large is cut, never dropped: first the message, then the largest strings in `metadata`,
 * and as a last resort `metadata` is replaced by a prefix of its JSON text. A cut document carries
 * `truncated: true` and `original_size` (bytes of the uncut JSON), and is still valid JSON.
 */
export function fitDocument(original: LogDocument, maxBytes: number, newline = false): FittedDocument {
  const document = boundIndexedTerms(original);
  const extra = newline ? 1 : 0;
  const json = JSON.stringify(document);
  const bytes = Buffer.byteLength(json) + extra;
  if (bytes <= maxBytes) return { ok: true, document, json, bytes, truncated: document !== original };

  const limit = maxBytes - extra - MARKER_ALLOWANCE_BYTES;
  const cut: LogDocument = { ...document, message: '', truncated: true, original_size: bytes - extra };
  if (sizeOf(cut) > limit && cut.metadata) {
    // Even without its message the document is too large: cut metadata, keeping some room for the message.
    const messageRoom = Math.min(MESSAGE_KEPT_BYTES, serializedLength(document.message, document.message.length));
    cut.metadata = structuredClone(cut.metadata);
    cutLargestStrings(cut, cut.metadata, limit - messageRoom);
    if (sizeOf(cut) > limit - messageRoom) {
      cut.metadata = { truncated_json: '' };
      cut.metadata.truncated_json = longestPrefixWithin(
        JSON.stringify(document.metadata),
        limit - messageRoom - sizeOf(cut),
      );
    }
  }
  cut.message = longestPrefixWithin(document.message, limit - sizeOf(cut));
  const cutJson = JSON.stringify(cut);
  const cutBytes = Buffer.byteLength(cutJson) + extra;
  if (cutBytes > maxBytes) {
    return {
      ok: false,
      reason: `document of ${bytes} bytes cannot be cut below the limit of ${maxBytes} bytes (its fields other than message and metadata are too large)`,
    };
  }
  return { ok: true, document: cut, json: cutJson, bytes: cutBytes, truncated: true };
}

function sizeOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * The longest prefix of `text` whose JSON-escaped UTF-8 form takes at most `room` bytes. Escaping makes a character
 * cost 1 to 12 bytes, so the prefix is found by binary search on its serialized size rather than computed.
 */
function longestPrefixWithin(text: string, room: number): string {
  if (room <= 0) return '';
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (serializedLength(text, middle) <= room) low = middle;
    else high = middle - 1;
  }
  return prefixOf(text, low);
}

/** Bytes the first `length` UTF-16 units of `text` add inside an existing JSON string. */
function serializedLength(text: string, length: number): number {
  return Buffer.byteLength(JSON.stringify(prefixOf(text, length))) - 2;
}

/** A prefix that never ends inside a surrogate pair, so the text stays well-formed. */
function prefixOf(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? length - 1 : length;
  return text.slice(0, end);
}

/**
 * Cuts the largest strings inside `metadata`, largest first, until `root` fits in `limit` or only short strings are
 * left (then the caller falls back to a prefix of the metadata's JSON). The excess is tracked by arithmetic, not by
 * serializing the document again after every cut, so a document with many keys stays cheap.
 */
function cutLargestStrings(root: LogDocument, metadata: Record<string, unknown>, limit: number): void {
  let excess = sizeOf(root) - limit;
  const strings: Array<{ holder: Record<string, unknown>; key: string; size: number }> = [];
  collectStrings(metadata, strings);
  strings.sort((a, b) => b.size - a.size);
  for (const entry of strings) {
    if (excess <= 0 || entry.size < SHORTEST_STRING_CUT_BYTES) return;
    const kept = longestPrefixWithin(entry.holder[entry.key] as string, entry.size - excess);
    entry.holder[entry.key] = kept;
    excess -= entry.size - serializedLength(kept, kept.length);
  }
}

function collectStrings(
  value: unknown,
  into: Array<{ holder: Record<string, unknown>; key: string; size: number }>,
  depth = 0,
): void {
  if (depth > 64 || value === null || typeof value !== 'object') return;
  const holder = value as Record<string, unknown>;
  for (const key of Object.keys(holder)) {
    const child = holder[key];
    if (typeof child === 'string') into.push({ holder, key, size: serializedLength(child, child.length) });
    else collectStrings(child, into, depth + 1);
  }
}

/**
 * Lucene refuses a term longer than 32,766 UTF-8 bytes, and a document holding one is rejected whole. `metadata` and
 * `ecs` are `flat_object`s, which index every leaf as a keyword term and take no `ignore_above`, so each of their
 * strings is cut to fit with a marker (`…[truncated: 40000 bytes]`); the top-level keywords have `ignore_above` in
 * the index template instead. https://lucene.apache.org/core/9_0_0/core/org/apache/lucene/index/IndexWriter.html
 */
export const MAX_TERM_BYTES = 32_766;

/** flat_object also indexes `<path>=<value>`: a leaf's room is the term limit less its path (and some slack). */
const TERM_PATH_SLACK_BYTES = 64;
const MAX_TERM_WALK_DEPTH = 128;

/** The document with every metadata / ecs string short enough to be a term; the same object when none was cut. */
export function boundIndexedTerms(document: LogDocument): LogDocument {
  const metadata = document.metadata && boundTerms(document.metadata, 'metadata'.length, 0);
  const ecs = document.ecs && boundTerms(document.ecs, 'ecs'.length, 0);
  if (metadata === document.metadata && ecs === document.ecs) return document;
  const bounded: LogDocument = { ...document, truncated: true };
  if (metadata !== undefined) bounded.metadata = metadata as Record<string, unknown>;
  if (ecs !== undefined) bounded.ecs = ecs as Record<string, string>;
  return bounded;
}

/** `value` with over-long strings cut; copy-on-write, so an untouched branch is the caller's own object. */
function boundTerms(value: unknown, pathBytes: number, depth: number): unknown {
  if (typeof value === 'string') return boundString(value, MAX_TERM_BYTES - pathBytes - TERM_PATH_SLACK_BYTES);
  if (value === null || typeof value !== 'object' || depth > MAX_TERM_WALK_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const bounded = boundTerms(item, pathBytes, depth + 1);
      if (bounded === item) return;
      copy ??= [...value];
      copy[i] = bounded;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const bounded = boundTerms(item, pathBytes + key.length * 3 + 1, depth + 1);
    if (bounded === item) continue;
    copy ??= { ...record };
    copy[key] = bounded;
  }
  return copy ?? value;
}

function boundString(text: string, room: number): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most strings are known to fit without being measured.
  if (text.length * 3 <= room) return text;
  const bytes = Buffer.byteLength(text);
  if (bytes <= room) return text;
  const marker = `…[truncated: ${bytes} bytes]`;
  const encoded = Buffer.from(text);
  let cut = Math.max(0, room - Buffer.byteLength(marker));
  // Back to the start of a character, so the prefix is valid UTF-8.
  while (cut > 0 && ((encoded[cut] as number) & 0xc0) === 0x80) cut -= 1;
  return encoded.toString('utf8', 0, cut) + marker;
}
