import { createRedactor, DEFAULT_RULES, loadRuleSet, parseRulesFile } from '../../../shared/pipeline/redact/index.js';
import { A_KEY } from './fixtures.js';

function redactWith(rules: ReturnType<typeof loadRuleSet>, value: Record<string, unknown>) {
  return createRedactor({ key: A_KEY, rules }).redactFields(value);
}

describe('loadRuleSet', () => {
  it('compiles the default rules once and shares them', () => {
    expect(loadRuleSet()).toBe(loadRuleSet());
    expect(loadRuleSet().definitions).toBe(DEFAULT_RULES);
  });

  it('gives every default rule a unique name', () => {
    const names = DEFAULT_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('disables rules by name', () => {
    const rules = loadRuleSet({ disable: ['ipv4'] });
    expect(redactWith(rules, { m: 'from 8.8.8.8' }).value.m).toBe('from 8.8.8.8');
  });

  it('adds a pattern rule from a rules file', () => {
    const rules = loadRuleSet({
      rules: [{ type: 'pattern', name: 'employee-id', kind: 'employee_id', pattern: 'EMP-\\d{6}', precheck: ['EMP-'] }],
    });
    expect(redactWith(rules, { m: 'by EMP-123456' })).toEqual({
      value: { m: 'by [REDACTED:employee_id]' },
      counts: { employee_id: 1 },
    });
  });

  it('adds field rules, including child-id names that are then hashed', () => {
    const rules = loadRuleSet({
      rules: [
        { type: 'field', name: 'learner-id', kind: 'child_id', action: 'hash', fields: ['learner_id'] },
        { type: 'field', name: 'favourite-toy', kind: 'preference', fields: ['favouriteToy'] },
      ],
    });
    const redactor = createRedactor({ key: A_KEY, rules });
    expect(redactor.redactFields({ learnerId: 'l-1', favourite_toy: 'teddy' }).value).toEqual({
      learnerId: redactor.hashChildId('l-1'),
      favourite_toy: '[REDACTED:preference]',
    });
  });

  it('changes a default rule by name, keeping what the override does not mention', () => {
    const rules = loadRuleSet({ rules: [{ name: 'password-field', fields: ['secret_word'] }] });
    const changed = rules.definitions.find((rule) => rule.name === 'password-field');
    expect(changed).toMatchObject({ type: 'field', kind: 'password', fields: ['secret_word'] });
    expect(redactWith(rules, { secretWord: 'x' }).value).toEqual({ secretWord: '[REDACTED:password]' });
  });

  it('keeps each rule set to its own field rules when both have seen the same keys', () => {
    const changed = loadRuleSet({ rules: [{ name: 'password-field', fields: ['secret_word'] }] });
    expect(redactWith(loadRuleSet(), { secretWord: 'x', pwd: 'p' }).value).toEqual({
      secretWord: 'x',
      pwd: '[REDACTED:password]',
    });
    expect(redactWith(changed, { secretWord: 'x', pwd: 'p' }).value).toEqual({
      secretWord: '[REDACTED:password]',
      pwd: 'p',
    });
  });

  it('redacts a string one redactor found clean when another redactor has a rule for it', () => {
    const text = 'order EMP-123456 shipped';
    const plain = createRedactor({ key: A_KEY });
    const withEmployeeIds = createRedactor({
      key: A_KEY,
      rules: loadRuleSet({
        rules: [{ type: 'pattern', name: 'employee-id', kind: 'employee_id', pattern: 'EMP-\\d{6}' }],
      }),
    });
    expect(plain.redactFields({ m: text }).value.m).toBe(text);
    expect(plain.redactFields({ m: text }).value.m).toBe(text);
    expect(withEmployeeIds.redactFields({ m: text }).value.m).toBe('order [REDACTED:employee_id] shipped');
  });

  it('still finds field rules after more distinct keys than it remembers', () => {
    const rules = loadRuleSet({ rules: [{ name: 'password-field', fields: ['password'] }] });
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 12_000; i += 1) many[`key_${i}`] = 'x';
    redactWith(rules, many);
    expect(redactWith(rules, { password: 'p', child: { name: 'Mia' }, name: 'Mia' }).value).toEqual({
      password: '[REDACTED:password]',
      child: { name: '[REDACTED:child_name]' },
      name: 'Mia',
    });
  });

  it('adds key-value rules', () => {
    const rules = loadRuleSet({ rules: [{ type: 'keyValue', name: 'kv-pet', kind: 'pet_name', keys: ['pet_name'] }] });
    expect(redactWith(rules, { m: 'petName=Rex ok' }).value.m).toBe('petName=[REDACTED:pet_name] ok');
  });

  it.each([
    [{ disable: ['no-such-rule'] }, /no rule named "no-such-rule"/],
    [{ rules: [{ name: 'x', type: 'pattern', kind: 'x', pattern: '(' }] }, /x: Invalid regular expression/],
    [{ rules: [{ name: 'x', type: 'pattern', kind: 'x', pattern: '(a+)+b' }] }, /x: a repeated group/],
    [{ rules: [{ name: 'x', type: 'pattern', kind: 'x', pattern: '(\\w*\\s?)*$' }] }, /exponential time/],
    [{ rules: [{ name: 'x', type: 'field', kind: 'Bad Kind', fields: ['a'] }] }, /rules\[0\] \(x\): kind/],
    [{ rules: [{ name: 'x', type: 'field', kind: 'x' }] }, /rules\[0\] \(x\): fields/],
    [{ rules: [{ name: 'x', type: 'pattern', kind: 'x', pattern: 'a', flags: 'gy' }] }, /flags/],
    [{ rules: [{ name: 'email', colour: 'red' }] }, /colour/],
    [{ disabled: ['email'] }, /disabled/],
  ])('rejects %j with a message that says what is wrong', (overrides, message) => {
    expect(() => loadRuleSet(overrides as never)).toThrow(message);
  });
});

describe('parseRulesFile', () => {
  it('reads YAML', () => {
    const text =
      'disable: [phone-nanp]\nrules:\n  - { type: pattern, name: order-ref, kind: order_ref, pattern: "ORD-[0-9]{8}" }\n';
    expect(parseRulesFile(text, 'rules.yaml')).toEqual({
      disable: ['phone-nanp'],
      rules: [{ type: 'pattern', name: 'order-ref', kind: 'order_ref', pattern: 'ORD-[0-9]{8}' }],
    });
  });

  it('reads JSON', () => {
    expect(parseRulesFile('{"disable":["ipv4"]}', 'rules.json')).toEqual({ disable: ['ipv4'] });
  });

  it('treats an empty file as no changes', () => {
    expect(parseRulesFile('', 'rules.yml')).toEqual({});
  });

  it.each([
    ['{"disable": [', 'rules.json', /rules file rules\.json: not valid JSON/],
    ['rules: [a, ', 'team/rules.yaml', /rules file team\/rules\.yaml: not valid YAML/],
    ['- just a list', 'rules.yaml', /rules file rules\.yaml: expected an object/],
    ['disable: [nope]', 'r.yaml', /rules file r\.yaml: disable: no rule named "nope"/],
    [
      'rules: [{name: z, type: pattern, kind: z, pattern: "(a+)+"}]',
      'r.yaml',
      /rules file r\.yaml: z: a repeated group/,
    ],
  ])('names the file and the problem for %j', (text, path, message) => {
    expect(() => parseRulesFile(text, path)).toThrow(message);
  });
});
