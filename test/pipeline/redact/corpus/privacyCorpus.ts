/**
 * An external-style privacy corpus: PII generated with @faker-js/faker in twelve locales, each value planted in the
 * placements logs really have (an innocuous key, free text, its natural key; JSON, nested JSON, logfmt, Lambda text,
 * plain text), and benign look-alikes that must come through unchanged. Seeded: the same corpus on every run.
 */
import { allFakers, type Faker } from '@faker-js/faker';
import { isValidPhoneNumber } from 'libphonenumber-js';
import * as brCpf from 'stdnum/lib/cjs/br/cpf';
import * as caSin from 'stdnum/lib/cjs/ca/sin';
import * as deIdnr from 'stdnum/lib/cjs/de/idnr';
import * as esDni from 'stdnum/lib/cjs/es/dni';
import * as frNir from 'stdnum/lib/cjs/fr/nir';
import * as gbNino from 'stdnum/lib/cjs/gb/nino';
import * as inAadhaar from 'stdnum/lib/cjs/in/aadhaar';
import * as itCodiceFiscale from 'stdnum/lib/cjs/it/codicefiscale';
import * as nlBsn from 'stdnum/lib/cjs/nl/bsn';
import * as plPesel from 'stdnum/lib/cjs/pl/pesel';
import * as usSsn from 'stdnum/lib/cjs/us/ssn';

export const LOCALES = {
  en_US: 'US',
  en_GB: 'GB',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  it: 'IT',
  nl: 'NL',
  pt_BR: 'BR',
  ja: 'JP',
  en_IN: 'IN',
  en_CA: 'CA',
  pl: 'PL',
} as const;
type Locale = keyof typeof LOCALES;

export interface Plant {
  kind: string;
  value: string;
  locale: Locale;
  /** The natural field name for the value. */
  field: string;
  /** Phones only: a valid number of the locale's region (libphonenumber-js). */
  valid?: boolean;
  /** Planted only where its context says what it is (a password after `password`, a name under `parent_name`). */
  contextOnly?: boolean;
}

/**
 * A valid national id of the locale, written as people write it: random candidates of the id's shape until the
 * check digits hold (stdnum is the judge of validity here, as it is in the redactor; the redactor still has to find
 * the id in the text).
 */
const NATIONAL_IDS: Partial<
  Record<Locale, { make: (f: Faker) => string; id: { validate(v: string): { isValid: boolean } } }>
> = {
  en_US: { make: (f) => `${f.string.numeric(3)}-${f.string.numeric(2)}-${f.string.numeric(4)}`, id: usSsn },
  en_GB: {
    make: (f) =>
      `${f.helpers.arrayElement(['AB', 'CE', 'JG', 'PR', 'SW'])} ${f.string.numeric(2)} ${f.string.numeric(2)} ${f.string.numeric(2)} ${f.helpers.arrayElement(['A', 'B', 'C', 'D'])}`,
    id: gbNino,
  },
  fr: {
    make: (f) =>
      `${f.helpers.arrayElement(['1', '2'])} ${f.string.numeric(2)} ${String(f.number.int({ min: 1, max: 12 })).padStart(2, '0')} ${String(f.number.int({ min: 1, max: 95 })).padStart(2, '0')} ${f.string.numeric(3)} ${f.string.numeric(3)} ${f.string.numeric(2)}`,
    id: frNir,
  },
  es: { make: (f) => `${f.string.numeric(8)}${f.string.alpha({ length: 1, casing: 'upper' })}`, id: esDni },
  it: {
    make: (f) =>
      `${f.string.alpha({ length: 6, casing: 'upper' })}${f.string.numeric(2)}${f.helpers.arrayElement([...'ABCDEHLMPRST'])}${String(f.number.int({ min: 1, max: 28 })).padStart(2, '0')}${f.string.alpha({ length: 1, casing: 'upper' })}${f.string.numeric(3)}${f.string.alpha({ length: 1, casing: 'upper' })}`,
    id: itCodiceFiscale,
  },
  nl: { make: (f) => f.string.numeric({ length: 9, allowLeadingZeros: false }), id: nlBsn },
  pt_BR: {
    make: (f) => `${f.string.numeric(3)}.${f.string.numeric(3)}.${f.string.numeric(3)}-${f.string.numeric(2)}`,
    id: brCpf,
  },
  en_IN: {
    make: (f) =>
      `${f.number.int({ min: 2, max: 9 })}${f.string.numeric(3)} ${f.string.numeric(4)} ${f.string.numeric(4)}`,
    id: inAadhaar,
  },
  en_CA: { make: (f) => `${f.string.numeric(3)} ${f.string.numeric(3)} ${f.string.numeric(3)}`, id: caSin },
  de: { make: (f) => f.string.numeric({ length: 11, allowLeadingZeros: false }), id: deIdnr },
  pl: {
    make: (f) =>
      `${f.string.numeric(2)}${String(f.number.int({ min: 1, max: 12 })).padStart(2, '0')}${String(f.number.int({ min: 1, max: 28 })).padStart(2, '0')}${f.string.numeric(5)}`,
    id: plPesel,
  },
};

function aNationalId(faker: Faker, locale: Locale): string | undefined {
  const kind = NATIONAL_IDS[locale];
  if (!kind) return undefined;
  for (let i = 0; i < 100_000; i += 1) {
    const candidate = kind.make(faker);
    if (kind.id.validate(candidate).isValid) return candidate;
  }
  throw new Error(`no valid national id for ${locale}`);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function secretsOf(faker: Faker, locale: Locale): Plant[] {
  const base64 = (n: number) => faker.string.fromCharacters(BASE64, n);
  const alnum = (n: number) => faker.string.alphanumeric(n);
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub: faker.string.uuid(), name: faker.person.firstName() }))}.${faker.string.alphanumeric(43)}`;
  const token = faker.helpers.arrayElement([
    `ghp_${alnum(36)}`,
    `sk_live_${alnum(24)}`,
    `xoxb-${faker.string.numeric(11)}-${faker.string.numeric(12)}-${alnum(24)}`,
    `AIza${faker.string.fromCharacters(`${BASE64.slice(0, 62)}_-`, 35)}`,
    `SG.${alnum(22)}.${alnum(43)}`,
  ]);
  return [
    { kind: 'jwt', value: jwt, locale, field: 'id_token' },
    { kind: 'aws_secret_key', value: `${base64(20)}/${base64(19)}`, locale, field: 'aws_secret_access_key' },
    { kind: 'provider_token', value: token, locale, field: 'api_token' },
    {
      kind: 'password',
      value: faker.helpers.arrayElement(['&', '', '#']) + faker.internet.password({ length: 12, memorable: false }),
      locale,
      field: 'password',
      contextOnly: true,
    },
    { kind: 'person_name', value: faker.person.fullName(), locale, field: 'parent_name', contextOnly: true },
  ];
}

const CARD_ISSUERS = ['visa', 'mastercard', 'amex', 'discover', 'maestro'] as const;

function plantsOf(faker: Faker, locale: Locale): Plant[] {
  const phone = faker.phone.number();
  const birth = faker.date.birthdate({ mode: 'age', min: 3, max: 12 });
  const iso = birth.toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  const dobFormats = [iso, `${d}/${m}/${y}`, `${d}.${m}.${y}`, `${y}年${m}月${d}日`];
  const nationalId = aNationalId(faker, locale);
  return [
    ...secretsOf(faker, locale),
    ...(nationalId ? [{ kind: 'national_id', value: nationalId, locale, field: 'national_id' }] : []),
    { kind: 'email', value: faker.internet.email(), locale, field: 'email' },
    { kind: 'phone', value: phone, locale, field: 'phone', valid: isValidPhoneNumber(phone, LOCALES[locale]) },
    {
      kind: 'card',
      value: faker.finance.creditCardNumber({ issuer: faker.helpers.arrayElement(CARD_ISSUERS) }),
      locale,
      field: 'card_number',
    },
    { kind: 'iban', value: faker.finance.iban({ formatted: faker.datatype.boolean() }), locale, field: 'iban' },
    { kind: 'ip', value: faker.internet.ipv4(), locale, field: 'ip' },
    {
      kind: 'url_credentials',
      value: `https://${faker.internet.username().replace(/[^A-Za-z0-9]/g, '')}:${faker.internet.password({ length: 14 })}@db.example.com/x`,
      locale,
      field: 'dsn',
    },
    {
      kind: 'date_of_birth',
      value: faker.helpers.arrayElement(dobFormats),
      locale,
      field: 'date_of_birth',
    },
    { kind: 'address', value: faker.location.streetAddress(), locale, field: 'street_address' },
  ];
}

const BENIGN_MAKERS: ReadonlyArray<(faker: Faker) => string> = [
  (f) => f.string.uuid(),
  (f) => f.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' }),
  (f) =>
    `1-${f.string.hexadecimal({ length: 8, casing: 'lower', prefix: '' })}-${f.string.hexadecimal({ length: 24, casing: 'lower', prefix: '' })}`,
  (f) => f.string.hexadecimal({ length: 64, casing: 'lower', prefix: '' }),
  (f) => f.system.semver(),
  (f) => f.date.recent().toISOString(),
  (f) => String(f.date.recent().getTime()),
  (f) => `arn:aws:lambda:eu-west-1:${f.string.numeric(12)}:function:${f.word.noun()}`,
  (f) => `ORD-${f.string.numeric(10)}`,
  (f) => `order ${f.string.numeric({ length: 16, allowLeadingZeros: false })}`,
];

/** Where a value goes, as the raw log line the pipeline receives. `natural` puts it under its natural name. */
export const PLACEMENTS: ReadonlyArray<(plant: Plant, faker: Faker, requestId: string) => string> = [
  (p) => JSON.stringify({ level: 'info', msg: 'profile updated', note: p.value }),
  (p) => JSON.stringify({ level: 'info', msg: 'sync', payload: { detail: { value: p.value } } }),
  (p) => JSON.stringify({ level: 'info', msg: 'saved', [p.field]: p.value }),
  (p) => JSON.stringify({ level: 'warn', message: `could not reach parent, saw ${p.value} in the form` }),
  (p) => `level=info msg="form submitted" detail="${p.value}" attempt=2`,
  (p, _f, requestId) => `2026-06-17T10:00:00.000Z\t${requestId}\tINFO\tcontact details: ${p.value} (from form)`,
  (p) => `form field value ${p.value} stored`,
];

/** Where a value goes when only its context tells what it is: after its word, or under its natural name. */
export const CONTEXT_PLACEMENTS: ReadonlyArray<(plant: Plant, faker: Faker, requestId: string) => string> = [
  (p) => JSON.stringify({ level: 'info', msg: 'saved', [p.field]: p.value }),
  (p) => JSON.stringify({ level: 'info', msg: 'saved', form: { [p.field]: p.value } }),
  (p) => `level=warn msg="login failed" ${p.field}=${p.value} attempt=2`,
  (p) => `level=warn msg="form" ${p.field}="${p.value}" attempt=2`,
  (p, _f, requestId) =>
    `2026-06-17T10:00:00.000Z\t${requestId}\tWARN\t${p.kind === 'password' ? `Login attempt with password ${p.value} failed` : `${p.field}: ${p.value}`}`,
  (p) =>
    JSON.stringify({
      level: 'warn',
      message: p.kind === 'password' ? `user typed password: ${p.value}` : `${p.field}=${p.value}`,
    }),
];

export interface Corpus {
  /** Each line with the plant it holds. */
  planted: Array<{ line: string; plant: Plant }>;
  /** Lines with benign look-alikes, each with the look-alike. */
  benign: Array<{ line: string; value: string }>;
}

/** The corpus: every plant of every locale in every placement, and `benignPerLocale` look-alikes per locale. */
export function buildPrivacyCorpus(seed = 12, benignPerLocale = 40): Corpus {
  const corpus: Corpus = { planted: [], benign: [] };
  for (const locale of Object.keys(LOCALES) as Locale[]) {
    const faker = allFakers[locale];
    faker.seed(seed);
    for (const plant of plantsOf(faker, locale)) {
      for (const place of plant.contextOnly ? CONTEXT_PLACEMENTS : PLACEMENTS) {
        corpus.planted.push({ line: place(plant, faker, faker.string.uuid()), plant });
      }
    }
    for (let i = 0; i < benignPerLocale; i += 1) {
      const value = BENIGN_MAKERS[i % BENIGN_MAKERS.length](faker);
      const line =
        i % 2 === 0
          ? JSON.stringify({ level: 'info', msg: `processed ${value}`, ref: value })
          : `2026-06-17T10:00:00.000Z\t${faker.string.uuid()}\tINFO\tprocessed ${value} ok`;
      corpus.benign.push({ line, value });
    }
  }
  return corpus;
}
