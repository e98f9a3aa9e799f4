import fc from 'fast-check';
import { DEFAULT_RULES, loadRuleSet } from '../../../shared/pipeline/redact/index.js';
import { DETECTORS, findLeaks } from '../../../shared/pipeline/redact/leakCheck.js';
import { replaceSpans, scanText } from '../../../shared/pipeline/redact/textEngine.js';
import { includesAny, measureText } from '../../../shared/pipeline/redact/textShape.js';
import type { CompiledTextRule } from '../../../shared/pipeline/redact/types.js';
import { luhnCheckDigit } from './fixtures.js';

/** Pieces the default rules and the leak check look for, and the characters around them, to build strings from. */
const PIECES = [
  ...'0123456789',
  ...' -.()+:=@/?&;"\'[]_\t\n',
  ...'aefxzAFKSZ',
  'é',
  '\u212a',
  'eyJ',
  'eyJhbGciOiJIUzI1NiJ9',
  'Bearer ',
  'Basic ',
  'Digest ',
  'BEARER ',
  '-----BEGIN ',
  'RSA ',
  'PRIVATE KEY-----',
  '-----END ',
  'MIIEvQIBADANBg',
  'key',
  'Key',
  'secret',
  'aws_',
  'access_',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'child_id',
  'Child-Id',
  'kid_id',
  'password',
  'pwd',
  'token',
  'api_key',
  'x-api-key',
  'cookie',
  'ssn',
  'dob',
  'lat',
  'longitude',
  'https://',
  'user:pass',
  'example.com',
  'AKIA',
  'ASIA',
  'IOSFODNN7EXAMPLE',
  'GB82',
  'WEST',
  '4111',
  '1111 ',
  '415',
  '555-',
  '2671',
  '+44 ',
  '078-05-1120',
  '192.168.',
  '2a00:1450:',
  'fe80::',
  '::1',
  'hmac-sha256:v1:',
  '[REDACTED:email]',
  '[QUARANTINED:jwt]',
];

/** Strings made of those pieces: short enough that many of them match some rule, long enough to hide a match. */
const aPieceString = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));

/** Known matches of every rule, cut down: deleting characters walks a match towards the smallest one. */
const EXAMPLES = [
  '-----BEGIN RSA PRIVATE KEY-----MIIEvQIBADANBg-----END RSA PRIVATE KEY-----',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGlsZC0xIn0.c2lnbmF0dXJl',
  'AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'Authorization: Bearer abcdefghijklmnop0123',
  'Basic dXNlcjpwYXNzd29yZA==',
  'https://user:hunter2@db.example.com/x',
  '/cb?access_token=abc123&x=1',
  'child_id=child-7f3a9 kid_id: "k-1"',
  'Cookie: a=1; b=2',
  'db_password=hunter2 pwd:x',
  'x-api-key: sk_live_1 refreshToken="abc"',
  'ssn=078-05-1120 dob=2017-03-14 child_name=Emma',
  'lat=51.50722 longitude: -0.12750',
  'mum.bear+1@example.co.uk',
  'GB82 WEST 1234 5698 7654 32',
  '4111 1111 1111 1111',
  '5500-0000-0000-0004',
  '078-05-1120',
  '+44 (20) 7946 0958',
  '1-(415) 555-2671 415.555.2671',
  '2a00:1450:4001:81c::200e fe80::1',
  'from 192.168.10.200',
  // The shortest matches, where a requirement's threshold sits.
  'secretkey:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'NO9386011117947',
  '1.2.3.4',
  '4111111111111',
  '123-45-6789',
  '415 555 2671',
  '+49 1234567',
  'a@b.co',
  'eyJhbGc.ab.',
  'x://u:p@h',
  '::',
  'CHILD_ID: X1',
];
const aCutExample = fc.tuple(fc.constantFrom(...EXAMPLES), fc.array(fc.nat(), { maxLength: 8 })).map(([text, cuts]) => {
  let out = text;
  for (const cut of cuts) if (out.length > 0) out = out.slice(0, cut % out.length) + out.slice((cut % out.length) + 1);
  return out;
});
const aText = fc.oneof(aPieceString, aCutExample, fc.string({ maxLength: 30 }));

function matches(regex: RegExp, text: string): boolean {
  const once = new RegExp(regex.source, regex.flags.replace('g', ''));
  return once.test(text);
}

/** The engine as it was before requirements: a rule runs when one of its pre-check needles is in the string. */
function withoutRequirements(rules: readonly CompiledTextRule[]): CompiledTextRule[] {
  return rules.map((rule) => {
    const { requires: _requires, ...rest } = rule;
    const needles = rule.precheck;
    return needles ? { ...rest, requires: (_shape, text) => needles.some((needle) => text.includes(needle)) } : rest;
  });
}

/** The leak check's text scan without requirements: every detector on every string. */
function checkWithoutRequirements(text: string): string {
  const spans = scanText(text, withoutRequirements(DETECTORS));
  return replaceSpans(text, spans, (span) => `[QUARANTINED:${span.rule.kind}]`);
}

describe('measureText', () => {
  it('counts the longest number written with separators', () => {
    expect(measureText('card 4111 1111 1111 1111 ok').digitChain).toBe(16);
    expect(measureText('(415) 555-2671').digitChain).toBe(10);
    expect(measureText('1-(415) 555-2671').digitChain).toBe(11);
    expect(measureText('4111  1111').digitChain).toBe(8);
    expect(measureText('4111   1111').digitChain).toBe(4);
    expect(measureText('12a34').digitChain).toBe(2);
    expect(measureText('9b2c1a8e-3f4d-4e5a-8b6c').digitChain).toBe(1);
  });

  it('sees two capitals in a row, colons around short hex groups, dots and digits', () => {
    const shape = measureText('AKIA fe80::1 a.b.c 42');
    expect([shape.capitalPair, shape.hexColonPair, shape.dots, shape.digits, shape.colons]).toEqual([
      true,
      true,
      2,
      5,
      2,
    ]);
    expect(measureText('iban GBR82 x').capitalsThenDigits).toBe(true);
    expect(['G82', 'GB8X', 'G B82', 'REPORT 82', 'MB 12'].map((text) => measureText(text).capitalsThenDigits)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    const other = measureText('Aa arn:aws:ecs 10:00 é');
    expect([other.capitalPair, other.hexColonPair, other.nonAscii]).toEqual([false, false, true]);
  });

  it('answers includesAny as includes does (property)', () => {
    fc.assert(
      fc.property(
        aText,
        fc.array(fc.constantFrom(...PIECES, 'x', 'é'), { minLength: 1, maxLength: 4 }),
        (text, needles) => {
          const expected = needles.some((needle) => text.includes(needle));
          expect(includesAny(measureText(text), text, needles)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('rule requirements', () => {
  const rules = loadRuleSet();

  it('gives the default rules that have no pre-check a requirement', () => {
    const without = rules.textRules.filter((rule) => !rule.requires).map((rule) => rule.name);
    expect(without).toEqual([]);
  });

  it('passes every string a default rule matches (property)', () => {
    fc.assert(
      fc.property(aText, (text) => {
        for (const rule of rules.textRules) {
          if (rule.requires && matches(rule.regex, text)) {
            expect({ rule: rule.name, text, passes: rule.requires(measureText(text), text) }).toMatchObject({
              passes: true,
            });
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the same spans as the engine without requirements (property)', () => {
    const plain = withoutRequirements(rules.textRules);
    const spansOf = (text: string, list: readonly CompiledTextRule[]) =>
      scanText(text, list).map((span) => [span.rule.name, span.start, span.end]);
    fc.assert(
      fc.property(aText, (text) => {
        expect(spansOf(text, rules.textRules)).toEqual(spansOf(text, plain));
      }),
      { numRuns: 3000 },
    );
  });

  it('drops the shortcut of a default rule whose pattern a rules file changes', () => {
    // Groups apart by `x`: no number chain the default requirement would see, a Maestro card to the validator.
    const changed = loadRuleSet({ rules: [{ name: 'card-number', pattern: '\\d{4}x\\d{4}x\\d{4}' }] });
    const card = changed.textRules.find((rule) => rule.name === 'card-number');
    const maestro = `50180000000${luhnCheckDigit('50180000000')}`;
    const text = `n ${maestro.slice(0, 4)}x${maestro.slice(4, 8)}x${maestro.slice(8)}`;
    expect(scanText(text, changed.textRules).map((span) => span.rule.name)).toEqual(['card-number']);
    expect(card?.requires).toBeUndefined();
    expect(DEFAULT_RULES.find((rule) => rule.name === 'card-number')).toMatchObject({ pattern: expect.any(String) });
  });

  it('runs key-value rules whose key has no word at all', () => {
    const rules = loadRuleSet({ rules: [{ type: 'keyValue', name: 'kv-odd', kind: 'odd', keys: ['-'] }] });
    expect(scanText('x =abc', rules.textRules).map((span) => span.rule.name)).toContain('kv-odd');
  });

  it('runs a rules file key-value rule on the keys it names, in any case', () => {
    const rules = loadRuleSet({ rules: [{ type: 'keyValue', name: 'kv-pet', kind: 'pet_name', keys: ['pet_name'] }] });
    expect(scanText('PET-NAME: "Rex"', rules.textRules).map((span) => span.rule.name)).toEqual(['kv-pet']);
  });
});

describe('leak check requirements', () => {
  it('runs the default rules of the high-risk kinds, the very rules the redactor runs', () => {
    const defaults = loadRuleSet().textRules;
    expect(DETECTORS.length).toBeGreaterThan(0);
    for (const detector of DETECTORS) {
      expect(defaults.find((rule) => rule.name === detector.name)?.regex.source).toBe(detector.regex.source);
    }
    expect(new Set(DETECTORS.map((d) => d.kind))).toEqual(
      new Set(['private_key', 'jwt', 'aws_access_key', 'email', 'card', 'child_id']),
    );
  });

  it('quarantines exactly what the leak check without requirements does (property)', () => {
    const rules = loadRuleSet({ disable: DEFAULT_RULES.map((rule) => rule.name) });
    fc.assert(
      fc.property(fc.array(aText, { minLength: 1, maxLength: 4 }), (texts) => {
        const { sanitized } = findLeaks({ metadata: { notes: texts } }, rules);
        expect((sanitized as { metadata: { notes: string[] } }).metadata.notes).toEqual(
          texts.map(checkWithoutRequirements),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('still reports a secret whose rule a rules file disabled', () => {
    const rules = loadRuleSet({ disable: ['email', 'email-field', 'card-number', 'jwt', 'aws-access-key-id'] });
    const { leaks } = findLeaks(
      { message: 'mum@example.com 4111 1111 1111 1111 AKIAIOSFODNN7EXAMPLE', aws: { note: EXAMPLES[1] } },
      rules,
    );
    expect(leaks).toEqual([
      { path: 'message', kind: 'email' },
      { path: 'message', kind: 'card' },
      { path: 'message', kind: 'aws_access_key' },
      { path: 'aws.note', kind: 'jwt' },
    ]);
  });
});
