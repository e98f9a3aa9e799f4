import { isIPv6 } from 'node:net';
import { validateCard, validateNationalId, validatePhone } from './libraryValidators.js';
import type { Validator, ValidatorNameValue } from './types.js';

const IBAN_MIN_LENGTH = 15; // Norway, the shortest national format
const IBAN_MAX_LENGTH = 34; // ISO 13616

function passesMod97(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i += 1) {
    const code = rearranged.charCodeAt(i);
    // Letters count as two digits (A = 10 ... Z = 35).
    if (code >= 65) remainder = (remainder * 100 + (code - 55)) % 97;
    else remainder = (remainder * 10 + (code - 48)) % 97;
  }
  return remainder === 1;
}

/** IBANs (ISO 13616, mod-97 = 1), written compact or in groups; the longest valid prefix wins. */
function validateIban(candidate: string): number {
  let compact = '';
  const endOf: number[] = []; // endOf[k] = candidate length covering the first k+1 compact characters
  for (let i = 0; i < candidate.length && compact.length < IBAN_MAX_LENGTH; i += 1) {
    if (candidate[i] === ' ') continue;
    compact += candidate[i];
    endOf.push(i + 1);
  }
  for (let length = compact.length; length >= IBAN_MIN_LENGTH; length -= 1) {
    // Only a prefix that ends where the candidate ends or at a group boundary is an IBAN on its own.
    const end = endOf[length - 1];
    if (end !== candidate.length && candidate[end] !== ' ') continue;
    if (passesMod97(compact.slice(0, length))) return end;
  }
  return 0;
}

/** US SSNs as issued: area not 000, 666 or 9xx; group not 00; serial not 0000. */
function validateSsn(candidate: string): number {
  const [area, group, serial] = candidate.split('-');
  if (area === '000' || area === '666' || area[0] === '9') return 0;
  if (group === '00' || serial === '0000') return 0;
  return candidate.length;
}

/** IPv6 addresses; `::` alone (or any candidate without a digit) is punctuation, not an address. */
function validateIpv6(candidate: string): number {
  return /[0-9A-Fa-f]/.test(candidate) && isIPv6(candidate) ? candidate.length : 0;
}

/**
 * Bits of Shannon entropy per character above which a 40-character token is taken for a random key: 40 random
 * base64 characters score about 4.9 (seen: 4.6-5.2 over many AWS example keys); English-like identifiers, paths
 * and camelCase names of that length score 3.5-4.2.
 */
const KEY_ENTROPY_BITS = 4.3;

function entropyOf(text: string): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A path (`com/amazonaws/services/…`): half its `/`-separated parts or more are lower-case words. */
function isPathLike(candidate: string): boolean {
  const parts = candidate.split('/');
  if (parts.length < 2) return false;
  let words = 0;
  for (const part of parts) if (/^[a-z]{3,}$/.test(part)) words += 1;
  return words * 2 >= parts.length;
}

/** A random key: upper and lower case letters and digits, not hex, not a path, high entropy. */
function validateHighEntropy(candidate: string): number {
  if (!/[A-Z]/.test(candidate) || !/[a-z]/.test(candidate) || !/\d/.test(candidate)) return 0;
  if (/^[0-9a-fA-F]+$/.test(candidate)) return 0;
  if (isPathLike(candidate)) return 0;
  return entropyOf(candidate) >= KEY_ENTROPY_BITS ? candidate.length : 0;
}

/** Ages a child on the platform may have: born 1 to 19 years before today. */
const YOUNGEST_AGE_YEARS = 1;
const OLDEST_AGE_YEARS = 19;
const DATE_PARTS = /^(?:(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))$/;

/** A real calendar date (day first or month first for `dd/mm/yyyy`) 1 to 19 years back. */
function validateBirthDate(candidate: string): number {
  const parts = DATE_PARTS.exec(candidate);
  if (!parts) return 0;
  const year = Number(parts[1] ?? parts[6]);
  const thisYear = new Date().getUTCFullYear();
  if (year > thisYear - YOUNGEST_AGE_YEARS || year < thisYear - OLDEST_AGE_YEARS) return 0;
  const [a, b] = parts[1] ? [Number(parts[2]), Number(parts[3])] : [Number(parts[4]), Number(parts[5])];
  const dayFirst = a <= 31 && b <= 12 && b >= 1;
  const monthFirst = a <= 12 && a >= 1 && b <= 31;
  const valid = parts[1] ? a >= 1 && a <= 12 && b >= 1 && b <= 31 : (dayFirst || monthFirst) && a >= 1 && b >= 1;
  return valid ? candidate.length : 0;
}

// Case-sensitive on purpose: a rule's own `i` flag would read `[a-z][A-Z]` as any two letters.
const SECRET_SHAPE = /[0-9!#$%&*+/=?@^_~-]|[a-z][A-Z]/;

/**
 * A value after a secret word that looks like a secret rather than the next word of the sentence:
 * `password Tr0ub4dor`, `token=&x9`, `secret hunterTwo` are; `password reset`, `token expired` are not.
 */
function validateSecretShaped(candidate: string): number {
  return SECRET_SHAPE.test(candidate) ? candidate.length : 0;
}

export const VALIDATORS: Readonly<Record<ValidatorNameValue, Validator>> = {
  luhn: validateCard,
  'iban-mod97': validateIban,
  'ssn-valid': validateSsn,
  ipv6: validateIpv6,
  phone: validatePhone,
  'national-id': validateNationalId,
  'high-entropy': validateHighEntropy,
  'birth-date': validateBirthDate,
  'secret-shaped': validateSecretShaped,
};
