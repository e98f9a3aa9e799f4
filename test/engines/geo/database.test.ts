import { findContinent, openGeoDatabase } from '../../../shared/engines/geo/index.js';

// Answers checked against the packaged database (@ip-location-db/geo-whois-asn-country-mmdb) when this test was
// written: Google DNS is registered in the US, 81.2.69.142 (MaxMind's own test address) in GB.
describe('openGeoDatabase', () => {
  const geo = openGeoDatabase();

  it('gives the country and continent of a public IPv4 address', () => {
    expect(geo.lookup('8.8.8.8')).toEqual({ country_iso_code: 'US', continent_code: 'NA' });
    expect(geo.lookup('81.2.69.142')).toEqual({ country_iso_code: 'GB', continent_code: 'EU' });
  });

  it('gives the country of a public IPv6 address, with a port or in brackets', () => {
    expect(geo.lookup('2001:4860:4860::8888')).toEqual({ country_iso_code: 'US', continent_code: 'NA' });
    expect(geo.lookup('[2001:4860:4860::8888]:53')?.country_iso_code).toBe('US');
    expect(geo.lookup('8.8.8.8:53')?.country_iso_code).toBe('US');
  });

  it('keeps nothing finer than the country', () => {
    expect(Object.keys(geo.lookup('8.8.8.8') ?? {}).sort()).toEqual(['continent_code', 'country_iso_code']);
  });

  it.each(['10.0.0.1', '192.168.1.1', '172.16.0.1', '127.0.0.1', '::1', 'fe80::1', '100.64.0.1'])(
    'gives no location for the private address %j',
    (address) => {
      expect(geo.lookup(address)).toBeUndefined();
    },
  );

  it.each(['', 'not-an-ip', '999.1.1.1'])('gives no location for %j', (address) => {
    expect(geo.lookup(address)).toBeUndefined();
  });

  it('fails at open, not at lookup, when the database file is missing', () => {
    expect(() => openGeoDatabase('/nonexistent/geo.mmdb')).toThrow(/ENOENT/);
  });
});

describe('findContinent', () => {
  it.each([
    ['US', 'NA'],
    ['gb', 'EU'],
    ['JP', 'AS'],
    ['BR', 'SA'],
    ['AU', 'OC'],
    ['NG', 'AF'],
    ['AQ', 'AN'],
  ])('maps %s to %s', (country, continent) => {
    expect(findContinent(country)).toBe(continent);
  });

  it('returns undefined for an unknown code', () => {
    expect(findContinent('ZZ')).toBeUndefined();
  });
});
