import type { MetadataJson } from 'libphonenumber-js/core';
import fullMetadata from 'libphonenumber-js/metadata.min.json';
import { PHONE_REGIONS, trimPhoneMetadata } from '../../../shared/pipeline/redact/phoneMetadata.js';
import bundled from '../../../shared/pipeline/redact/phoneMetadata.json';

describe('the bundled phone metadata', () => {
  it('is the installed libphonenumber-js metadata of PHONE_REGIONS (regenerate it after an upgrade: see phoneMetadata.ts)', () => {
    expect(bundled).toEqual(trimPhoneMetadata(fullMetadata as unknown as MetadataJson, PHONE_REGIONS));
  });

  it('holds every region it is asked about, and their calling codes', () => {
    expect(Object.keys(bundled.countries).sort()).toEqual([...PHONE_REGIONS].sort());
    expect(bundled.country_calling_codes).toMatchObject({ '1': ['US', 'CA'], '44': ['GB'], '81': ['JP'] });
  });
});
