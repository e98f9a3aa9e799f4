/**
 * Each bypass and false quarantine issue 12 found by probing, as a test that failed before the change and passes
 * after it.
 */
import type { LogEvent, LogSource } from '../../../shared/core/types.js';
import { transformEvent } from '../../../shared/pipeline/pipeline.js';
import { createRedactor, findLeaks, loadRuleSet } from '../../../shared/pipeline/redact/index.js';
import { A_KEY, aLogDocument, luhnCheckDigit } from './fixtures.js';

const redactor = createRedactor({ key: A_KEY });
const CARD = '4111 1111 1111 1111';
const withoutCardRules = loadRuleSet({ disable: ['card-number', 'card-field'] });
const SOURCE: LogSource = { logGroup: '/aws/lambda/story-service', logStream: 's', owner: '123456789012' };
const anEvent = (message: string): LogEvent => ({ id: '1', timestamp: Date.UTC(2026, 0, 15), message });

function messageOf(message: string): string {
  const outcome = redactor.redact(aLogDocument({ message }));
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.document.message as string;
}

describe('a card right after another number', () => {
  it.each([`2026-01-15 ${CARD}`, `qty 2 ${CARD}`, `order total 12.50 ${CARD.replace(/ /g, '')}`])(
    'is redacted in %j',
    (text) => {
      expect(messageOf(text)).not.toContain('1111');
    },
  );

  it('is redacted after a word that only ends like an order word (found by the property test)', () => {
    expect(messageOf('atxn 4111111111111111 ok')).toBe('atxn [REDACTED:card] ok');
  });

  it('is found by the leak check when the card rule is off', () => {
    const { leaks } = findLeaks({ message: `2026-01-15 ${CARD}` }, withoutCardRules);
    expect(leaks).toEqual([{ path: 'message', kind: 'card' }]);
  });

  it('is redacted when it is a 12-digit Maestro card', () => {
    const maestro = `50180000000${luhnCheckDigit('50180000000')}`;
    expect(messageOf(`paid with ${maestro}`)).toBe('paid with [REDACTED:card]');
  });
});

describe('PII in object keys', () => {
  it('replaces a key that is an e-mail address, keeping its value', () => {
    const outcome = redactor.redact(
      aLogDocument({ metadata: { votes: { 'mum@example.com': 3, 'dad@example.org': 1 } } }),
    );
    expect(outcome.ok && outcome.document.metadata).toEqual({
      votes: { '[REDACTED:email]': 3, '[REDACTED:email]#2': 1 },
    });
  });

  it('quarantines a key the rules let through, naming no key in the reason', () => {
    const rules = loadRuleSet({ disable: ['email', 'email-international', 'email-url-encoded', 'email-field'] });
    const outcome = createRedactor({ key: A_KEY, rules }).redact(
      aLogDocument({ metadata: { votes: { 'mum@example.com': 3 } } }),
    );
    expect(outcome).toMatchObject({ ok: false, leak: true, reason: 'leak check: email in metadata.votes' });
    expect(outcome.ok || outcome.content).not.toContain('mum@example.com');
  });
});

describe('fields the pipeline used to pass unchecked', () => {
  it('redacts app tags', () => {
    const outcome = redactor.redact(aLogDocument({ tags: ['vip', 'ssn:123-45-6789', 'call +44 20 7946 0958'] }));
    expect(outcome.ok && outcome.document.tags).toEqual(['vip', 'ssn:[REDACTED:ssn]', 'call [REDACTED:phone]']);
  });

  it("redacts a function_request_id that is not the runtime's UUID", () => {
    const line = JSON.stringify({ level: 'INFO', message: 'x', function_request_id: 'req from 81.2.69.142' });
    const outcome = transformEvent(anEvent(line), SOURCE, redactor);
    expect(outcome.ok && outcome.document.lambda?.request_id).toBe('req from [REDACTED:ip]');
  });

  it('redacts the request-id column of a Lambda text line, and keeps a UUID there as it is', () => {
    const texts = ['123-45-6789', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef'].map((id) => {
      const outcome = transformEvent(anEvent(`2026-01-15T10:00:00.000Z\t${id}\tINFO\thello`), SOURCE, redactor);
      return outcome.ok ? outcome.document.lambda?.request_id : outcome.reason;
    });
    expect(texts).toEqual(['[REDACTED:ssn]', 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef']);
  });
});

describe('secrets in forms the patterns missed', () => {
  it.each([
    ['a %40-encoded e-mail', 'GET /invite?to=jane.doe%40example.com&x=1', 'jane.doe'],
    ['an internationalised e-mail', 'contact: δοκιμή@παράδειγμα.δοκιμή today', 'δοκιμή@'],
    ['an internationalised local part', 'sent to 用户@例子.广告', '用户'],
    [
      'a PGP private key',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF0mX1IBCADN7vLh\n=Wl9f\n-----END PGP PRIVATE KEY BLOCK-----',
      'lQOYBF0mX1IBCADN7vLh',
    ],
    ['a bearer token beyond 4,096 characters', `Authorization: Bearer ${'a'.repeat(4096)}TAILSECRET`, 'TAILSECRET'],
    ['a URL password over 256 characters', `postgres://app:${'p'.repeat(300)}SECRET!@db.internal:5432/x`, 'SECRET'],
    ['a password in a sentence', 'Login attempt with password Tr0ub4dor failed', 'Tr0ub4dor'],
    ['a logfmt password starting with &', 'level=warn password=&xY9kQ2 user=7', 'xY9kQ2'],
    ['a GitHub token under an innocuous key', `note=ghp_${'a1B2'.repeat(9)}`, 'a1B2'],
    ['a Japanese date of birth', '誕生日: 2012年06月05日', '2012年06月05日'],
    ['a national id (Spanish DNI)', 'doc 12345678Z attached', '12345678Z'],
    ['a Japanese phone number', 'tel 03-1234-5678 (office)', '1234-5678'],
    ['a Spanish number written as Spain writes it', 'llamar al 612345678 mañana', '612345678'],
  ])('redacts %s', (_name, text, secret) => {
    expect(messageOf(text)).not.toContain(secret);
  });

  it.each([
    'Password reset requested for user 42',
    'password changed successfully',
    'token expired for session',
    'the secret santa game started',
  ])('keeps the next word of a sentence after a secret word as it is: %j', (text) => {
    expect(messageOf(text)).toBe(text);
  });

  it.each([
    ['mixed case', 'secret hunterTwo here', 'hunterTwo'],
    ['a digit', 'pin 4821 entered', '4821'],
  ])('still redacts a value with %s after a secret word', (_name, text, secret) => {
    expect(messageOf(text)).not.toContain(secret);
  });
});

describe('no false quarantines and no false cards', () => {
  // A uuid4 whose leading groups are all digits and, with the first digit of the fourth group, pass Luhn: the shape
  // that was read as a card (`[REDACTED:card]efb-b254-…`) and, as a request id, quarantined.
  const body = '4111111111114111';
  const uuid = `${body.slice(0, 8)}-${body.slice(8, 12)}-${body.slice(12)}-${luhnCheckDigit(body)}efb-b254c0ffee12`;

  it('keeps such a uuid4 in message text and as a correlation id', () => {
    const outcome = redactor.redact(aLogDocument({ message: `request ${uuid} done`, correlation_id: uuid }));
    expect(outcome).toMatchObject({ ok: true, document: { message: `request ${uuid} done`, correlation_id: uuid } });
  });

  it('never quarantines such a uuid4 as the request id', () => {
    const outcome = redactor.redact(aLogDocument({ lambda: { request_id: uuid } }));
    expect(outcome).toMatchObject({ ok: true, document: { lambda: { request_id: uuid } } });
  });

  it('keeps a Luhn-valid tenant id in the tags', () => {
    const tag = `tenant:486611111111111${luhnCheckDigit('486611111111111')}`;
    const outcome = redactor.redact(aLogDocument({ tags: [tag] }));
    expect(outcome).toMatchObject({ ok: true, document: { tags: [tag] } });
  });

  it('never quarantines a child whose hash holds a card-like digit run', () => {
    // A keyed hash whose hex starts with 16 digits of a Luhn-valid card.
    const hash = `hmac-sha256:v1:4111111111111111${'ab'.repeat(24)}`;
    const outcome = redactor.redact(aLogDocument({ child_id: hash, message: `child ${hash}` }));
    expect(outcome).toMatchObject({ ok: true, document: { child_id: hash, message: `child ${hash}` } });
  });

  it.each([
    ['Luhn-valid epoch milliseconds', `at 171862770000${luhnCheckDigit('171862770000')} ms`],
    ['a Luhn-valid order number', 'order 4111111111111111 shipped'],
    ['a hex trace id', 'trace 4bf92f3577b34da6a3ce929d0e0e4736'],
    // Found by the privacy bench in a million random ids: `00` + digits read as an international phone number.
    ['a uuid4 starting 00 with digit-only groups', 'story 00491402-7864-4899-ba66-626082b11816 done'],
    ['an ARN with a leading-zero account', 'arn:aws:lambda:eu-west-1:012345678901:function:story'],
  ])('keeps %s', (_name, text) => {
    expect(messageOf(text)).toBe(text);
  });
});
