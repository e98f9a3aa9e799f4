import { createRedactor } from '../../../shared/pipeline/redact/index.js';
import { A_KEY } from './fixtures.js';

const redactor = createRedactor({ key: A_KEY });

function redactText(text: string): { text: string; counts: Record<string, number> } {
  const { value, counts } = redactor.redactFields({ text });
  return { text: value.text as string, counts };
}

/** [rule kind, text with the secret in it, the secret]. */
const POSITIVES: ReadonlyArray<readonly [string, string, string]> = [
  ['email', 'sent to jane.doe+kids@example.co.uk today', 'jane.doe+kids@example.co.uk'],
  ['email', 'to=bob@mail.example.com', 'bob@mail.example.com'],
  ['phone', 'call (415) 555-2671 now', '(415) 555-2671'],
  ['phone', 'call 415-555-2671', '415-555-2671'],
  ['phone', 'call 415.555.2671', '415.555.2671'],
  ['phone', 'call 1-415-555-2671', '1-415-555-2671'],
  ['phone', 'uk +44 20 7946 0958', '+44 20 7946 0958'],
  ['phone', 'e164 +14155552671.', '+14155552671'],
  ['phone', 'de +49-151-1234-5678', '+49-151-1234-5678'],
  ['ssn', 'ssn 123-45-6789 on file', '123-45-6789'],
  ['card', 'visa 4111 1111 1111 1111 exp 12/27', '4111 1111 1111 1111'],
  ['card', 'mc 5500-0000-0000-0004', '5500-0000-0000-0004'],
  ['card', 'amex 378282246310005', '378282246310005'],
  ['card', 'then 4111111111111111 2024-06-17', '4111111111111111'],
  ['iban', 'iban GB82 WEST 1234 5698 7654 32 EUR', 'GB82 WEST 1234 5698 7654 32'],
  ['iban', 'iban DE89370400440532013000', 'DE89370400440532013000'],
  [
    'jwt',
    'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  ],
  ['aws_access_key', 'key AKIAIOSFODNN7EXAMPLE used', 'AKIAIOSFODNN7EXAMPLE'],
  ['aws_access_key', 'temp ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
  [
    'aws_secret_key',
    'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ],
  [
    'aws_secret_key',
    '"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ],
  ['bearer_token', 'Authorization: Bearer abc123.def456-ghi', 'abc123.def456-ghi'],
  ['bearer_token', 'sent Basic dXNlcjpwYXNzd29yZA== header', 'dXNlcjpwYXNzd29yZA=='],
  ['url_credentials', 'db postgres://admin:s3cr3tpw@db.internal:5432/app', 'admin:s3cr3tpw'],
  ['url_credentials', 'redis://:hunter2pw@cache:6379', ':hunter2pw'],
  ['url_secret', 'GET /cb?code=abc123xyz&state=1', 'abc123xyz'],
  ['url_secret', 'https://x.example/a?access_token=tok3n-value&page=2', 'tok3n-value'],
  ['url_secret', 'https://s3/x?X-Amz-Signature=deadbeefcafe0123', 'deadbeefcafe0123'],
  [
    'private_key',
    'key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
    'MIIEowIBAAKCAQEA',
  ],
  ['private_key', 'cut -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQ', 'MIIEvQIBADANBgkqhkiG9w0BAQ'],
  ['password', 'login password=hunter2 ok', 'hunter2'],
  ['password', 'db_password: "correct horse battery"', 'correct horse battery'],
  ['password', '{"newPassword":"p\\"w0rd"}', 'p\\"w0rd'],
  ['secret', 'x-api-key=abcdef123456', 'abcdef123456'],
  ['secret', 'Cookie: sid=abc123; theme=dark; csrf=zz9', 'csrf=zz9'],
  ['secret', 'refresh_token=rt-998877', 'rt-998877'],
  ['secret', 'Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
  ['secret', "client_secret='s3cr3t value'", 's3cr3t value'],
  ['ssn', 'ssn=123456789', '123456789'],
  ['date_of_birth', 'dob=2016-04-01', '2016-04-01'],
  ['child_name', 'child_name="Emma Rose"', 'Emma Rose'],
  ['ip', 'from 203.0.113.7:443', '203.0.113.7'],
  ['ip', 'at 1.2.3.4.', '1.2.3.4'],
  ['ip', 'v6 2001:db8:85a3::8a2e:370:7334 ok', '2001:db8:85a3::8a2e:370:7334'],
  ['ip', 'v6 [fe80::1]:8080', 'fe80::1'],
  ['ip', 'mapped ::ffff:192.0.2.128', '::ffff:192.0.2.128'],
];

/** Texts that look like secrets but are not: they must survive verbatim. */
const NEAR_MISSES: readonly string[] = [
  'request 123e4567-e89b-12d3-a456-426614174000 done',
  'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  'SHA256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
  'at 2024-06-17T12:34:56.789Z and 2024-06-17 12:34:56+00:00 and 2024-06-17T12:34:56+05:30',
  'order 4111111111111112 is not a card',
  'counter 123456789 and 123456789012 and 1718630096',
  'arn:aws:iam::123456789012:role/teddy-story and arn:aws:lambda:eu-west-1:123456789012:function:ship',
  'version v1.2.3, 1.2.3, v1.2.3.4, 2.0.0-beta.1 and node 20.19.0',
  'GET /api/v1/children/42/stories?page=2&limit=20 HTTP/1.1',
  'mac 00:1A:2B:3C:4D:5E at 12:34:56 in std::vector',
  'ssn-like 000-12-3456 and 666-12-3456 and 123-00-4567',
  'event 37830456489516398637463473425341414143823568640901087232',
  'max_tokens=512 token_count=7 bypass=true',
  'the bearer of news; Basic setup done',
  'latency 12.5 ms, 99.9% of 1000000 requests, ratio 3/4',
  'CloudWatch stream 2024/06/17/[$LATEST]0123456789abcdef',
  'already [REDACTED:email] and hmac-sha256:v1:0b6f7a3ee0c3c4dd3d7e2d6b6bfbd25e5d0f5a6e0ee3d0c2e4f9d3c1b2a19f88',
];

describe('redaction rules on text', () => {
  it.each(POSITIVES)('redacts %s in %j', (kind, text, secret) => {
    const result = redactText(text);
    expect(result.text).not.toContain(secret);
    expect(result.counts[kind]).toBeGreaterThanOrEqual(1);
  });

  it.each(NEAR_MISSES.map((text) => [text]))('keeps the near-miss %j verbatim', (text) => {
    const result = redactText(text);
    expect(result.text).toBe(text);
    expect(result.counts).toEqual({});
  });

  it('keeps the key and replaces only the value of a sensitive key-value pair', () => {
    expect(redactText('login password=hunter2 ok').text).toBe('login password=[REDACTED:password] ok');
    expect(redactText('{"token":"abc"}').text).toBe('{"token":"[REDACTED:secret]"}');
  });

  it('keeps the host of a URL whose credentials it removes', () => {
    expect(redactText('postgres://admin:pw123456@db.internal:5432/app').text).toBe(
      'postgres://[REDACTED:url_credentials]@db.internal:5432/app',
    );
  });

  it('replaces a valid dotted quad as an address but keeps a v-prefixed version', () => {
    expect(redactText('1.2.3.4 v1.2.3.4').text).toBe('[REDACTED:ip] v1.2.3.4');
  });

  it('finds each card in a list of cards', () => {
    const result = redactText('4111 1111 1111 1111 5500 0000 0000 0004');
    expect(result.counts.card).toBe(2);
    expect(result.text).toBe('[REDACTED:card] [REDACTED:card]');
  });

  it('coarsens coordinates written as key-value pairs to one decimal', () => {
    expect(redactText('at lat=51.50744, lon=-0.12766').text).toBe('at lat=51.5, lon=-0.1');
  });

  it('hashes a child id written in text with the keyed hash', () => {
    const result = redactText('story for child_id=kid-42 done');
    expect(result.text).toBe(`story for child_id=${redactor.hashChildId('kid-42')} done`);
    expect(result.counts.child_id).toBe(1);
  });

  it('finds a secret at byte 90,000 of a long message', () => {
    const text = `${'lorem ipsum '.repeat(7500)}mail bob@example.com`;
    expect(text.indexOf('bob@')).toBeGreaterThan(90_000);
    expect(redactText(text).text).not.toContain('bob@example.com');
  });

  it('explains where each rule fired, in positions of the given text', () => {
    const text = 'mail bob@example.com from 8.8.8.8';
    expect(redactor.explain(text)).toEqual([
      { rule: 'email', kind: 'email', start: 5, end: 20 },
      { rule: 'ipv4', kind: 'ip', start: 26, end: 33 },
    ]);
  });
});
