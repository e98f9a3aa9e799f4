import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { registerTestFilter, runTestFilter } from '../../../cli/commands/testFilter.js';
import { FilterPatternError } from '../../../shared/engines/filterPattern/index.js';

function aSink() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

const LINES = [
  '{"level":"ERROR","message":"Provider timeout"}',
  '{"level":30,"msg":"ok"}',
  '{"level":50,"msg":"pino error"}',
  '2026-01-15T10:30:00.000Z\tabc\tERROR\tnot JSON',
  '{"level":"info","category":"child_safety","action":"blocked"}',
];

async function runCli(args: string[], stdin = '') {
  const stdout = aSink();
  const stderr = aSink();
  let exitCode = 0;
  const program = new Command().exitOverride();
  registerTestFilter(program, {
    stdin: Readable.from([stdin]),
    stdout,
    stderr,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  await program.parseAsync(['node', 'teddy-logs', 'test-filter', ...args]);
  return { stdout: stdout.text(), stderr: stderr.text(), exitCode };
}

describe('runTestFilter', () => {
  it('writes the matching lines and counts them, non-JSON lines included in the count', async () => {
    const out = aSink();
    const summary = await runTestFilter('{ ($.level = "ERROR") || ($.level >= 50) }', LINES, out);
    expect(out.text()).toBe(`${LINES[0]}\n${LINES[2]}\n`);
    expect(summary).toEqual({ pattern: expect.any(String), lines: 5, matched: 2, notJson: 1 });
  });

  it('reads async iterables too', async () => {
    async function* lines() {
      yield* LINES;
    }
    const summary = await runTestFilter('{ $.action = "blocked" }', lines(), aSink());
    expect(summary.matched).toBe(1);
  });

  it('throws a FilterPatternError for a pattern it cannot read, before reading', async () => {
    await expect(runTestFilter('{ $.level = }', LINES, aSink())).rejects.toBeInstanceOf(FilterPatternError);
  });
});

describe('teddy-logs test-filter', () => {
  it('prints file:line for matches across files and a count on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'test-filter-'));
    writeFileSync(join(dir, 'a.ndjson'), `${LINES.join('\n')}\n`);
    writeFileSync(join(dir, 'b.ndjson'), '{"level":"FATAL"}\n');
    const result = await runCli(['--metric', 'ErrorCount', join(dir, 'a.ndjson'), join(dir, 'b.ndjson')]);
    expect(result.stdout.trim().split('\n')).toEqual([
      `${join(dir, 'a.ndjson')}:1: ${LINES[0]}`,
      `${join(dir, 'a.ndjson')}:3: ${LINES[2]}`,
      `${join(dir, 'b.ndjson')}:1: {"level":"FATAL"}`,
    ]);
    expect(result.stderr).toBe('3 of 6 lines match (1 not JSON, never matched)\n');
    expect(result.exitCode).toBe(0);
  });

  it('reads stdin when no file is given', async () => {
    const result = await runCli(['--pattern', '{ $.category = "child_safety" }'], `${LINES.join('\n')}\n`);
    expect(result.stdout).toBe(`${LINES[4]}\n`);
  });

  it('exits 2 with the reason for an invalid pattern', async () => {
    const result = await runCli(['--pattern', 'ERROR']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('only JSON filter patterns are supported');
  });

  it('exits 2 unless exactly one of --pattern and --metric is given', async () => {
    expect((await runCli([])).exitCode).toBe(2);
    expect((await runCli(['--pattern', '{ $.a = 1 }', '--metric', 'ErrorCount'])).exitCode).toBe(2);
  });
});
