import { isIPv6 } from 'node:net';
import type { Validator, ValidatorNameValue } from './types.js';

const CARD_MIN_DIGITS = 13;
const CARD_MAX_DIGITS = 19;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Payment card numbers: 13-19 digits passing Luhn. A run without separators must be a card as a whole; a run with
 * spaces or dashes may be a card followed by other numbers, so the longest Luhn-valid prefix ending at a group
 * boundary is taken.
 */
function validateCard(candidate: string): number {
  let digits = '';
  // Group boundaries, longest first: the end of the candidate, then every position just before a separator, each
  // with the number of digits before it.
  const boundaries: Array<[end: number, digitCount: number]> = [];
  for (let i = 0; i < candidate.length; i += 1) {
    const c = candidate[i];
    if (c === ' ' || c === '-') boundaries.push([i, digits.length]);
    else digits += c;
  }
  if (boundaries.length === 0) {
    return digits.length <= CARD_MAX_DIGITS && passesLuhn(digits) ? candidate.length : 0;
  }
  boundaries.push([candidate.length, digits.length]);
  for (let b = boundaries.length - 1; b >= 0; b -= 1) {
    const [end, digitCount] = boundaries[b];
    if (digitCount < CARD_MIN_DIGITS) break;
    if (digitCount <= CARD_MAX_DIGITS && passesLuhn(digits.slice(0, digitCount))) return end;
  }
  return 0;
}

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

export const VALIDATORS: Readonly<Record<ValidatorNameValue, Validator>> = {
  luhn: validateCard,
  'iban-mod97': validateIban,
  'ssn-valid': validateSsn,
  ipv6: validateIpv6,
};

/** True when a digit string passes the Luhn check (exported for the leak check). */
export function isLuhnValid(digits: string): boolean {
  return digits.length >= CARD_MIN_DIGITS && digits.length <= CARD_MAX_DIGITS && passesLuhn(digits);
}
