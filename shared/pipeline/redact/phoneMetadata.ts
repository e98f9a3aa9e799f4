/**
 * The phone numbering plans the `phone-any-region` rule validates national numbers against: the regions the
 * platform's families live in (the privacy corpus's locales) and the most populous plans. Only their part of
 * libphonenumber-js's metadata is bundled (phoneMetadata.json, about a fifth of the whole): the ship bundle stays
 * within its size budget. Numbers written with `+` and a country code are the `phone-international` rule's, for every
 * country.
 *
 * phoneMetadata.json is `trimPhoneMetadata(require('libphonenumber-js/metadata.min.json'), PHONE_REGIONS)`;
 * test/pipeline/redact/phoneMetadata.test.ts fails when an upgrade of the package changes it. To regenerate:
 *   npx tsx -e "const m=require('./shared/pipeline/redact/phoneMetadata.ts');require('node:fs').writeFileSync('shared/pipeline/redact/phoneMetadata.json',JSON.stringify(m.trimPhoneMetadata(require('libphonenumber-js/metadata.min.json'),m.PHONE_REGIONS)))"
 */
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';

/** Tried in this order for a number written without its country code. */
export const PHONE_REGIONS: readonly CountryCode[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'NL',
  'BR',
  'JP',
  'IN',
  'CA',
  'AU',
  'MX',
  'PL',
  'SE',
  'KR',
  'CN',
];

/** The metadata of `regions` only: their countries, and their calling codes with the other countries left out. */
export function trimPhoneMetadata(full: MetadataJson, regions: readonly string[]): MetadataJson {
  const kept = new Set(regions);
  const source = full as unknown as {
    version: number;
    country_calling_codes: Record<string, string[]>;
    countries: Record<string, unknown>;
  };
  const callingCodes: Record<string, string[]> = {};
  for (const [code, countries] of Object.entries(source.country_calling_codes)) {
    const ours = countries.filter((country) => kept.has(country));
    if (ours.length > 0) callingCodes[code] = ours;
  }
  const countries: Record<string, unknown> = {};
  for (const region of regions) countries[region] = source.countries[region];
  return {
    version: source.version,
    country_calling_codes: callingCodes,
    countries,
    nonGeographic: {},
  } as unknown as MetadataJson;
}
