/**
 * Validators backed by libraries made for the job: phone numbers (libphonenumber-js with Google's libphonenumber
 * metadata, for the numbering plans of phoneMetadata.ts), national and tax ids with their check digits (stdnum, the
 * port of python-stdnum), and payment card brands with their number lengths (credit-card-type, Braintree's list). A
 * pattern rule finds a candidate cheaply; the library decides. Each validator returns how many leading characters of
 * the candidate are the real thing (0: leave it alone), as every validator does (see types.ts).
 *
 * Only the validators a rule needs are imported, one module each (not the packages' index files), so the Lambda
 * bundles carry a few dozen kilobytes of them, not every country's.
 */
import creditCardType from 'credit-card-type';
import { isValidPhoneNumber as isValidIn, type MetadataJson } from 'libphonenumber-js/core';
import * as brCpf from 'stdnum/lib/cjs/br/cpf';
import * as caSin from 'stdnum/lib/cjs/ca/sin';
import * as deIdnr from 'stdnum/lib/cjs/de/idnr';
import * as esDni from 'stdnum/lib/cjs/es/dni';
import * as esNie from 'stdnum/lib/cjs/es/nie';
import * as frNir from 'stdnum/lib/cjs/fr/nir';
import * as gbNino from 'stdnum/lib/cjs/gb/nino';
import * as inAadhaar from 'stdnum/lib/cjs/in/aadhaar';
import * as itCodiceFiscale from 'stdnum/lib/cjs/it/codicefiscale';
import * as mxCurp from 'stdnum/lib/cjs/mx/curp';
import * as nlBsn from 'stdnum/lib/cjs/nl/bsn';
import * as plPesel from 'stdnum/lib/cjs/pl/pesel';
import * as usSsn from 'stdnum/lib/cjs/us/ssn';
import { createBoundedMemo } from '../../core/boundedMemo.js';
import { PHONE_REGIONS } from './phoneMetadata.js';
import PHONE_METADATA_JSON from './phoneMetadata.json';

const PHONE_METADATA = PHONE_METADATA_JSON as unknown as MetadataJson;

/** ITU-T E.164: at most 15 digits; the shortest valid subscriber numbers in the regions above have 7 or more. */
const PHONE_MIN_DIGITS = 7;
const PHONE_MAX_DIGITS = 15;

/** A date or a time written with the separators phone numbers use: `2024-06-17`, `17.06.2024`, `12.34.56`. */
const DATE_LIKE = /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4})$/;
/** Four groups of one to three digits: an IPv4 address or a version, not a phone number. */
const DOTTED_QUAD = /^\d{1,3}(?:[.]\d{1,3}){3}$/;
/** An SSN's grouping, 3-2-4: no numbering plan writes a phone number so. */
const SSN_SHAPED = /^\d{3}-\d{2}-\d{4}$/;
/** One dot between two runs of digits: a decimal number (`48.858844`), not a phone number. */
const DECIMAL = /^\d+\.\d+$/;
/** Candidates remembered with the answer: trying every region costs tens of microseconds, and logs repeat numbers. */
const PHONE_MEMO_LIMIT = 1024;
const phoneVerdicts = createBoundedMemo<string, number>(PHONE_MEMO_LIMIT);

function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += 1;
  }
  return digits;
}

/**
 * A phone number of any region: international (`+`/`00` and a country code) or national (a trunk `0`, or grouped
 * digits) valid in one of PHONE_REGIONS. A bare run of digits that starts with neither `+` nor `0` is not taken: it
 * is as likely an order number, a counter or epoch milliseconds.
 */
export function validatePhone(candidate: string): number {
  return phoneVerdicts.getOrCompute(candidate, judgePhone);
}

/** Shapes that are something else: too few or too many digits, a date, an address or version, an SSN, a decimal. */
function isNotAPhone(candidate: string, digits: number): boolean {
  // `00` stands for `+` in front of at most 15 digits; a national number is shorter than its international form.
  const most = candidate.startsWith('00') ? PHONE_MAX_DIGITS + 2 : PHONE_MAX_DIGITS - (candidate[0] === '+' ? 0 : 2);
  if (digits < PHONE_MIN_DIGITS || digits > most) return true;
  return [DATE_LIKE, DOTTED_QUAD, SSN_SHAPED, DECIMAL].some((shape) => shape.test(candidate));
}

/** Nine digits from 6 to 9 and valid in Spain's plan: how Spanish numbers are written, with no trunk prefix. */
function isSpanishNumber(candidate: string): boolean {
  return SPANISH_NATIONAL.test(candidate) && isValidIn(candidate, 'ES', PHONE_METADATA);
}
const SPANISH_NATIONAL = /^[6-9]\d{8}$/;

function judgePhone(candidate: string): number {
  const digits = countDigits(candidate);
  if (isNotAPhone(candidate, digits)) return 0;
  const first = candidate[0];
  if (first === '+') return isValidIn(candidate, PHONE_METADATA) ? candidate.length : 0;
  if (candidate.startsWith('00')) return isValidIn(`+${candidate.slice(2)}`, PHONE_METADATA) ? candidate.length : 0;
  if (first !== '0' && first !== '(' && digits === candidate.length)
    return isSpanishNumber(candidate) ? candidate.length : 0;
  for (const region of PHONE_REGIONS) if (isValidIn(candidate, region, PHONE_METADATA)) return candidate.length;
  return 0;
}

interface IdValidator {
  validate(value: string): { isValid: boolean };
}

/**
 * The national and tax ids the `national-id` rules look for, each with its check digits or structure rules (the
 * library) and the ways it is written (here): a 9-digit number grouped 3-3-3 is a SIN to check, not a BSN, so one
 * check digit scheme does not get the chance to accept another country's number by luck.
 */
const NATIONAL_IDS: ReadonlyArray<{ id: IdValidator; written: RegExp }> = [
  // France, NIR (numéro de sécurité sociale): 15 characters, key mod 97.
  { id: frNir, written: /^[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}$/ },
  // United Kingdom, National Insurance number: prefix and suffix rules.
  { id: gbNino, written: /^[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/ },
  // Spain, DNI (8 digits and a check letter) and NIE (X/Y/Z, 7 digits and a check letter).
  { id: esDni, written: /^\d{8}-?[A-Z]$/ },
  { id: esNie, written: /^[XYZ]-?\d{7}-?[A-Z]$/ },
  // Italy, codice fiscale: 16 characters and a check letter.
  { id: itCodiceFiscale, written: /^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/ },
  // Mexico, CURP: 18 characters with a birth date and a check digit.
  { id: mxCurp, written: /^[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d$/ },
  // Netherlands, BSN: 9 digits, eleven test.
  { id: nlBsn, written: /^(?:\d{4}\.\d{2}\.\d{3}|\d{9})$/ },
  // Brazil, CPF: 11 digits, two check digits.
  { id: brCpf, written: /^(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})$/ },
  // India, Aadhaar: 12 digits, Verhoeff.
  { id: inAadhaar, written: /^[2-9]\d{3}(?:[ -]?\d{4}){2}$/ },
  // Canada, SIN: 9 digits, Luhn.
  { id: caSin, written: /^\d{3}(?:[ -]?\d{3}){2}$/ },
  // Germany, Steuer-IdNr: 11 digits, ISO 7064 check digit.
  { id: deIdnr, written: /^\d{2} ?\d{3} ?\d{3} ?\d{3}$/ },
  // Poland, PESEL: 11 digits with a birth date and a check digit.
  { id: plPesel, written: /^\d{11}$/ },
  // United States, SSN: area, group and serial rules.
  { id: usSsn, written: /^(?:\d{3}-\d{2}-\d{4}|\d{9})$/ },
];

/**
 * Candidates remembered with the verdict, as for phones: the checks cost microseconds (every id's pattern, a library
 * call; Luhn and every brand's ranges), the verdict depends on the candidate alone, and logs repeat the same numbers
 * (an order id in every line of a request).
 */
const ID_MEMO_LIMIT = 1024;
const nationalIdVerdicts = createBoundedMemo<string, number>(ID_MEMO_LIMIT);
const cardVerdicts = createBoundedMemo<string, number | readonly [number, number]>(ID_MEMO_LIMIT);

/** An id of one of NATIONAL_IDS, written as that id is written. */
export function validateNationalId(candidate: string): number {
  return nationalIdVerdicts.getOrCompute(candidate, judgeNationalId);
}

function judgeNationalId(candidate: string): number {
  const upper = candidate.toUpperCase();
  for (const { id, written } of NATIONAL_IDS) {
    if (!written.test(upper)) continue;
    try {
      if (id.validate(upper).isValid) return candidate.length;
    } catch {
      // A validator that cannot read the candidate rejects it.
    }
  }
  return 0;
}

const CARD_MIN_DIGITS = 12; // Maestro
const CARD_MAX_DIGITS = 19; // ISO/IEC 7812-1
const VISA_LEGACY_LENGTH = 13;
/** 8-4-4-4-12 digits: a UUID. */
const UUID_SHAPED = /\d{8}-\d{4}-\d{4}-\d{4}-\d{12}/;

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
 * Every brand's issuer ranges with the lengths it issues, read once from credit-card-type's table (calling the
 * library per candidate clones its whole table each time: 70 ms on a 100 KB line of spaced digits).
 */
const CARD_RANGES: ReadonlyArray<{ digits: number; min: number; max: number; lengths: ReadonlySet<number> }> =
  Object.values(creditCardType.types).flatMap((type) => {
    const info = creditCardType.getTypeInfo(type);
    const lengths = new Set(info.lengths);
    return info.patterns.map((pattern) => {
      const [min, max] = Array.isArray(pattern) ? pattern : [pattern, pattern];
      return { digits: String(min).length, min, max, lengths };
    });
  });

function isBrandNumber(digits: string): boolean {
  for (const range of CARD_RANGES) {
    if (!range.lengths.has(digits.length)) continue;
    const prefix = Number(digits.slice(0, range.digits));
    if (prefix >= range.min && prefix <= range.max) return true;
  }
  return false;
}

/** True for a number a card brand issues: its prefix in a brand's range and its length one the brand uses. */
function isCardNumber(digits: string): boolean {
  if (digits.length < CARD_MIN_DIGITS || digits.length > CARD_MAX_DIGITS || !passesLuhn(digits)) return false;
  // Visa issued 13-digit numbers until 2005 and they are still generated and tested against; the list has 16-19.
  if (digits.length === VISA_LEGACY_LENGTH && digits[0] === '4') return true;
  return isBrandNumber(digits);
}

/** Positions in a candidate: where each group of digits starts and ends, with the digits before it. */
function groupsOf(candidate: string): { digits: string; starts: number[]; ends: number[]; before: number[] } {
  let digits = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const before: number[] = [];
  for (let i = 0; i < candidate.length; i += 1) {
    const c = candidate.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (i === 0 || candidate.charCodeAt(i - 1) < 48 || candidate.charCodeAt(i - 1) > 57) {
      starts.push(i);
      before.push(digits.length);
    }
    digits += candidate[i];
    if (i === candidate.length - 1 || candidate.charCodeAt(i + 1) < 48 || candidate.charCodeAt(i + 1) > 57) {
      ends.push(i + 1);
    }
  }
  return { digits, starts, ends, before };
}

/**
 * Payment card numbers: 12-19 digits passing Luhn, in a brand's range at one of its lengths, written compact or in
 * groups. A candidate may hold other numbers around the card (`2026-01-15 4111 1111 1111 1111`, `qty 2 4111 …`,
 * `4111 … 12/27`): the card is the first group from which a run of whole groups is a card number, the longest such
 * run. Returns `[start, end]` within the candidate, or 0.
 */
export function validateCard(candidate: string): number | readonly [number, number] {
  return cardVerdicts.getOrCompute(candidate, judgeCard);
}

function judgeCard(candidate: string): number | readonly [number, number] {
  // A UUID whose hex happens to be all digits is one token, not a card with neighbours.
  if (UUID_SHAPED.test(candidate)) return 0;
  const groups = groupsOf(candidate);
  if (groups.digits.length < CARD_MIN_DIGITS) return 0;
  for (let first = 0; first < groups.starts.length; first += 1) {
    if (groups.digits.length - groups.before[first] < CARD_MIN_DIGITS) break;
    const last = lastGroupOfCard(groups, first);
    if (last >= 0) return first === 0 ? groups.ends[last] : [groups.starts[first], groups.ends[last]];
  }
  return 0;
}

/** The last group of the longest card number that starts at group `first`; -1 when none does. */
function lastGroupOfCard(groups: ReturnType<typeof groupsOf>, first: number): number {
  const { digits, starts, ends, before } = groups;
  for (let last = ends.length - 1; last >= first; last -= 1) {
    const end = before[last] + (ends[last] - starts[last]);
    const length = end - before[first];
    if (length < CARD_MIN_DIGITS) return -1;
    if (length <= CARD_MAX_DIGITS && isCardNumber(digits.slice(before[first], end))) return last;
  }
  return -1;
}
