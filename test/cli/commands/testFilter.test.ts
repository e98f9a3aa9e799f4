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
    await expect(runTestFilter('[a, b', LINES, aSink())).rejects.toBeInstanceOf(FilterPatternError);
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

  it('exits 2 with the reason and position for an invalid pattern, in one line', async () => {
    const result = await runCli(['--pattern', 'ERROR user@example']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'test-filter: invalid pattern: a term with characters other than letters, digits and _ must be quoted: ' +
        '"user@example" (at character 11)\n',
    );
  });

  it('reads term patterns: every line with ERROR and without DEBUG', async () => {
    const result = await runCli(['--pattern', 'ERROR -DEBUG'], 'ERROR boom\nDEBUG ERROR x\nINFO ok\n');
    expect(result.stdout).toBe('ERROR boom\n');
    expect(result.stderr).toBe('1 of 3 lines match\n');
  });

  it('shows the metric value and dimensions each matching line publishes, and their sum', async () => {
    const access = [
      '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
      '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /~test/ HTTP/1.1" 200 3',
      '10.0.0.9 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
    ];
    const result = await runCli(
      [
        '--pattern',
        '[ip, id, user, timestamp, request, status_code = 4*, size]',
        '--metric-value',
        '$size',
        '--dimension',
        'IP=$ip',
      ],
      `${access.join('\n')}\n`,
    );
    expect(result.stdout).toBe(`${access[0]}\t[metric 287 IP=127.0.0.1]\n${access[2]}\t[metric 308 IP=10.0.0.9]\n`);
    expect(result.stderr).toBe('2 of 3 lines match; the metric would add up to 595\n');
  });

  it('says when a matching line has no value to publish', async () => {
    const result = await runCli(
      ['--pattern', '{ $.latency = * }', '--metric-value', '$.latency'],
      '{"latency": 50}\n{"latency": "slow"}\n',
    );
    expect(result.stdout).toBe(
      '{"latency": 50}\t[metric 50]\n' +
        '{"latency": "slow"}\t[metric none: $.latency is not a number ("slow"): no value is published]\n',
    );
  });

  it('exits 2 for a metric value the pattern cannot provide', async () => {
    const result = await runCli(['--pattern', 'ERROR', '--metric-value', '$.latency']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^test-filter: invalid metric: .*term pattern extracts no values/);
    const badDimension = await runCli(['--pattern', '{ $.a = 1 }', '--dimension', 'nameless']);
    expect(badDimension.stderr).toContain('must be name=reference');
  });

  it('exits 2 unless exactly one of --pattern and --metric is given', async () => {
    expect((await runCli([])).exitCode).toBe(2);
    expect((await runCli(['--pattern', '{ $.a = 1 }', '--metric', 'ErrorCount'])).exitCode).toBe(2);
  });
});
