import fc from 'fast-check';
import type { LogDocument } from '../../../shared/core/types.js';
import { createRedactor, loadRuleSet } from '../../../shared/pipeline/redact/index.js';
import { A_KEY, aLogDocument, luhnCheckDigit } from './fixtures.js';

const fromChars = (chars: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((c) => c.join(''));
const digits = (n: number) => fromChars('0123456789', n, n);

/** Each kind the leak check knows, a secret of that kind, and the rules that would otherwise have removed it. */
const PLANTS = {
  email: {
    disable: ['email', 'email-international', 'email-url-encoded', 'email-field'],
    secret: fc
      .tuple(fromChars('abcdefghijklmnopqrstuvwxyz', 1, 10), fromChars('abcdefghijklmnopqrstuvwxyz', 2, 10))
      .map(([local, domain]) => `${local}@${domain}.com`),
  },
  card: {
    disable: ['card-number', 'card-field'],
    secret: fc.tuple(fc.constantFrom('4', '51', '6011'), fc.constantFrom('', ' ', '-')).chain(([prefix, separator]) =>
      digits(15 - prefix.length).map((body) => {
        const number = prefix + body + luhnCheckDigit(prefix + body);
        return separator ? (number.match(/.{1,4}/g) ?? []).join(separator) : number;
      }),
    ),
  },
  jwt: {
    disable: ['jwt'],
    secret: fromChars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_', 8, 30).map(
      (signature) => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGlsZC0xIn0.${signature}`,
    ),
  },
  aws_access_key: {
    disable: ['aws-access-key-id'],
    secret: fc
      .tuple(fc.constantFrom('AKIA', 'ASIA', 'AROA'), fromChars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 16))
      .map(([prefix, rest]) => prefix + rest),
  },
  private_key: {
    disable: ['private-key-block'],
    secret: fc
      .constantFrom('RSA ', 'EC ', '')
      .map((kind) => `-----BEGIN ${kind}PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC`),
  },
  child_id: {
    disable: ['key-value-child-id'],
    secret: fromChars('abcdef0123456789', 4, 12).map((id) => `child_id=child-${id}`),
  },
} as const;
type Kind = keyof typeof PLANTS;

/** Where a string can sit in a document: the app's fields, nested data, and fields the pipeline writes itself. */
const PLACES = ['message', 'metadata.note', 'metadata.items[1]', 'metadata.deep.er.text', 'aws.log_stream'] as const;

function place(document: LogDocument, where: (typeof PLACES)[number], text: string): LogDocument {
  switch (where) {
    case 'message':
      return { ...document, message: text };
    case 'metadata.note':
      return { ...document, metadata: { note: text } };
    case 'metadata.items[1]':
      return { ...document, metadata: { items: ['first', text] } };
    case 'metadata.deep.er.text':
      return { ...document, metadata: { deep: { er: { text } } } };
    case 'aws.log_stream':
      return { ...document, aws: { ...document.aws, log_stream: text } };
  }
}

const words = fromChars('abcdefghij klmnopqrstuvwxyz', 0, 20);

describe('leak check', () => {
  // The redactor and the leak check each remember strings they found clean; a string seen clean before must not
  // hide a secret in a string seen for the first time, and a disabled rule must not let a secret through.
  it('quarantines every planted secret whose rule a rules file disabled, wherever it sits (property)', () => {
    const kinds = Object.keys(PLANTS) as Kind[];
    const redactors = new Map(
      kinds.map((kind) => [
        kind,
        createRedactor({ key: A_KEY, rules: loadRuleSet({ disable: [...PLANTS[kind].disable] }) }),
      ]),
    );
    const aCase = fc.constantFrom(...kinds).chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        secret: PLANTS[kind].secret as fc.Arbitrary<string>,
        where: fc.constantFrom(...PLACES),
        before: words,
        after: words,
      }),
    );
    fc.assert(
      fc.property(aCase, ({ kind, secret, where, before, after }) => {
        const redactor = redactors.get(kind);
        if (!redactor) throw new Error(kind);
        // The same document without the secret first: its strings are now remembered as clean.
        expect(redactor.redact(place(aLogDocument(), where, `${before} ${after}`)).ok).toBe(true);
        const planted = place(aLogDocument(), where, `${before} ${secret} ${after}`);
        const outcome = redactor.redact(planted);
        expect(outcome).toMatchObject({ ok: false, leak: true });
        // And again: a string that leaked is never remembered as clean.
        expect(redactor.redact(planted)).toEqual(outcome);
        if (outcome.ok) return;
        expect(outcome.reason).toBe(`leak check: ${kind} in ${where}`);
        expect(outcome.content).not.toContain(secret);
      }),
      { numRuns: 600 },
    );
  });

  it('finds a secret in a pipeline field even with every rule on', () => {
    const redactor = createRedactor({ key: A_KEY });
    const outcome = redactor.redact(
      place(aLogDocument(), 'aws.log_stream', 'stream of mum@example.com 4111 1111 1111 1111'),
    );
    expect(outcome).toMatchObject({ ok: false, leak: true, reason: 'leak check: email in aws.log_stream' });
  });
});
