import fc from 'fast-check';
import { LogCategory } from '../../packages/logger/src/index.js';
import { looksPlain } from '../../packages/logger/src/sourceRedaction.js';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { aKey, aLogging } from './support.js';

/** Secrets an app might log by mistake, each with the marker kind it must become. */
const PLANTED = {
  email: 'parent.bear@example.com',
  card: '4111 1111 1111 1111',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGlsZC0xIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  password: 'hunter2-Teddy!',
  childId: 'child_8f3a2b',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  phone: '(415) 555-2671',
  bearer: 'Bearer abcdefghijklmnop0123456789',
} as const;

function expectNoneOf(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('redaction at source', () => {
  it('writes none of the planted secrets, wherever the app put them', () => {
    const { logging, capture } = aLogging();
    const logger = logging.getLogger('leaky');
    logger.info(`reset for ${PLANTED.email} with card ${PLANTED.card}`, { category: LogCategory.SECURITY });
    logger.info('login', { metadata: { password: PLANTED.password, session: { token: PLANTED.jwt } } });
    logger.warn('upstream call', { authorization: PLANTED.bearer, note: `key ${PLANTED.awsKey}` });
    logger.info('profile', {
      childId: PLANTED.childId,
      metadata: { child: { id: PLANTED.childId }, phone: PLANTED.phone },
    });
    logger.info(`story for child_id=${PLANTED.childId}`);
    logger.error('failed', { error: new Error(`could not mail ${PLANTED.email}`) });
    logger.child({ userEmail: PLANTED.email }).info('bound');
    expectNoneOf(capture.text(), Object.values(PLANTED));
    expect(capture.lines()[0]).toMatchObject({
      message: 'reset for [REDACTED:email] with card [REDACTED:card]',
      source_redaction: [
        { kind: 'card', count: 1 },
        { kind: 'email', count: 1 },
      ],
    });
    expect(capture.lines()[1].metadata).toEqual({
      password: '[REDACTED:password]',
      session: { token: '[REDACTED:secret]' },
    });
  });

  it('writes ordinary lines exactly as given, without a redaction field', () => {
    const { logging, capture } = aLogging();
    const logger = logging.getLogger('ordinary');
    const metadata = {
      story_id: 'story-123456',
      request: '8d3c1c2e-6a5b-4f1e-9a7d-2b4c6d8e0f12',
      sha: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      at: '2026-01-15T10:30:00.000Z',
      counter: 123456789,
      path: '/v1/stories/42',
      tags: ['bedtime', 'bears'],
    };
    for (let round = 0; round < 3; round += 1) logger.info('story generated', { metadata });
    for (const line of capture.lines()) {
      expect(line.metadata).toEqual(metadata);
      expect(line.message).toBe('story generated');
      expect(line).not.toHaveProperty('source_redaction');
    }
  });

  it('redacts a secret in a value it has seen clean before under another key', () => {
    const { logging, capture } = aLogging();
    const logger = logging.getLogger('keys');
    logger.info('first', { metadata: { note: 'plain text' } });
    logger.info('second', { metadata: { password: 'plain text' } });
    expect(capture.lines()[1].metadata).toEqual({ password: '[REDACTED:password]' });
  });

  it('never writes a planted secret, at any depth, under any key (property)', () => {
    // Secrets recognisable by their form: a password or a child id is only one by the name of its field.
    const recognisable = Object.values(PLANTED).filter(
      (value) => value !== PLANTED.childId && value !== PLANTED.password,
    );
    const secret = fc.constantFrom(...recognisable);
    const key = fc.constantFrom('note', 'detail', 'items', 'text', 'value', 'payload');
    const leaf = fc.oneof(
      secret,
      secret.map((value) => `see ${value} here`),
      fc.string({ maxLength: 12 }),
      fc.integer(),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), secret, (metadata, inMessage) => {
        const { logging, capture } = aLogging();
        logging.getLogger('property').info(`about ${inMessage}`, { metadata });
        const written = capture.text();
        expectNoneOf(written, recognisable);
      }),
      { numRuns: 150 },
    );
  });
});

describe('looksPlain', () => {
  const redactor = createRedactor({ key: aKey() });
  const firesOn = (text: string) => Object.keys(redactor.redactFields({ v: text }).counts).length > 0;

  it('passes ordinary messages and ids without asking the redactor', () => {
    for (const text of [
      'story generated',
      'story-123456',
      'teddy-story-v3',
      'Content filter blocked a phrase',
      '/v1/stories',
    ]) {
      expect(looksPlain(text)).toBe(true);
    }
  });

  it('refuses the shapes the default rules look for', () => {
    for (const text of [
      'AKIAIOSFODNN7EXAMPLE',
      'Bearer abcdefghijklmnop',
      'token abcdefghijklmnop',
      'Basic dXNlcjpwYXNz',
      'DE89 3704 0044 0532 0130 00',
      '4111 1111 1111 1111',
      '415-555-2671',
      '078-05-1120',
      '-----BEGIN RSA PRIVATE KEY-----',
      'mum@example.com',
      'password=hunter2',
    ]) {
      expect(looksPlain(text)).toBe(false);
    }
  });

  it('refuses a keyword of the bearer rule wherever it stands, at the start, the end or inside a word', () => {
    for (const text of [
      'bearer',
      'Bearer x',
      'the bearer',
      'xbearer',
      'token',
      'atoken',
      'Token',
      'Basic',
      'isbasic',
    ]) {
      expect(looksPlain(text)).toBe(false);
    }
    for (const text of ['Digest', 'a Digest of', 'digest', 'predigested']) {
      expect(looksPlain(text)).toBe(false);
    }
    expect(looksPlain('bear er to ken ba sic di gest')).toBe(true);
  });

  // The tripwire: looksPlain encodes what the default rules can match; a rule that matches a plain string breaks it.
  it('never passes a string on which a default rule fires (property)', () => {
    const plainish = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-/'.split('')),
      maxLength: 60,
    });
    const words = fc
      .array(
        fc.constantFrom(
          'story',
          'AKIA',
          'Bearer ',
          'bearer ',
          'Token ',
          'Digest ',
          'Basic ',
          'DE89',
          'abcdefgh',
          '4111',
          '555',
          'BEGIN',
          'a',
          '-',
          ' ',
          '0',
        ),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(plainish, words), (text) => {
        if (looksPlain(text)) expect(firesOn(text)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
