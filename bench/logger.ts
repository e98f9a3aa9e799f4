/**
 * Scenario 6: the app logger (packages/logger, pino underneath, redaction at source) against plain pino and against
 * Powertools for AWS Lambda's Logger, on the same calls, each writing synchronously to its own sonic-boom on
 * /dev/null. Targets (issue 8): ours within 1.25x of plain pino's time; Powertools at least 2x ours.
 */
import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import pino from 'pino';
import { createRandom } from './fixtures.js';
import { profileInProcess, summariseProfile } from './profile.js';
import type { ScenarioResult } from './report.js';
import { anEmptyResult, requireOptional, runOrReportUnavailable, type ScenarioOptions } from './scenario.js';
import { collectGarbage, elapsedMs, summarise, summariseRatios } from './stats.js';

const SIZES = {
  quick: { calls: 5_000, rounds: 3 },
  full: { calls: 20_000, rounds: 11 },
} as const;

/** The destination every logger writes to: pino's own fast synchronous writer, on /dev/null. */
function aNullDestination(): pino.DestinationStream & { flushSync(): void } {
  return pino.destination({ dest: '/dev/null', sync: true });
}

interface Call {
  level: 'info' | 'warn' | 'error' | 'debug';
  message: string;
  category: string;
  childId?: string;
  metadata: Record<string, unknown>;
}

/**
 * The calls an app makes: mostly ordinary business lines, some child-safety lines with a child id, some with PII in
 * the message, some below the level threshold (debug, as a real app has).
 */
function someCalls(count: number): Call[] {
  const random = createRandom(23);
  const calls: Call[] = [];
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    const storyId = `story-${Math.floor(random() * 1e6)}`;
    if (roll < 0.6) {
      calls.push({
        level: 'info',
        message: 'story generated',
        category: 'business',
        metadata: { story_id: storyId, duration_ms: Math.round(random() * 900), model: 'teddy-story-v3', tokens: 412 },
      });
    } else if (roll < 0.75) {
      calls.push({
        level: 'warn',
        message: 'content filter blocked a phrase',
        category: 'child_safety',
        childId: `child-${Math.floor(random() * 500)}`,
        metadata: { filter: 'violence', story_id: storyId },
      });
    } else if (roll < 0.85) {
      calls.push({
        level: 'info',
        message: `password reset requested by parent${Math.floor(random() * 1e4)}@example.com`,
        category: 'security',
        metadata: { attempt: 1 },
      });
    } else if (roll < 0.9) {
      calls.push({
        level: 'error',
        message: 'tts upstream timed out',
        category: 'system',
        metadata: { after_ms: 3000 },
      });
    } else {
      calls.push({
        level: 'debug',
        message: 'cache probe',
        category: 'performance',
        metadata: { hit: random() < 0.5 },
      });
    }
  }
  return calls;
}

/** What the scenario drives: one function per logger that makes every call once. */
type Driver = (calls: readonly Call[]) => void;

interface OurLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}
interface LoggerModule {
  getLogger(
    name: string,
    options: {
      destination: pino.DestinationStream;
      level: string;
      service: string;
      environment: string;
      childIdKey: { version: string; secret: string };
    },
  ): OurLogger;
}

const BENCH_KEY = { version: 'v1', secret: 'bench-child-id-key-0123456789abcdef' };

function driveOurs(root: string, destination: pino.DestinationStream): Driver {
  const { getLogger } = requireOptional<LoggerModule>(root, 'packages/logger/src/index.ts', ['getLogger']);
  const logger = getLogger('bench', {
    destination,
    level: 'info',
    service: 'story-service',
    environment: 'prod',
    childIdKey: BENCH_KEY,
  });
  return (calls) => {
    for (const call of calls) {
      logger[call.level](call.message, { category: call.category, childId: call.childId, metadata: call.metadata });
    }
  };
}

/** Plain pino configured to write the same line shape as ours (message key, ISO timestamp, level names). */
function drivePino(destination: pino.DestinationStream): Driver {
  const logger = pino(
    {
      level: 'info',
      messageKey: 'message',
      base: { service: 'story-service', environment: 'prod' },
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
    },
    destination,
  );
  return (calls) => {
    for (const call of calls) {
      logger[call.level]({ category: call.category, child_id: call.childId, metadata: call.metadata }, call.message);
    }
  };
}

function drivePowertools(destination: pino.DestinationStream): Driver {
  const logger = new PowertoolsLogger({ serviceName: 'story-service', logLevel: 'INFO', environment: 'prod' });
  // Powertools prints through a Console on process.stdout; pointing that Console at our destination makes all three
  // loggers write to the same kind of sink.
  const stream = destination as unknown as NodeJS.WritableStream;
  (logger as unknown as { console: Console }).console = new Console({ stdout: stream, stderr: stream });
  return (calls) => {
    for (const call of calls) {
      logger[call.level](call.message, { category: call.category, child_id: call.childId, metadata: call.metadata });
    }
  };
}

/** Counts what a driver writes, to show the three write comparable lines. */
function aCountingDestination(): pino.DestinationStream & { lines: string[] } {
  const lines: string[] = [];
  const writable = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return Object.assign(writable, {
    lines,
    write(chunk: string) {
      lines.push(String(chunk));
      return true;
    },
  }) as unknown as pino.DestinationStream & { lines: string[] };
}

/**
 * A destination that only counts what it is given: no syscall, so a round measures the loggers' own work. An
 * EventEmitter, because Powertools' Console listens for `error` on its stream.
 */
function anInProcessNullDestination(): pino.DestinationStream & { flushSync(): void } {
  let bytes = 0;
  return Object.assign(new EventEmitter(), {
    write(chunk: string) {
      bytes += chunk.length;
      return true;
    },
    flushSync() {
      if (bytes < 0) throw new Error('unreachable');
    },
  });
}

type LoggerName = 'ours' | 'pino' | 'powertools';

/** Each logger on its own destination of one kind, rounds rotating who goes first. */
async function timeLoggers(
  root: string,
  calls: readonly Call[],
  rounds: number,
  aDestination: () => pino.DestinationStream & { flushSync(): void },
): Promise<{ times: Record<LoggerName, number[]>; drivers: Record<LoggerName, Driver> }> {
  const destinations = { ours: aDestination(), pino: aDestination(), powertools: aDestination() };
  const drivers: Record<LoggerName, Driver> = {
    ours: driveOurs(root, destinations.ours),
    pino: drivePino(destinations.pino),
    powertools: drivePowertools(destinations.powertools),
  };
  const names = Object.keys(drivers) as LoggerName[];
  for (const name of names) drivers[name](calls); // warm-up
  const times: Record<LoggerName, number[]> = { ours: [], pino: [], powertools: [] };
  for (let round = 0; round < rounds; round += 1) {
    // Rotate who goes first, so no logger always runs right after another's garbage.
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) {
      collectGarbage();
      const start = process.hrtime.bigint();
      drivers[name](calls);
      times[name].push(elapsedMs(start));
    }
  }
  for (const destination of Object.values(destinations)) destination.flushSync();
  return { times, drivers };
}

/** Runs the scenario; see the file comment. */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('logger', '6. App logger');
  return runOrReportUnavailable(result, async () => {
    const size = options.quick ? SIZES.quick : SIZES.full;
    const calls = someCalls(size.calls);

    // What each writes for the first calls: the evidence that the comparison is like for like.
    const samples = {
      ours: aCountingDestination(),
      pino: aCountingDestination(),
      powertools: aCountingDestination(),
    };
    const firstCalls = calls.slice(0, 200);
    driveOurs(options.root, samples.ours)(firstCalls);
    drivePino(samples.pino)(firstCalls);
    drivePowertools(samples.powertools)(firstCalls);

    const devNull = await timeLoggers(options.root, calls, size.rounds, aNullDestination);
    const inProcess = await timeLoggers(options.root, calls, size.rounds, anInProcessNullDestination);

    const perSecond = (ms: number[]) => ms.map((m) => calls.length / (m / 1000));
    result.rows.push(
      { measure: 'plain pino', summary: summarise(perSecond(devNull.times.pino)), unit: 'calls/s' },
      {
        measure: 'ours (@teddy-logs/logger, redaction at source)',
        summary: summarise(perSecond(devNull.times.ours)),
        unit: 'calls/s',
      },
      { measure: 'Powertools Logger', summary: summarise(perSecond(devNull.times.powertools)), unit: 'calls/s' },
      {
        measure: 'ours time / plain pino time',
        summary: summariseRatios(devNull.times.ours, devNull.times.pino),
        unit: 'x',
        target: { kind: 'atMost', value: 1.25 },
      },
      {
        measure: 'Powertools time / ours time',
        summary: summariseRatios(devNull.times.powertools, devNull.times.ours),
        unit: 'x',
        target: { kind: 'atLeast', value: 2 },
      },
      {
        measure: 'Powertools time / plain pino time (reference)',
        summary: summariseRatios(devNull.times.powertools, devNull.times.pino),
        unit: 'x',
      },
      {
        measure: 'CPU only (in-process null sink): ours time / plain pino time',
        summary: summariseRatios(inProcess.times.ours, inProcess.times.pino),
        unit: 'x',
      },
      {
        measure: 'CPU only (in-process null sink): Powertools time / ours time',
        summary: summariseRatios(inProcess.times.powertools, inProcess.times.ours),
        unit: 'x',
      },
    );
    const describe = (lines: string[]) =>
      `${lines.length} lines, ${Math.round(lines.reduce((sum, l) => sum + l.length, 0) / Math.max(1, lines.length))} bytes on average`;
    result.inputs.push(
      `${size.calls} calls per round, ${size.rounds} rounds after a warm-up, the order of the three rotating each round: ` +
        '60% info business lines with metadata, 15% warn child_safety lines with a child id, 10% info lines with an ' +
        'email in the message, 5% error, 10% debug (below the info threshold, so dropped)',
      'Each logger writes synchronously to its own pino.destination({ dest: "/dev/null", sync: true }) (sonic-boom, one ' +
        'write syscall per line, as stdout on Lambda); the CPU-only rows repeat the rounds with an in-process sink ' +
        "that only counts bytes, so the loggers' own work is not diluted by syscalls; " +
        "Powertools' Console is pointed at it. Plain pino is configured for the same line shape as ours (message key " +
        '`message`, ISO `timestamp`, upper-case level names, service and environment in every line); ours hashes ' +
        'child ids with a key and applies the redaction rules at source; pino and Powertools write what they are given.',
      `What each wrote for the first 200 calls: ours ${describe(samples.ours.lines)}; pino ${describe(samples.pino.lines)}; ` +
        `Powertools ${describe(samples.powertools.lines)}`,
    );
    result.notes.push(
      `A line of ours: ${samples.ours.lines.find((l) => l.includes('child_safety'))?.trim() ?? '(none)'}`,
      `The same call, plain pino: ${samples.pino.lines.find((l) => l.includes('child_safety'))?.trim() ?? '(none)'}`,
      `The same call, Powertools: ${samples.powertools.lines.find((l) => l.includes('child_safety'))?.trim() ?? '(none)'}`,
    );
    if (!options.quick) {
      // Where our logger's time goes, on the in-process sink so that write syscalls do not hide it.
      const ours = await profileInProcess(() => inProcess.drivers.ours(calls));
      result.notes.push(
        `CPU profile of one round of ours, self time by package/folder: ${summariseProfile(ours, 'package', 6).join('; ')}`,
        'Top functions by self time:',
        ...summariseProfile(ours, 'function', 12).map((line) => `  - ${line}`),
      );
      const plain = await profileInProcess(() => inProcess.drivers.pino(calls));
      result.notes.push(
        `For comparison, plain pino on the same calls, top functions by self time: ${summariseProfile(plain, 'function', 6).join('; ')}`,
      );
    }
    return result;
  });
}
