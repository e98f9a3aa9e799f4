/**
 * Redaction at source: the pipeline's own rules, applied before a line is written, kept cheap for ordinary lines.
 *
 * The rules belong to the redactor (shared/redact); this module only decides, fast, whether a line needs them.
 * A value is "known clean" when the redactor was asked about it once and changed nothing; those answers are
 * remembered (bounded), so a service's recurring messages, keys and values cost a map lookup. Anything not
 * known clean sends the whole line through `redactFields`, so the output is exactly what the redactor makes of it.
 */

/** The part of the pipeline's redactor the logger uses (see shared/redact). */
export interface FieldRedactor {
  redactFields(fields: Record<string, unknown>): { value: Record<string, unknown>; counts: Record<string, number> };
  hashChildId(id: string): string;
}

/** What is written for one line: the redacted message and fields, and which kinds fired (never the values). */
export interface RedactedLine {
  message: string;
  fields: Record<string, unknown> | undefined;
  counts: Record<string, number> | undefined;
}

/** Decides and applies redaction for the logger's lines. One per logging setup; safe to share between loggers. */
export interface SourceRedaction {
  /** The message and fields as they may be written. Returns the inputs themselves when nothing needed redacting. */
  redactLine(message: string, fields: Record<string, unknown> | undefined): RedactedLine;
  /** A child id as it may be written: the keyed hash, or a marker when no key is configured. */
  protectChildId(id: unknown): string;
}

/** How many answers are remembered before the memory starts again; bounds memory whatever an app logs. */
const MAX_REMEMBERED = 4096;
/** Longer strings are checked every time: they are rarely repeated and remembering them would cost memory. */
const MAX_REMEMBERED_LENGTH = 256;
/** Deeper structures go straight to the redactor, which walks any depth. */
const MAX_QUICK_DEPTH = 6;
/** A key no rule names, used to ask the redactor about a value on its own. */
const NEUTRAL_KEY = 'v';
/** Integers this large could be a phone, card or account number written as a number: always asked about. */
const SUSPICIOUS_INTEGER = 1e6;

export interface SourceRedactionOptions {
  /**
   * When set, a hash the redactor made with this key version is replaced by `childIdMarker`: used when no real key
   * is configured, so that no hash made with a throwaway key is ever written.
   */
  unkeyedVersion?: string;
  childIdMarker?: string;
}

/** Builds the redaction at source around a compiled redactor. */
export function createSourceRedaction(redactor: FieldRedactor, options: SourceRedactionOptions = {}): SourceRedaction {
  const cleanStrings = new Set<string>();
  const keyVerdicts = new Map<string, boolean>();
  const unkeyedPrefix = options.unkeyedVersion ? `hmac-sha256:${options.unkeyedVersion}:` : undefined;
  const marker = options.childIdMarker ?? '[REDACTED:child_id]';

  function askAbout(fields: Record<string, unknown>): boolean {
    const { value, counts } = redactor.redactFields(fields);
    for (const _kind in counts) return false;
    for (const key in fields) if (value[key] !== fields[key]) return false;
    return true;
  }

  function isCleanString(text: string): boolean {
    if (text.length === 0) return true;
    if (text.length <= MAX_REMEMBERED_LENGTH) {
      if (cleanStrings.has(text)) return true;
      const clean = askAbout({ [NEUTRAL_KEY]: text });
      if (clean) {
        if (cleanStrings.size >= MAX_REMEMBERED) cleanStrings.clear();
        cleanStrings.add(text);
      }
      return clean;
    }
    return askAbout({ [NEUTRAL_KEY]: text });
  }

  // A key is clean when no field-name rule fires for it, alone or as the parent of the names rules look for
  // inside a parent (`child.name`, `child.id`).
  function isCleanKey(key: string): boolean {
    const known = keyVerdicts.get(key);
    if (known !== undefined) return known;
    const probe = 'probe';
    const clean =
      askAbout({ [key]: probe }) &&
      askAbout({ [key]: { name: probe, first_name: probe, last_name: probe, id: probe } }) &&
      askAbout({ [key]: 12.3456789 });
    if (keyVerdicts.size >= MAX_REMEMBERED) keyVerdicts.clear();
    keyVerdicts.set(key, clean);
    return clean;
  }

  function isCleanValue(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case 'string':
        return isCleanString(value);
      case 'number':
        return (
          !(Number.isInteger(value) && Math.abs(value) >= SUSPICIOUS_INTEGER) || askAbout({ [NEUTRAL_KEY]: value })
        );
      case 'bigint':
        return false;
      case 'object':
        if (value === null) return true;
        if (depth >= MAX_QUICK_DEPTH) return false;
        if (Array.isArray(value)) {
          for (const item of value) if (!isCleanValue(item, depth + 1)) return false;
          return true;
        }
        if (value instanceof Date) return true;
        for (const key in value) {
          if (!isCleanKey(key)) return false;
          if (!isCleanValue((value as Record<string, unknown>)[key], depth + 1)) return false;
        }
        return true;
      default:
        return true;
    }
  }

  function dropUnkeyedHashes(value: unknown): unknown {
    if (unkeyedPrefix === undefined) return value;
    if (typeof value === 'string') {
      return value.includes(unkeyedPrefix) ? value.replace(unkeyedHashPattern(unkeyedPrefix), marker) : value;
    }
    if (Array.isArray(value)) return value.map(dropUnkeyedHashes);
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const key in value) copy[key] = dropUnkeyedHashes((value as Record<string, unknown>)[key]);
      return copy;
    }
    return value;
  }

  return {
    redactLine(message, fields) {
      if (isCleanString(message) && (fields === undefined || isCleanValue(fields, 0))) {
        return { message, fields, counts: undefined };
      }
      const { value, counts } = redactor.redactFields(fields === undefined ? { message } : { ...fields, message });
      const safe = dropUnkeyedHashes(value) as Record<string, unknown>;
      const { message: safeMessage, ...safeFields } = safe;
      let fired = false;
      for (const _kind in counts) fired = true;
      return {
        message: typeof safeMessage === 'string' ? safeMessage : String(safeMessage ?? ''),
        fields: fields === undefined ? undefined : safeFields,
        counts: fired ? counts : undefined,
      };
    },
    protectChildId(id) {
      if (id === undefined || id === null || id === '') return marker;
      if (unkeyedPrefix !== undefined) return marker;
      const text = String(id);
      // An id the app hashed already (with the pipeline's helper) is kept: hashing a hash would break correlation.
      if (HASHED_CHILD_ID.test(text)) return text;
      return redactor.hashChildId(text);
    },
  };
}

/** The form of a keyed child-id hash: `hmac-sha256:<version>:<hex>`. */
export const HASHED_CHILD_ID = /^hmac-sha256:[A-Za-z0-9._-]+:[0-9a-f]{64}$/;

function unkeyedHashPattern(prefix: string): RegExp {
  return new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{64}`, 'g');
}
