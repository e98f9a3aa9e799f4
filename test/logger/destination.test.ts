import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDestination, DailyFileDestination } from '../../packages/logger/src/destination.js';
import { readLoggerConfig } from '../../packages/logger/src/index.js';

/** Resolves once `condition` holds; fails the test after `timeoutMs`. */
async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Ends the destination and waits until every file it wrote is closed (a fixed wait was flaky on a loaded machine). */
function waitForFlush(destination: DailyFileDestination): Promise<void> {
  return destination.end();
}

describe('DailyFileDestination', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'teddy-logger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each UTC day to its own file', async () => {
    let now = Date.parse('2026-03-01T23:59:59.000Z');
    const destination = new DailyFileDestination(join(dir, 'nested'), 'story', 1 << 20, () => now);
    destination.write('{"n":1}\n');
    destination.write('{"n":2}\n');
    now = Date.parse('2026-03-02T00:00:00.000Z');
    destination.write('{"n":3}\n');
    await waitForFlush(destination);
    expect(readdirSync(join(dir, 'nested')).sort()).toEqual(['story-2026-03-01.log', 'story-2026-03-02.log']);
    expect(readFileSync(join(dir, 'nested', 'story-2026-03-01.log'), 'utf8')).toBe('{"n":1}\n{"n":2}\n');
    expect(readFileSync(join(dir, 'nested', 'story-2026-03-02.log'), 'utf8')).toBe('{"n":3}\n');
  });
});

describe('createDestination', () => {
  it('has nowhere to write when console and file logging are both off', () => {
    const config = readLoggerConfig({ ENABLE_CONSOLE_LOGGING: 'false' });
    expect(createDestination(config)).toBeUndefined();
  });

  it('writes to files under LOG_DIR when ENABLE_FILE_LOGGING is on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teddy-logger-'));
    try {
      const config = readLoggerConfig({
        ENABLE_CONSOLE_LOGGING: 'false',
        ENABLE_FILE_LOGGING: 'true',
        LOG_DIR: dir,
        SERVICE_NAME: 'story',
      });
      const destination = createDestination(config) as DailyFileDestination;
      destination.write('{"message":"hello"}\n');
      await waitForFlush(destination);
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^story-\d{4}-\d{2}-\d{2}\.log$/);
      expect(readFileSync(join(dir, file), 'utf8')).toBe('{"message":"hello"}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds what waits to be written by LOG_MAX_QUEUE_SIZE, dropping the excess with one warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teddy-logger-'));
    const warnings: string[] = [];
    try {
      const config = readLoggerConfig({
        ENABLE_CONSOLE_LOGGING: 'false',
        ENABLE_FILE_LOGGING: 'true',
        LOG_DIR: dir,
        LOG_MAX_QUEUE_SIZE: '1',
      });
      const destination = createDestination(config, (warning) => warnings.push(warning)) as DailyFileDestination;
      const line = `${JSON.stringify({ message: 'x'.repeat(80) })}\n`;
      // Written in one synchronous burst: the asynchronous file cannot drain in between.
      for (let index = 0; index < 200; index += 1) destination.write(line);
      await waitForFlush(destination);
      const [file] = readdirSync(dir);
      const kept = readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(200);
      expect(warnings).toEqual([expect.stringMatching(/lines dropped writing to .*more than LOG_MAX_QUEUE_SIZE/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('turns file logging off with one warning when LOG_DIR cannot be created, and keeps the console', () => {
    const dir = mkdtempSync(join(tmpdir(), 'teddy-logger-'));
    try {
      const notADirectory = join(dir, 'a-file');
      writeFileSync(notADirectory, '');
      const config = readLoggerConfig({ ENABLE_FILE_LOGGING: 'true', LOG_DIR: join(notADirectory, 'logs') });
      const warnings: string[] = [];
      const destination = createDestination(config, (warning) => warnings.push(warning));
      expect(destination).toBeDefined();
      expect(destination).not.toBeInstanceOf(DailyFileDestination);
      expect(warnings).toEqual([
        expect.stringMatching(
          /^teddy-logs logger: LOG_DIR=.*a-file\/logs cannot be created \(.*ENOTDIR.*\); file logging is off$/,
        ),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns once, never throws, when a day file cannot be opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'teddy-logger-'));
    try {
      const warnings: string[] = [];
      const now = Date.parse('2026-03-01T12:00:00.000Z');
      const destination = new DailyFileDestination(
        dir,
        'story',
        1 << 20,
        () => now,
        (warning) => warnings.push(warning),
      );
      // A directory where the day's file should be: opening it fails asynchronously, as a full or read-only disk would.
      mkdirSync(destination.fileFor(now));
      destination.write('{"n":1}\n');
      destination.write('{"n":2}\n');
      await waitUntil(() => warnings.length > 0);
      await destination.end();
      expect(warnings).toEqual([
        expect.stringMatching(/cannot write to .*story-2026-03-01\.log \(.*EISDIR.*\); its lines are lost/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
