import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readLoggerConfig } from '../../packages/logger/src/index.js';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Reads the config from `env`, collecting the warnings instead of writing them to stderr. */
function readWithWarnings(env: Record<string, string>) {
  const warnings: string[] = [];
  const config = readLoggerConfig(env, (line) => warnings.push(line));
  return { config, warnings };
}

describe('readLoggerConfig', () => {
  it('defaults to INFO on the console, no files, ./logs and a 10000-line queue, without a warning', () => {
    const { config, warnings } = readWithWarnings({});
    expect(config).toEqual({
      level: 'info',
      console: true,
      file: false,
      logDir: './logs',
      maxQueueSize: 10_000,
      service: undefined,
      environment: undefined,
      onLambda: false,
      childIdKey: undefined,
      childIdKeyParameter: undefined,
    });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['WARNING', 'warn'],
    ['CRITICAL', 'fatal'],
    ['debug', 'debug'],
    [' Error ', 'error'],
    ['TRACE', 'trace'],
    ['FATAL', 'fatal'],
    ['silent', 'silent'],
  ])('accepts LOG_LEVEL=%s as %s', (value, level) => {
    expect(readWithWarnings({ LOG_LEVEL: value })).toEqual({
      config: expect.objectContaining({ level }),
      warnings: [],
    });
  });

  it('warns once about a LOG_LEVEL that is not a level, naming the fix, and uses INFO', () => {
    const { config, warnings } = readWithWarnings({ LOG_LEVEL: 'LOUD' });
    expect(config.level).toBe('info');
    expect(warnings).toEqual([
      'teddy-logs logger: LOG_LEVEL=LOUD is not a log level; use one of TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, FATAL (or CRITICAL), SILENT (or OFF); using the default INFO',
    ]);
  });

  it("reads flags with the pipeline's words (enabled/disabled, y/n too) and warns about anything else", () => {
    expect(
      readWithWarnings({ ENABLE_CONSOLE_LOGGING: 'disabled', ENABLE_FILE_LOGGING: 'TRUE', LOG_DIR: '/tmp/x' }),
    ).toEqual({ config: expect.objectContaining({ console: false, file: true, logDir: '/tmp/x' }), warnings: [] });
    expect(readWithWarnings({ ENABLE_CONSOLE_LOGGING: 'enabled' }).config.console).toBe(true);
    const { config, warnings } = readWithWarnings({
      ENABLE_CONSOLE_LOGGING: 'sometimes',
      ENABLE_FILE_LOGGING: 'maybe',
    });
    expect(config).toMatchObject({ console: true, file: false });
    expect(warnings).toEqual([
      'teddy-logs logger: ENABLE_CONSOLE_LOGGING=sometimes is not a switch; set it to true or false; using the default true',
      'teddy-logs logger: ENABLE_FILE_LOGGING=maybe is not a switch; set it to true or false; using the default false',
    ]);
  });

  it('warns about a LOG_MAX_QUEUE_SIZE that is not a positive whole number and keeps 10000', () => {
    expect(readWithWarnings({ LOG_MAX_QUEUE_SIZE: '500' }).config.maxQueueSize).toBe(500);
    for (const bad of ['-3', 'lots', '2.5', '0']) {
      const { config, warnings } = readWithWarnings({ LOG_MAX_QUEUE_SIZE: bad });
      expect(config.maxQueueSize).toBe(10_000);
      expect(warnings).toEqual([
        `teddy-logs logger: LOG_MAX_QUEUE_SIZE=${bad} is not a positive whole number; using the default 10000`,
      ]);
    }
  });

  it('warns about every bad variable, one line each', () => {
    expect(readWithWarnings({ LOG_LEVEL: 'LOUD', LOG_MAX_QUEUE_SIZE: '0' }).warnings).toHaveLength(2);
  });

  it('takes the service from SERVICE_NAME, else the Lambda function name, and knows it runs on Lambda', () => {
    expect(readLoggerConfig({ AWS_LAMBDA_FUNCTION_NAME: 'story-fn' })).toMatchObject({
      service: 'story-fn',
      onLambda: true,
    });
    expect(readLoggerConfig({ AWS_LAMBDA_FUNCTION_NAME: 'story-fn', SERVICE_NAME: 'story' }).service).toBe('story');
    expect(readLoggerConfig({ ENVIRONMENT: 'production' }).environment).toBe('production');
  });

  it('ignores file logging on Lambda with a warning saying why', () => {
    const { config, warnings } = readWithWarnings({ AWS_LAMBDA_FUNCTION_NAME: 'fn', ENABLE_FILE_LOGGING: 'true' });
    expect(config.file).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/ENABLE_FILE_LOGGING=true ignored on Lambda: .*read-only/)]);
  });
});

describe('readLoggerConfig: the child-id key, as the pipeline reads it', () => {
  const secret = 'k'.repeat(32);
  const keyDir = mkdtempSync(join(tmpdir(), 'logger-key-'));

  it('takes CHILD_ID_KEY with its version (v1 when unset, as the pipeline)', () => {
    expect(readWithWarnings({ CHILD_ID_KEY: secret, CHILD_ID_KEY_VERSION: 'v2' })).toEqual({
      config: expect.objectContaining({ childIdKey: { version: 'v2', secret } }),
      warnings: [],
    });
    expect(readLoggerConfig({ CHILD_ID_KEY: secret }).childIdKey).toEqual({ version: 'v1', secret });
  });

  it('takes the current key of the rotation form', () => {
    const rotation = JSON.stringify({ current: 'v3', keys: { v2: 'a'.repeat(20), v3: 'b'.repeat(20) } });
    expect(readLoggerConfig({ CHILD_ID_KEY: rotation }).childIdKey).toEqual({ version: 'v3', secret: 'b'.repeat(20) });
  });

  it('reads CHILD_ID_KEY_FILE (plain or rotation form) when CHILD_ID_KEY is unset, and prefers CHILD_ID_KEY', () => {
    const plain = join(keyDir, 'plain.key');
    writeFileSync(plain, `${secret}\n`);
    expect(readLoggerConfig({ CHILD_ID_KEY_FILE: plain, CHILD_ID_KEY_VERSION: 'v4' }).childIdKey).toEqual({
      version: 'v4',
      secret,
    });
    const rotation = join(keyDir, 'rotation.json');
    writeFileSync(rotation, JSON.stringify({ current: 'v2', keys: { v2: 'r'.repeat(24) } }));
    expect(readLoggerConfig({ CHILD_ID_KEY_FILE: rotation }).childIdKey).toEqual({
      version: 'v2',
      secret: 'r'.repeat(24),
    });
    expect(readLoggerConfig({ CHILD_ID_KEY: secret, CHILD_ID_KEY_FILE: rotation }).childIdKey?.secret).toBe(secret);
  });

  it('warns, never crashes, and drops child ids when the key is unusable; the warning never shows the secret', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ CHILD_ID_KEY: 'short-secret' }, /CHILD_ID_KEY: the child-id key must be at least 16 characters/],
      [{ CHILD_ID_KEY: '{"current":"v2"' }, /CHILD_ID_KEY: looks like JSON but does not parse/],
      [{ CHILD_ID_KEY_FILE: join(keyDir, 'missing.key') }, /CHILD_ID_KEY_FILE .*missing\.key cannot be read/],
    ];
    for (const [env, problem] of cases) {
      const { config, warnings } = readWithWarnings(env);
      expect(config.childIdKey).toBeUndefined();
      expect(warnings).toEqual([expect.stringMatching(problem)]);
      expect(warnings[0]).toContain('child ids are dropped');
      expect(warnings[0]).not.toContain('short-secret');
    }
  });

  it('warns about a CHILD_ID_KEY_VERSION that is not vN and uses v1', () => {
    const { config, warnings } = readWithWarnings({ CHILD_ID_KEY: secret, CHILD_ID_KEY_VERSION: 'latest' });
    expect(config.childIdKey).toEqual({ version: 'v1', secret });
    expect(warnings).toEqual([
      'teddy-logs logger: CHILD_ID_KEY_VERSION=latest must look like v1, v2, ...; using the default v1',
    ]);
  });

  it('keeps the SSM parameter name for loadChildIdKeyParameter, and then reads neither CHILD_ID_KEY nor the file, as the pipeline', () => {
    const keyFile = join(keyDir, 'ignored.key');
    writeFileSync(keyFile, secret);
    const config = readLoggerConfig({
      CHILD_ID_KEY_PARAMETER: '/teddy/child-id-key',
      CHILD_ID_KEY: secret,
      CHILD_ID_KEY_FILE: keyFile,
    });
    expect(config.childIdKeyParameter).toBe('/teddy/child-id-key');
    expect(config.childIdKey).toBeUndefined();
  });
});

describe('a host app with bad logger settings', () => {
  it('starts, logs at INFO and says on stderr, in one line per variable and once, what it ignored', async () => {
    const script = [
      "const { getLogger } = require('./packages/logger/src/index.ts');",
      // A second setup reads the environment again: its warnings are not repeated.
      "getLogger('second', { service: 'other' });",
      "const logger = getLogger('app');",
      "logger.debug('hidden at the default level');",
      "logger.info('still running', { childId: 'child-1' });",
      'logger.flush();',
    ].join('\n');
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'LOUD', ENABLE_CONSOLE_LOGGING: 'sometimes' },
      timeout: 30_000,
    });
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringContaining('LOG_LEVEL=LOUD is not a log level'),
      expect.stringContaining('ENABLE_CONSOLE_LOGGING=sometimes is not a switch'),
    ]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'still running', child_id: '[REDACTED:child_id]' }),
    ]);
  });
});
