import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', 'app-logs.ndjson');
// The sample holds 20 raw lines, a subscription event with 3 log events, a bare data string with 1, a control
// message and one event whose data is not gzip: 26 records in.
const SAMPLE_RECORDS = 26;

/** Runs the CLI as a user would: a child process of the `teddy-logs` bin. */
async function teddyLogs(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'teddy-logs.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const PLANTED = [
  'parent.one@example.com',
  'mom@example.org',
  '4111 1111 1111 1111',
  'hunter2',
  'child_123',
  'child_456',
  'child_789',
  '81.2.69.142',
  '198.51.100.23',
  '2001:db8:85a3::8a2e:370:7334',
  '+1 415-555-0142',
  '12 Oak Street',
  'sk-test-abcdefghijklmnop',
  'Emma',
];

describe('teddy-logs process (as a child process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'teddy-cli-'));
  });

  it('accounts for every input of a mixed file on stdout and leaks none of the planted data', async () => {
    const summaryPath = join(dir, 'summary.json');
    const { code, stdout, stderr } = await teddyLogs([
      'process',
      '--sink',
      'stdout',
      '--summary-json',
      summaryPath,
      SAMPLE,
    ]);
    expect(code).toBe(0);
    const summary = JSON.parse(await readFile(summaryPath, 'utf8'));
    expect(summary).toMatchObject({ records_in: SAMPLE_RECORDS, filtered: 1, malformed: 1, balanced: true });
    expect(summary.records_in).toBe(summary.records_out + summary.filtered + summary.dead_lettered);
    const documents = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toHaveLength(summary.records_out);
    expect(summary.errors).toBe(documents.filter((d) => d.level === 'ERROR' || d.level === 'FATAL').length);
    expect(summary.child_safety_events).toBe(documents.filter((d) => d.category === 'child_safety').length);
    expect(summary.errors).toBeGreaterThanOrEqual(4);
    for (const secret of PLANTED) expect(stdout).not.toContain(secret);
    // the dead letter (the event whose data is not gzip) is on stderr with its reason
    expect(stderr).toContain('"kind":"malformed"');
    expect(stderr).toMatch(/teddy-logs: 26 records in -> \d+ delivered to stdout/);
  });

  it('writes daily files and the dead letters under LOG_DIR with the default file sink', async () => {
    const logDir = join(dir, 'logs');
    const { code } = await teddyLogs(['process', SAMPLE], { LOG_DIR: logDir });
    expect(code).toBe(0);
    const files = await readdir(logDir);
    expect(files).toContain('dead-letters.ndjson');
    expect(files.some((f) => /^ai-teddy-bear-logs-\d{4}\.\d{2}\.\d{2}\.ndjson$/.test(f))).toBe(true);
    expect(files).toContain('ai-teddy-bear-logs-2026.11.26.ndjson');
    const letters = (await readFile(join(logDir, 'dead-letters.ndjson'), 'utf8')).trim().split('\n');
    expect(JSON.parse(letters[0] ?? '{}')).toMatchObject({ kind: 'malformed', stage: 'decode' });
  });

  it('reads stdin when no file is given', async () => {
    const child = execFile(process.execPath, [join(ROOT, 'bin', 'teddy-logs.js'), 'process', '--sink', 'stdout'], {
      cwd: ROOT,
    });
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stdin?.end('{"level":"warn","message":"hello from stdin"}\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ level: 'WARN', message: 'hello from stdin' });
  });

  it('explains a bad option and exits 2', async () => {
    const { code, stderr } = await teddyLogs(['process', '--sink', 'kafka', SAMPLE]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--sink.*kafka.*(stdout|file|opensearch)/s);
  });

  it('names the variable when the configuration is invalid', async () => {
    const { code, stderr } = await teddyLogs(['process', '--sink', 'stdout', SAMPLE], { LOG_BATCH_SIZE: '-3' });
    expect(code).toBe(2);
    expect(stderr).toContain('LOG_BATCH_SIZE');
  });

  it('names an input file that does not exist, before processing anything', async () => {
    const { code, stderr } = await teddyLogs(['process', '--sink', 'stdout', join(dir, 'missing.log')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot read the input ${join(dir, 'missing.log')}: no such file`);
  });

  it('prints help for every command', async () => {
    const { code, stdout } = await teddyLogs(['process', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--summary-json');
    expect(stdout).toContain('Exit status');
  });
});
