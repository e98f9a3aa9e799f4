/**
 * Redaction at source: the pipeline's own rules, applied before a line is written, kept cheap for ordinary lines.
 *
 * The rules belong to the redactor (shared/pipeline/redact); this module only decides, fast, whether a value needs them:
 * - a string of a plain shape (see looksPlain) cannot match any default text rule and is written as is;
 * - any other string is asked about once; the clean answers are remembered (bounded), so a service's recurring
 *   messages, keys and values cost a set lookup;
 * - a key is asked about once (alone, and as the parent of the names rules look for inside a parent).
 * A message that is not clean is redacted on its own (the answer of the question is the result); fields that are not
 * clean go through `redactFields` whole, so what is written is exactly what the redactor makes of them.
 */

/** The part of the pipeline's redactor the logger uses (see shared/pipeline/redact). */
export interface FieldRedactor {
  redactFields(fields: Record<string, unknown>): { value: Record<string, unknown>; counts: Record<string, number> };
  hashChildId(id: string): string;
}

/** Which kinds fired, and how often: never the values. */
export type RedactionCounts = Record<string, number>;

/** A redacted value with what fired on it. */
export interface Redacted<T> {
  value: T;
  counts: RedactionCounts;
}

/** Decides and applies redaction for the logger's lines. One per logging setup; shared by its loggers. */
export interface SourceRedaction {
  /** The text itself when nothing in it needs redacting (the common case, no allocation); otherwise what to write. */
  redactText(text: string): string | Redacted<string>;
  /** Undefined when nothing in `fields` needs redacting; otherwise the redacted copy. */
  redactFields(fields: Record<string, unknown>): Redacted<Record<string, unknown>> | undefined;
  /** A child id as it may be written: the keyed hash, or a marker when no key is configured. */
  protectChildId(id: unknown): string;
}

/** The text of a probe value: plain, so no text rule fires on it and only field-name rules can change it. */
const PROBE = 'probe';
/** How many answers are remembered before the memory starts again; bounds memory whatever an app logs. */
const MAX_REMEMBERED = 4096;
/** Longer strings are checked every time: they are rarely repeated and remembering them would cost memory. */
const MAX_REMEMBERED_LENGTH = 256;
/** Deeper structures go straight to the redactor, which walks any depth. */
const MAX_QUICK_DEPTH = 6;
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

  function hasCounts(counts: RedactionCounts): boolean {
    for (const _kind in counts) return true;
    return false;
  }

  function isUnchanged(fields: Record<string, unknown>): boolean {
    const { value, counts } = redactor.redactFields(fields);
    if (hasCounts(counts)) return false;
    for (const key in fields) if (!isSameProbe(value[key], fields[key])) return false;
    return true;
  }

  function remember(text: string): void {
    if (text.length > MAX_REMEMBERED_LENGTH) return;
    if (cleanStrings.size >= MAX_REMEMBERED) cleanStrings.clear();
    cleanStrings.add(text);
  }

  /** The text when clean, else the redactor's answer (made safe when no key is configured). */
  function checkText(text: string): string | Redacted<string> {
    // The set first: messages and categories are mostly literals, whose hash V8 keeps, so it is the cheapest test.
    if (cleanStrings.has(text) || looksPlain(text)) return text;
    return askAboutText(text);
  }

  /** The redactor's answer for a text the quick tests could not clear; a clean answer is remembered. */
  function askAboutText(text: string): string | Redacted<string> {
    // `v`: a key no rule names, to ask about the text on its own. A literal key, not a computed one: V8 then keeps
    // the object's shape alive, and a full GC does not throw away the optimised code of every function inlining this.
    const { value, counts } = redactor.redactFields({ v: text });
    const redacted = value.v;
    if (!hasCounts(counts) && redacted === text) {
      remember(text);
      return text;
    }
    return { value: dropUnkeyedHashes(typeof redacted === 'string' ? redacted : String(redacted)) as string, counts };
  }

  // A key is clean when no field-name rule fires for it, alone or as the parent of the names rules look for
  // inside a parent (`child.name`, `child.id`). As a parent it is compared with a key no rule names (`v`): names
  // that rules redact anywhere (`first_name`) fire under both, and do not make the parent unclean.
  const childNames = { name: PROBE, first_name: PROBE, last_name: PROBE, id: PROBE };
  let underNeutralParent: unknown;
  function isCleanKey(key: string): boolean {
    const known = keyVerdicts.get(key);
    if (known !== undefined) return known;
    underNeutralParent ??= redactor.redactFields({ v: childNames }).value.v;
    const clean =
      isUnchanged({ [key]: PROBE }) &&
      isSameProbe(redactor.redactFields({ [key]: childNames }).value[key], underNeutralParent) &&
      isUnchanged({ [key]: 12.3456789 });
    if (keyVerdicts.size >= MAX_REMEMBERED) keyVerdicts.clear();
    keyVerdicts.set(key, clean);
    return clean;
  }

  function isCleanValue(value: unknown, depth: number): boolean {
    switch (typeof value) {
      case 'string':
        // The shape first: values (ids, names) differ from call to call, and a new string's hash costs a pass anyway.
        return looksPlain(value) || cleanStrings.has(value) || askAboutText(value) === value;
      case 'number':
        return !(Number.isInteger(value) && Math.abs(value) >= SUSPICIOUS_INTEGER) || isUnchanged({ v: value });
      case 'bigint':
        return false;
      case 'object':
        return isCleanObject(value, depth);
      default:
        return true;
    }
  }

  function isCleanObject(value: object | null, depth: number): boolean {
    if (value === null || value instanceof Date) return true;
    if (depth >= MAX_QUICK_DEPTH) return false;
    if (Array.isArray(value)) return value.every((item) => isCleanValue(item, depth + 1));
    for (const key in value) {
      if (!isCleanKey(key) || !isCleanValue((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
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
    redactText: checkText,
    redactFields(fields) {
      if (isCleanValue(fields, 0)) return undefined;
      const { value, counts } = redactor.redactFields(fields);
      return { value: dropUnkeyedHashes(value) as Record<string, unknown>, counts };
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

/**
 * True when two probe results are the same: the same value, or (the redactor copies the objects it walks) objects
 * with the same keys holding the same values. Probes are one level deep.
 */
function isSameProbe(given: unknown, probe: unknown): boolean {
  if (given === probe) return true;
  if (given === null || probe === null || typeof given !== 'object' || typeof probe !== 'object') return false;
  const givenKeys = Object.keys(given);
  if (givenKeys.length !== Object.keys(probe).length) return false;
  return givenKeys.every((key) => (given as Record<string, unknown>)[key] === (probe as Record<string, unknown>)[key]);
}

/** Plain strings are at most this long; longer ones are asked about. */
const MAX_PLAIN_LENGTH = 128;
/**
 * Fewer digits than the shortest number a default rule looks for: a phone number of any region has at least 7
 * (shared/pipeline/redact/libraryValidators.ts, PHONE_MIN_DIGITS), an SSN 9, a card 13.
 */
const MAX_PLAIN_DIGITS = 6;

/**
 * True when no default text rule can match `text`: only letters, digits, spaces, `_`, `-` and `/`; no two capitals
 * in a row (AWS key ids, IBAN country codes, PEM headers, BEARER); at most 6 digits (phone numbers, SSNs, cards);
 * none of the bearer-token rule's keywords, the only default text rule that fires on words alone. Every other
 * default rule needs a character this excludes (`@`, `.`, `:`, `=`, `+`, `?`). Tied to the default rules:
 * test/logger/sourceRedaction.test.ts checks it against the redactor, so a rule that breaks it fails there.
 */
export function looksPlain(text: string): boolean {
  if (text.length > MAX_PLAIN_LENGTH) return false;
  let digits = 0;
  let previousUpper = false;
  let previous = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    switch (CHARACTER_KINDS[code]) {
      case CharacterKind.LOWER:
        if (endsBearerKeyword(text, index, code, previous)) return false;
        previousUpper = false;
        break;
      case CharacterKind.UPPER:
        if (previousUpper) return false;
        previousUpper = true;
        break;
      case CharacterKind.DIGIT:
        digits += 1;
        if (digits > MAX_PLAIN_DIGITS) return false;
        previousUpper = false;
        break;
      case CharacterKind.SEPARATOR:
        previousUpper = false;
        break;
      default:
        return false;
    }
    previous = code;
  }
  return true;
}

/** What looksPlain makes of each character. */
const CharacterKind = { OTHER: 0, LOWER: 1, UPPER: 2, DIGIT: 3, SEPARATOR: 4 } as const;

/** The kind of every UTF-16 code unit (64 KiB, once): OTHER but for the ASCII letters, digits and separators. */
const CHARACTER_KINDS: Uint8Array = (() => {
  const kinds = new Uint8Array(0x10000);
  for (let code = 97; code <= 122; code += 1) kinds[code] = CharacterKind.LOWER; // a-z
  for (let code = 65; code <= 90; code += 1) kinds[code] = CharacterKind.UPPER; // A-Z
  for (let code = 48; code <= 57; code += 1) kinds[code] = CharacterKind.DIGIT; // 0-9
  for (const separator of ' _-/') kinds[separator.charCodeAt(0)] = CharacterKind.SEPARATOR;
  return kinds;
})();

/**
 * True when the lower-case letter `code` at `index` ends one of the bearer rule's keywords, looked for at their
 * rarest letter: Bearer/bearer, Basic/basic, Digest, Token/token (BEARER has two capitals in a row, refused anyway).
 * The letter before is compared first: a whole comparison only where the keyword may really end, not at every r, g,
 * k or c of ordinary words.
 */
function endsBearerKeyword(text: string, index: number, code: number, previous: number): boolean {
  switch (code) {
    case 107 /* k */:
      return previous === 111 /* o */ && text.startsWith('oken', index - 1);
    case 99 /* c */:
      return previous === 105 /* i */ && text.startsWith('asic', index - 3);
    case 103 /* g */:
      return previous === 105 /* i */ && text.startsWith('igest', index - 1);
    case 114 /* r */:
      return previous === 101 /* e */ && text.startsWith('earer', index - 4);
    default:
      return false;
  }
}

/** The form of a keyed child-id hash: `hmac-sha256:<version>:<hex>`. */
export const HASHED_CHILD_ID = /^hmac-sha256:[A-Za-z0-9._-]+:[0-9a-f]{64}$/;

function unkeyedHashPattern(prefix: string): RegExp {
  return new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{64}`, 'g');
}
