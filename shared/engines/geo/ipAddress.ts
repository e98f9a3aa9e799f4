import { isIPv4, isIPv6 } from 'node:net';

/** An IP address taken apart: IPv4 as 4 octets, IPv6 as 8 16-bit groups. IPv4-mapped IPv6 is reported as IPv4. */
export type ParsedIp = { version: 4; octets: number[] } | { version: 6; groups: number[] };

/**
 * Parses an address as logs carry it: bare, with a port (`1.2.3.4:443`, `[::1]:443`), with an IPv6 zone
 * (`fe80::1%eth0`), or the first entry of an `X-Forwarded-For` list. Returns undefined for anything else.
 */
export function parseIp(text: string): ParsedIp | undefined {
  const candidate = stripIpDecorations(text);
  if (candidate === undefined) return undefined;
  if (isIPv4(candidate)) return { version: 4, octets: candidate.split('.').map(Number) };
  if (!isIPv6(candidate)) return undefined;
  const groups = expandIpv6(candidate);
  if (!groups) return undefined;
  if (isIpv4Mapped(groups)) {
    return { version: 4, octets: [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff] };
  }
  return { version: 6, groups };
}

/** The bare address inside what logs carry: first of a list, brackets, zone and an IPv4 port removed. */
function stripIpDecorations(text: string): string | undefined {
  let candidate = text.trim();
  const comma = candidate.indexOf(',');
  if (comma >= 0) candidate = candidate.slice(0, comma).trim();
  if (candidate.startsWith('[')) {
    const close = candidate.indexOf(']');
    if (close < 0) return undefined;
    candidate = candidate.slice(1, close);
  }
  const zone = candidate.indexOf('%');
  if (zone >= 0) candidate = candidate.slice(0, zone);
  return isIPv4(candidate) || isIPv6(candidate) ? candidate : withoutIpv4Port(candidate);
}

/** `1.2.3.4:443`: an IPv4 address with a port (a single colon followed by digits). */
function withoutIpv4Port(candidate: string): string {
  const colon = candidate.lastIndexOf(':');
  if (colon > 0 && candidate.indexOf(':') === colon && /^\d{1,5}$/.test(candidate.slice(colon + 1))) {
    return candidate.slice(0, colon);
  }
  return candidate;
}

/** `::ffff:a.b.c.d`: an IPv4 address carried in IPv6 form. */
function isIpv4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
}

/** The 8 groups of a valid IPv6 address (net.isIPv6 already said yes), expanding `::` and a dotted IPv4 tail. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const octets = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((octets[0] << 8) | octets[1]).toString(16)}:${((octets[2] << 8) | octets[3]).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...headGroups, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...restGroups];
  return all.map((g) => Number.parseInt(g, 16));
}

/** Canonical text of a parsed address (RFC 5952 for IPv6: lowercase, longest run of zero groups as `::`). */
export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) return ip.octets.join('.');
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (ip.groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && ip.groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = ip.groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The network an address belongs to, as kept in documents: IPv4 cut to its /24 (`203.0.113.0`), IPv6 to its /48
 * (`2001:db8:1::`). Returns undefined when the text is not an address.
 */
export function truncateIp(text: string): string | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  if (ip.version === 4) return formatIp({ version: 4, octets: [ip.octets[0], ip.octets[1], ip.octets[2], 0] });
  return formatIp({ version: 6, groups: [ip.groups[0], ip.groups[1], ip.groups[2], 0, 0, 0, 0, 0] });
}

// Ranges that are never a public host: a country for them is meaningless (and the database answers some of them
// wrongly, e.g. 192.168.0.0/16 -> AU). IANA special-purpose registries, RFC 6890.
const PRIVATE_V4: ReadonlyArray<readonly [number, number]> = [
  [cidrStart(0, 0, 0, 0), 8],
  [cidrStart(10, 0, 0, 0), 8],
  [cidrStart(100, 64, 0, 0), 10],
  [cidrStart(127, 0, 0, 0), 8],
  [cidrStart(169, 254, 0, 0), 16],
  [cidrStart(172, 16, 0, 0), 12],
  [cidrStart(192, 0, 0, 0), 24],
  [cidrStart(192, 0, 2, 0), 24],
  [cidrStart(192, 88, 99, 0), 24],
  [cidrStart(192, 168, 0, 0), 16],
  [cidrStart(198, 18, 0, 0), 15],
  [cidrStart(198, 51, 100, 0), 24],
  [cidrStart(203, 0, 113, 0), 24],
  [cidrStart(224, 0, 0, 0), 4],
  [cidrStart(240, 0, 0, 0), 4],
];

function cidrStart(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function isPrivateV4(octets: number[]): boolean {
  const value = cidrStart(octets[0], octets[1], octets[2], octets[3]);
  return PRIVATE_V4.some(
    ([start, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(start / 2 ** (32 - bits)),
  );
}

function isPrivateV6(groups: number[]): boolean {
  const first = groups[0];
  if (groups.every((g, i) => (i < 7 ? g === 0 : g <= 1))) return true; // :: and ::1
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link local
  if ((first & 0xff00) === 0xff00) return true; // ff00::/8 multicast
  if (first === 0x2001 && groups[1] === 0x0db8) return true; // 2001:db8::/32 documentation
  if (first === 0x0100 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0) return true; // 100::/64 discard
  return false;
}

/** True for an address of a public host: not private, loopback, link-local, multicast, shared or documentation space. */
export function isPublicIp(ip: ParsedIp): boolean {
  return ip.version === 4 ? !isPrivateV4(ip.octets) : !isPrivateV6(ip.groups);
}
