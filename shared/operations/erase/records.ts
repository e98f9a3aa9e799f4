import { gunzipSync } from 'node:zlib';
// An embedded payload is at most one subscription payload (a Lambda on-failure event's `awslogs.data`, a dead
// letter's raw content) or one Firehose record, so the decode stage's cap — and its reasoning — applies here too.
import { MAX_INFLATED_BYTES } from '../../pipeline/decode/limits.js';
import { type ChildMatcher, createHashMatcher } from './childMatcher.js';

/** Shorter strings are not worth decoding: no encoded document fits in them. */
const MIN_ENCODED_LENGTH = 24;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Payloads nest at most twice: a dead letter's content holding a subscription event holding app lines. */
const MAX_DEPTH = 3;

/**
 * True when the text is about the child (the matcher says so): directly, or inside a base64 (optionally gzipped)
 * payload carried in a JSON field — a Firehose backup's `rawData`, a Lambda failure destination's
 * `requestPayload.awslogs.data`, a dead letter's raw `content`.
 */
export function mentionsChild(text: string, matches: ChildMatcher, depth = 0): boolean {
  if (matches(text)) return true;
  if (depth >= MAX_DEPTH) return false;
  for (const decoded of decodeEmbedded(text)) {
    if (mentionsChild(decoded, matches, depth + 1)) return true;
  }
  return false;
}

/** True when the text mentions any of the hashes, directly or inside an embedded payload. */
export function mentionsAny(text: string, hashes: readonly string[]): boolean {
  return mentionsChild(text, createHashMatcher(hashes));
}

/** The decoded payloads found in a JSON text's string values (or the text itself when it is base64). */
function* decodeEmbedded(text: string): Generator<string> {
  const trimmed = text.trim();
  if (BASE64.test(trimmed)) {
    const decoded = decodeBase64(trimmed);
    if (decoded !== undefined) yield decoded;
    return;
  }
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return;
  }
  for (const s of stringsOf(value)) {
    if (s.length >= MIN_ENCODED_LENGTH && BASE64.test(s)) {
      const decoded = decodeBase64(s);
      if (decoded !== undefined) yield decoded;
    } else if (s.startsWith('{')) {
      yield s;
    }
  }
}

function decodeBase64(s: string): string | undefined {
  const bytes = Buffer.from(s, 'base64');
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
    }
  } catch {
    return undefined;
  }
  const text = bytes.toString('utf8');
  // Only decoded text that looks like JSON is worth searching; random base64 decodes to binary.
  return /^\s*[[{]/.test(text) ? text : undefined;
}

function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsOf(item);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) yield* stringsOf(item);
}

/** How the records of an object are laid out, so a rewrite keeps the layout. */
export interface SplitRecords {
  records: string[];
  /** `\n` for NDJSON; '' for concatenated JSON objects (Firehose's S3 delivery without a delimiter). */
  separator: string;
  /** The text ended with the separator. */
  trailing: boolean;
}

/**
 * Splits an object's text into JSON records: NDJSON (one per line) or JSON values written back to back. Returns
 * undefined when the text is not a sequence of JSON values, so the caller treats it as one opaque record.
 */
export function splitJsonRecords(text: string): SplitRecords | undefined {
  const lines = text.split('\n');
  const trailing = text.endsWith('\n');
  const nonEmpty = lines.filter((line) => line.trim() !== '');
  if (nonEmpty.length > 0 && nonEmpty.every(isJson)) {
    return { records: nonEmpty, separator: '\n', trailing };
  }
  const values = splitConcatenated(text);
  if (values && values.length > 0) return { records: values, separator: '', trailing: false };
  return undefined;
}

/** Joins records back in the layout they came in. */
export function joinRecords(split: SplitRecords, records: readonly string[]): string {
  return records.join(split.separator) + (split.trailing && records.length ? split.separator : '');
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** Splits `{...}{...}` at the top-level object boundaries (braces inside strings do not count). */
function splitConcatenated(text: string): string[] | undefined {
  const values: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) {
      i += 1;
      continue;
    }
    if (text[i] !== '{') return undefined;
    const end = findObjectEnd(text, i);
    if (end < 0) return undefined;
    values.push(text.slice(i, end + 1));
    i = end + 1;
  }
  return values.every(isJson) ? values : undefined;
}

/** The index of the `}` that closes the object opening at `start`, or -1 when it never closes. */
function findObjectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = findStringEnd(text, i);
      if (i < 0) return -1;
    } else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The index of the quote that closes the JSON string opening at `start` (escapes skipped), or -1. */
function findStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}
