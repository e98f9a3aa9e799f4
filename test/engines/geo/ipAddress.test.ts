import { formatIp, isPublicIp, parseIp, truncateIp } from '../../../shared/engines/geo/index.js';

describe('truncateIp', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['8.8.8.8', '8.8.8.0'],
    ['10.1.2.3', '10.1.2.0'],
    ['8.8.8.8:443', '8.8.8.0'],
    [' 81.2.69.142 ', '81.2.69.0'],
    ['81.2.69.142, 10.0.0.1', '81.2.69.0'],
    ['::ffff:192.0.2.128', '192.0.2.0'],
  ])('cuts the IPv4 address %j to its /24: %j', (input, expected) => {
    expect(truncateIp(input)).toBe(expected);
  });

  it.each([
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd::'],
    ['2001:4860:4860::8888', '2001:4860:4860::'],
    ['[2a00:1450:4001:81c::200e]:443', '2a00:1450:4001::'],
    ['fe80::1%eth0', 'fe80::'],
    ['2001:DB8:0:0:1::1', '2001:db8::'],
    ['::1', '::'],
  ])('cuts the IPv6 address %j to its /48: %j', (input, expected) => {
    expect(truncateIp(input)).toBe(expected);
  });

  it('is idempotent', () => {
    expect(truncateIp('203.0.113.0')).toBe('203.0.113.0');
    expect(truncateIp('2001:db8:abcd::')).toBe('2001:db8:abcd::');
  });

  it.each(['', 'unknown', '1.2.3', '256.1.1.1', 'a:b', 'example.com', '1.2.3.4.5'])(
    'returns undefined for %j',
    (input) => {
      expect(truncateIp(input)).toBeUndefined();
    },
  );
});

describe('parseIp and formatIp', () => {
  it('writes IPv6 in the canonical compressed form', () => {
    const ip = parseIp('2001:0db8:0000:0000:0000:ff00:0042:8329');
    expect(ip && formatIp(ip)).toBe('2001:db8::ff00:42:8329');
  });
});

describe('isPublicIp', () => {
  it.each([
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '127.0.0.1',
    '169.254.1.1',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '203.0.113.9',
    '::1',
    'fc00::1',
    'fe80::1',
    '2001:db8::1',
    'ff02::1',
  ])('treats %j as not public', (address) => {
    const ip = parseIp(address);
    expect(ip).toBeDefined();
    expect(ip && isPublicIp(ip)).toBe(false);
  });

  it.each(['8.8.8.8', '81.2.69.142', '172.32.0.1', '2001:4860:4860::8888'])('treats %j as public', (address) => {
    const ip = parseIp(address);
    expect(ip && isPublicIp(ip)).toBe(true);
  });
});
