import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', 'app-logs.ndjson');
// The sample holds 20 raw lines (the five lines of a log line and its Python traceback joined into one record: 16 raw records), a
// subscription event with 3 log events, a bare data string with 1, a control message and one event whose data is
// not gzip: 22 records in.
const SAMPLE_RECORDS = 22;

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
    // The sample holds one event whose data is not gzip: accounted for, dead-lettered, so not 0.
    expect(code).toBe(3);
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
    expect(stderr).toMatch(/teddy-logs: 22 records in -> \d+ delivered to stdout/);
  });

  it('writes daily files and the dead letters under LOG_DIR with the default file sink', async () => {
    const logDir = join(dir, 'logs');
    const { code } = await teddyLogs(['process', SAMPLE], { LOG_DIR: logDir });
    expect(code).toBe(3);
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
    expect(stdout).toContain('--report');
    expect(stdout).toContain('Exit status');
  });
});

/** Runs the CLI with `input` on stdin; resolves when it exits. */
function teddyLogsWithStdin(args: string[], input: string | Buffer, env: Record<string, string> = {}) {
  const child = execFile(process.execPath, [join(ROOT, 'bin', 'teddy-logs.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(input);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const NODE_STACK = [
  '2026-01-15T10:30:00.123Z error: payment failed',
  'TypeError: Cannot read properties of undefined (reading "id")',
  '    at charge (/app/src/payments.js:42:17)',
  '    at async handler (/app/src/index.js:12:5)',
].join('\n');
const PYTHON_TRACEBACK = [
  '2026-01-15 10:30:01,000 - story - ERROR - story failed',
  'Traceback (most recent call last):',
  '  File "/app/story.py", line 9, in generate',
  '    raise ValueError("voice model unavailable")',
  'ValueError: voice model unavailable',
].join('\n');
const JAVA_TRACE = [
  '2026-01-15 10:30:02.000 ERROR [main] c.t.Voice - synthesis failed',
  'java.lang.IllegalStateException: tts down',
  '\tat com.teddy.Voice.speak(Voice.java:31)',
  'Caused by: java.net.ConnectException: refused',
  '\tat java.base/sun.nio.ch.Net.connect(Net.java:579)',
  '\t... 12 more',
].join('\n');

describe('teddy-logs process: records, limits and exit status', () => {
  it('joins stack frames, tracebacks and Caused by: into one record each, unless --no-multiline', async () => {
    const input = `${NODE_STACK}\n${PYTHON_TRACEBACK}\n${JAVA_TRACE}\n{"level":"info","msg":"after"}\n`;
    const joined = await teddyLogsWithStdin(['process', '--sink', 'stdout'], input);
    expect(joined.code).toBe(0);
    const documents = joined.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents.map((d) => [d.level, d.message.split('\n').length])).toEqual([
      ['ERROR', 4],
      ['ERROR', 5],
      ['ERROR', 6],
      ['INFO', 1],
    ]);
    expect(documents[1].message).toMatch(/^story failed\nTraceback/);
    expect(documents[1]['@timestamp']).toBe('2026-01-15T10:30:01.000Z');

    const split = await teddyLogsWithStdin(['process', '--sink', 'stdout', '--no-multiline'], input);
    expect(split.code).toBe(0);
    expect(split.stdout.trim().split('\n')).toHaveLength(4 + 5 + 6 + 1);
  });

  it('turns a decoded subscription payload line into its log events', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/story-service',
      logStream: '2026/01/15/[$LATEST]abc',
      subscriptionFilters: ['ship'],
      logEvents: [
        { id: '1', timestamp: 1768473000000, message: '{"level":"info","message":"one"}' },
        { id: '2', timestamp: 1768473000001, message: 'two' },
        { id: '3', timestamp: 'bad', message: 'three' },
      ],
    };
    const { code, stdout, stderr } = await teddyLogsWithStdin(['process', '--sink', 'stdout'], JSON.stringify(payload));
    expect(code).toBe(3);
    const documents = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents.map((d) => [d.message, d.aws.log_group, d.aws.event_id])).toEqual([
      ['one', '/aws/lambda/story-service', '1'],
      ['two', '/aws/lambda/story-service', '2'],
    ]);
    expect(stderr).toMatch(/3 records in -> 2 delivered to stdout, 0 filtered, 1 dead-lettered \(1 malformed/);
  });

  it('reads a pretty-printed payload or subscription event (a fixture file as other projects keep them)', async () => {
    const payload = {
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/aws/lambda/story-service',
      logStream: 's',
      subscriptionFilters: ['ship'],
      logEvents: [{ id: '1', timestamp: 1768473000000, message: '[ERROR] boom' }],
    };
    const event = { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
    const input = `${JSON.stringify(payload, null, 2)}\n${JSON.stringify(event, null, 2)}\n`;
    const { code, stdout } = await teddyLogsWithStdin(['process', '--sink', 'stdout'], input);
    expect(code).toBe(0);
    const documents = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents.map((d) => [d.level, d.message, d.aws.log_group])).toEqual([
      ['ERROR', 'boom', '/aws/lambda/story-service'],
      ['ERROR', 'boom', '/aws/lambda/story-service'],
    ]);
  });

  it('dead-letters a line over the limit, keeps its neighbours and exits 3, without a crash', async () => {
    const huge = 'x'.repeat(9 * 1024 * 1024);
    const input = `{"message":"before"}\n${huge}\n{"message":"after"}\n`;
    const { code, stdout, stderr } = await teddyLogsWithStdin(['process', '--sink', 'stdout'], input);
    expect(code).toBe(3);
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).message),
    ).toEqual(['before', 'after']);
    const letter = JSON.parse(stderr.split('\n').find((line) => line.startsWith('{"dead_letter"')) ?? '{}').dead_letter;
    expect(letter).toMatchObject({ kind: 'malformed', stage: 'read' });
    expect(letter.reason).toContain(`is ${huge.length} bytes, over the limit of ${8 * 1024 * 1024} bytes`);
    expect(letter.content.length).toBeLessThan(70 * 1024);
    expect(stderr).toMatch(/3 records in -> 2 delivered/);
  });

  it('stops with exit status 1 and says so when stdout is closed by its reader (| head)', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `{"level":"info","message":"line ${i}"}`).join('\n');
    const child = execFile(process.execPath, [join(ROOT, 'bin', 'teddy-logs.js'), 'process', '--sink', 'stdout'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_BATCH_SIZE: '100' },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin?.on('error', () => undefined);
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout?.once('data', () => child.stdout?.destroy());
    child.stdin?.end(lines);
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/STOPPED: stdout was closed by its reader \(EPIPE\)/);
    expect(stderr).toMatch(/exit status 1/);
  });
});
