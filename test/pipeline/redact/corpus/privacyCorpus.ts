/**
 * An external-style privacy corpus: PII generated with @faker-js/faker in twelve locales, each value planted in the
 * placements logs really have (an innocuous key, free text, its natural key; JSON, nested JSON, logfmt, Lambda text,
 * plain text), and benign look-alikes that must come through unchanged. Seeded: the same corpus on every run.
 */
import { allFakers, type Faker } from '@faker-js/faker';
import { isValidPhoneNumber } from 'libphonenumber-js';

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
}

const CARD_ISSUERS = ['visa', 'mastercard', 'amex', 'discover', 'maestro'] as const;

function plantsOf(faker: Faker, locale: Locale): Plant[] {
  const phone = faker.phone.number();
  const birth = faker.date.birthdate({ mode: 'age', min: 3, max: 12 });
  const iso = birth.toISOString().slice(0, 10);
  const [y, m, d] = iso.split('-');
  const dobFormats = [iso, `${d}/${m}/${y}`, `${d}.${m}.${y}`, `${y}年${m}月${d}日`];
  return [
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
      for (const place of PLACEMENTS) corpus.planted.push({ line: place(plant, faker, faker.string.uuid()), plant });
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
