import { Command } from 'commander';
import { maskMatch, registerTestRules, runTestRules } from '../../../cli/commands/testRules.js';
import { createRedactor } from '../../../shared/pipeline/redact/index.js';
import { A_KEY } from '../../pipeline/redact/fixtures.js';

const redactor = createRedactor({ key: A_KEY });

const LINES = [
  '{"level":"info","msg":"login","password":"hunter2","user":{"email":"jane@example.com"}}',
  'plain text for bob@example.com with card 4111-1111-1111-1111',
  '2024-06-17T12:00:00.000Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tINFO\tstory {"token":"abcdefgh1234","child":{"name":"Emma"}}',
  'nothing to see at 2024-06-17T12:00:00Z in request 123e4567-e89b-12d3-a456-426614174000',
];

describe('test-rules', () => {
  it('prints, for each line, which rules fired and where, without the matched text', () => {
    const out: string[] = [];
    runTestRules(LINES, redactor, (line) => out.push(line));
    const text = out.join('\n');
    expect(out).toContain('line 1: 2 findings');
    expect(out).toContain('  password  password-field (password)  *** (7 chars)');
    expect(out).toContain('  user.email  email-field (email)  j…m (16 chars)');
    expect(out).toContain('  text[15..30)  email (email)  b…m (15 chars)');
    expect(out).toContain('  child.name  child-object-name-field (child_name)  *** (4 chars)');
    expect(text).not.toMatch(/line 4/);
    for (const secret of [
      'hunter2',
      'jane@example.com',
      'bob@example.com',
      '4111-1111-1111-1111',
      'abcdefgh1234',
      'Emma',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('summarises per rule', () => {
    const out: string[] = [];
    const summary = runTestRules(LINES, redactor, (line) => out.push(line));
    expect(summary).toEqual({
      lines: 4,
      linesWithFindings: 3,
      findings: 6,
      byRule: {
        'password-field': 1,
        'email-field': 1,
        email: 1,
        'card-number': 1,
        'secret-field': 1,
        'child-object-name-field': 1,
      },
    });
    expect(out).toContain('summary: 4 lines, 3 with findings, 6 findings');
  });

  it('reads async line sources', async () => {
    async function* lines() {
      yield 'mail a@example.com';
    }
    const summary = await runTestRules(lines(), redactor, () => undefined);
    expect(summary.byRule).toEqual({ email: 1 });
  });

  it('masks short matches completely and long ones to first and last character', () => {
    expect(maskMatch('1234')).toBe('*** (4 chars)');
    expect(maskMatch('jane@example.com')).toBe('j…m (16 chars)');
  });

  it('registers a test-rules command that passes --rules to the redactor factory', async () => {
    const program = new Command().exitOverride();
    const seen: Array<string | undefined> = [];
    const written: string[] = [];
    const { Readable } = await import('node:stream');
    registerTestRules(
      program,
      async (rulesPath) => {
        seen.push(rulesPath);
        return redactor;
      },
      { stdin: Readable.from(['secret=abcdef\n']), stdout: { write: (text: string) => written.push(text) } },
    );
    await program.parseAsync(['node', 'teddy-logs', 'test-rules', '--rules', 'team.yaml']);
    expect(seen).toEqual(['team.yaml']);
    expect(written.join('')).toContain('key-value-secret (secret)');
  });
});
