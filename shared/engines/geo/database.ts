import { readFileSync } from 'node:fs';
import { Reader, type Response } from 'mmdb-lib';
import type { GeoLocation } from '../../core/types.js';
import { findContinent } from './continents.js';
import { formatIp, isPublicIp, parseIp } from './ipAddress.js';

/** Country-level location of an address; undefined for private, reserved or unknown addresses. Never a network call. */
export interface GeoLookup {
  lookup(ip: string): GeoLocation | undefined;
}

/** The shape of a record in @ip-location-db/geo-whois-asn-country-mmdb: only the country. */
interface PackagedCountryRecord {
  country_code?: string;
}

/**
 * The offline country database shipped as an npm package: @ip-location-db/geo-whois-asn-country-mmdb, CC0
 * (its data sources are NRO/RIR whois and ASN data under CC BY 4.0). IPv4 and IPv6 in one file.
 */
export const DEFAULT_GEO_DATABASE = '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

// mmdb-lib types its records as MaxMind's; this database's records are simpler, see PackagedCountryRecord.
const readers = new Map<string, Reader<Response>>();

/**
 * Opens an MMDB country database (the packaged one by default) and returns a lookup that keeps only the country
 * ISO code and the continent. The file is read once per path and per process; a missing or corrupt file throws here,
 * at start-up, never during a lookup.
 */
export function openGeoDatabase(path?: string): GeoLookup {
  const file = path ?? require.resolve(DEFAULT_GEO_DATABASE);
  let reader = readers.get(file);
  if (!reader) {
    reader = new Reader<Response>(readFileSync(file));
    readers.set(file, reader);
  }
  const database = reader;
  return {
    lookup(ip: string): GeoLocation | undefined {
      const parsed = parseIp(ip);
      if (!parsed || !isPublicIp(parsed)) return undefined;
      try {
        const record = database.get(formatIp(parsed)) as PackagedCountryRecord | null;
        const country = record?.country_code;
        if (!country) return undefined;
        const continent = findContinent(country);
        return continent ? { country_iso_code: country, continent_code: continent } : { country_iso_code: country };
      } catch {
        // mmdb-lib throws on a malformed address; an address we cannot place simply has no location.
        return undefined;
      }
    },
  };
}
