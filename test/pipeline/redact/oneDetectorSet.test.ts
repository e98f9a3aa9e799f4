/**
 * One detector set, one notion of token boundaries: what the redactor cleaned never fails the leak check, and the
 * leak check never quarantines what the pipeline itself produces (request ids, correlation ids, child hashes).
 */
import fc from 'fast-check';
import { createRedactor } from '../../../shared/pipeline/redact/index.js';
import { A_KEY, aLogDocument, luhnCheckDigit } from './fixtures.js';

const redactor = createRedactor({ key: A_KEY });

/** Pieces of secrets and of what sits around them, to build strings a redactor must clean. */
const PIECES = [
  ...'0123456789',
  ...' -.:=@/+_"\'\t',
  ...'abcxyzABCXYZ',
  'é',
  '年',
  '4111 1111 1111 1111',
  `50180000000${luhnCheckDigit('50180000000')}`,
  'mum@example.com',
  'δοκιμή@παράδειγμα.δοκιμή',
  'jane%40example.com',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
  'AKIAIOSFODNN7EXAMPLE',
  '-----BEGIN PRIVATE KEY-----',
  'Bearer ',
  'child_id=',
  'password ',
  'hmac-sha256:v1:',
  '[REDACTED:card]',
  'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  '2026-01-15 ',
  '+44 20 7946 0958',
];
const aText = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

describe('one detector set', () => {
  it('never quarantines a document the redactor cleaned (property)', () => {
    fc.assert(
      fc.property(aText, aText, fc.array(aText, { maxLength: 3 }), (message, note, tags) => {
        const outcome = redactor.redact(aLogDocument({ message, tags, metadata: { note, [note]: message } }));
        expect(outcome.ok ? 'delivered' : outcome.reason).toBe('delivered');
      }),
      { numRuns: 3000 },
    );
  });

  it('redacts a chain in which each replacement frees the next token (found by the property above)', () => {
    const text = '+44 20 7946 0958AKIAIOSFODNN7EXAMPLE+44 20 7946 0958child_id=0';
    const outcome = redactor.redact(aLogDocument({ tags: [text] }));
    expect(outcome).toMatchObject({
      ok: true,
      document: {
        tags: [`[REDACTED:phone][REDACTED:aws_access_key][REDACTED:phone]child_id=${redactor.hashChildId('0')}`],
      },
    });
  });

  it('never quarantines or changes random uuid4 request and correlation ids (property)', () => {
    fc.assert(
      fc.property(fc.uuid({ version: 4 }), fc.uuid({ version: 4 }), (requestId, correlationId) => {
        const message = `request ${requestId} for ${correlationId} done`;
        const outcome = redactor.redact(
          aLogDocument({ message, correlation_id: correlationId, lambda: { request_id: requestId } }),
        );
        expect(outcome).toMatchObject({
          ok: true,
          document: { message, correlation_id: correlationId, lambda: { request_id: requestId } },
        });
      }),
      { numRuns: 20_000 },
    );
  });

  it('never quarantines a child by its hash, wherever the hash appears (property)', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
    fc.assert(
      fc.property(hex, (digest) => {
        const hash = `hmac-sha256:v1:${digest}`;
        const outcome = redactor.redact(
          aLogDocument({ child_id: hash, message: `story for ${hash}`, metadata: { child: { id: hash } } }),
        );
        expect(outcome).toMatchObject({ ok: true, document: { child_id: hash, message: `story for ${hash}` } });
      }),
      { numRuns: 5_000 },
    );
  });
});
