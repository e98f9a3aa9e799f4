import { createBoundedMemo } from '../../core/boundedMemo.js';
import type { GeoLocation, LogDocument } from '../../core/types.js';
import { type GeoLookup, truncateIp } from '../../engines/geo/index.js';

/** Addresses remembered with their network and country (clients repeat within and across batches); bounded. */
const ADDRESS_LIMIT = 1024;
/** Longer text is not an address: not remembered. */
const ADDRESS_MAX_LENGTH = 64;

/**
 * The document's client address: its country looked up, then the address cut to its network.
 *
 * Why the GeoIP lookup lives here and is not a stage of its own before redact: the lookup needs the full address,
 * and the full address must not outlive this stage (truncating it is redaction). A `locate` stage before redact
 * would hand a document with a raw address and a precise location between two stages, and the country lookup would
 * need its own database handle in every caller (ship handler, CLI, replay, logger); here it is one option of the
 * redactor, and the address is read, located and cut in one place. The lookup adds country-level data only
 * (`keepCountryOnly`), so it does not widen what the redactor lets through.
 */
export interface AddressBook {
  /** An address cut to its network (IPv4 /24, IPv6 /48), or undefined when the text is not an address. */
  networkOf(text: string): string | undefined;
  /**
   * The client address of `document` into `out`: `geoip` (country only) added when a lookup is configured,
   * `client_ip` truncated, or removed when it is not an address. Returns true when `client_ip` changed.
   */
  redactClientIp(document: LogDocument, out: Record<string, unknown>): boolean;
}

export function createAddressBook(geo: GeoLookup | undefined): AddressBook {
  // What truncateIp and the GeoIP lookup answer depends on the address alone (the database is fixed).
  const networks = createBoundedMemo<string, string | null>(ADDRESS_LIMIT);
  const locations = createBoundedMemo<string, GeoLocation | null>(ADDRESS_LIMIT);
  const truncate = (text: string) => truncateIp(text) ?? null;

  const networkOf = (text: string): string | undefined => {
    if (text.length > ADDRESS_MAX_LENGTH) return truncateIp(text);
    return networks.getOrCompute(text, truncate) ?? undefined;
  };

  const locate = (lookup: GeoLookup, address: string): GeoLocation | undefined => {
    const location =
      address.length > ADDRESS_MAX_LENGTH
        ? lookup.lookup(address)
        : locations.getOrCompute(address, (text) => lookup.lookup(text) ?? null);
    // A copy per document: documents never share an object.
    return location ? { ...location } : undefined;
  };

  /** The country of a raw client address, when a lookup is configured and the app sent none. */
  const locationOf = (document: LogDocument, raw: string | undefined): GeoLocation | undefined => {
    if (document.geoip) return keepCountryOnly(document.geoip);
    return geo && raw !== undefined ? locate(geo, raw) : undefined;
  };

  return {
    networkOf,
    redactClientIp(document: LogDocument, out: Record<string, unknown>): boolean {
      const raw = typeof document.client_ip === 'string' ? document.client_ip : undefined;
      const location = locationOf(document, raw);
      if (location) out.geoip = location;
      if (raw === undefined) return false;
      const network = networkOf(raw);
      if (network === raw) return false;
      // Not an address (`unknown`, a hostname): nothing to truncate, so nothing of it is kept.
      if (network === undefined) delete out.client_ip;
      else out.client_ip = network;
      return true;
    },
  };
}

function keepCountryOnly(geoip: GeoLocation): GeoLocation {
  const kept: GeoLocation = {};
  if (typeof geoip.country_iso_code === 'string') kept.country_iso_code = geoip.country_iso_code;
  if (typeof geoip.continent_code === 'string') kept.continent_code = geoip.continent_code;
  return kept;
}
