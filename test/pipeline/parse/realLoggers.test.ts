/**
 * Lines produced BY the real logging libraries, read by parse + normalise. Node's loggers (pino, bunyan, winston,
 * logform) run here; Python's standard library runs in the venv scripts/services.sh provisions; python-json-logger,
 * structlog, zap, zerolog, logback + logstash-logback-encoder and log4j2's JsonTemplateLayout wrote the checked-in
 * files under test/fixtures/loggers/ (their generators sit beside them). Every logger's clock is fixed at
 * 2026-01-15T10:30:00.123Z and every event's CloudWatch time is the epoch, so a timestamp read from the wrong place
 * shows.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import bunyan from 'bunyan';
import { format } from 'logform';
import pino from 'pino';
import winston from 'winston';
import { joinContinuationLines } from '../../../cli/inputs.js';
import type { LogDocument } from '../../../shared/core/types.js';
import { normaliseRecord } from '../../../shared/pipeline/normalise/index.js';
import { parseLogEvent } from '../../../shared/pipeline/parse/index.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'loggers');
const ROOT = join(__dirname, '..', '..', '..');
const FIXED_MS = Date.UTC(2026, 0, 15, 10, 30, 0, 123);
const FIXED_ISO = '2026-01-15T10:30:00.123Z';

function toDocument(line: string): LogDocument {
  return normaliseRecord(
    parseLogEvent(line),
    { id: 'e-1', timestamp: 0, message: line },
    { logGroup: '/local/corpus', logStream: 'corpus', owner: 'local' },
  );
}

/** What a test expects of one line's document; metadata is checked by the keys it must (not) hold. */
interface Expected {
  level: LogDocument['level'];
  message: string | RegExp;
  timestamp?: string;
  correlation_id?: string;
  metadata?: Record<string, unknown>;
  /** Text that must be in the document (the error and its stack), anywhere. */
  contains?: string[];
}

function expectDocument(line: string, expected: Expected): void {
  const document = toDocument(line);
  expect(document.level).toBe(expected.level);
  if (typeof expected.message === 'string') expect(document.message).toBe(expected.message);
  else expect(document.message).toMatch(expected.message);
  expect(document['@timestamp']).toBe(expected.timestamp ?? FIXED_ISO);
  expect(document.correlation_id).toBe(expected.correlation_id);
  if (expected.metadata) expect(document.metadata).toMatchObject(expected.metadata);
  const text = JSON.stringify(document);
  for (const part of expected.contains ?? []) expect(text).toContain(part);
  // Nothing the line said about its level, time or message is left duplicated under metadata.
  for (const lifted of ['level', 'msg', 'message', 'time', 'timestamp', 'asctime', 'levelname', 'event']) {
    expect(document.metadata?.[lifted]).toBeUndefined();
  }
}

/** A stream collecting the lines a logger writes. */
function aLineCollector() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

/** Lets winston's internal streams flush. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('real Node.js loggers', () => {
  beforeAll(() => {
    // Only Date is faked: the loggers stamp their lines with it; their streams still need real timers.
    jest.useFakeTimers({
      now: FIXED_MS,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
  });
  afterAll(() => jest.useRealTimers());

  it('pino: level numbers, epoch ms time, msg, reqId, err with its stack', () => {
    const { stream, lines } = aLineCollector();
    const logger = pino({ base: { pid: 7, hostname: 'ip-10-0-0-1' } }, stream);
    logger.info({ reqId: 'pino-req-1' }, 'story generated');
    logger.child({ reqId: 'pino-req-2' }).warn('slow upstream');
    logger.error(new Error('card declined'), 'payment failed');
    logger.fatal('cannot start');
    logger.level = 'trace';
    logger.trace({ tokens: 3 }, 'prompt built');
    const [info, warn, error, fatal, trace] = lines as [string, string, string, string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'story generated',
      correlation_id: 'pino-req-1',
      metadata: { pid: 7, hostname: 'ip-10-0-0-1' },
    });
    expectDocument(warn, { level: 'WARN', message: 'slow upstream', correlation_id: 'pino-req-2' });
    expectDocument(error, {
      level: 'ERROR',
      message: 'payment failed',
      metadata: { err: { type: 'Error', message: 'card declined' } },
      contains: ['Error: card declined\\n    at '],
    });
    expectDocument(fatal, { level: 'FATAL', message: 'cannot start' });
    expectDocument(trace, { level: 'TRACE', message: 'prompt built', metadata: { tokens: 3 } });
  });

  it('bunyan: level numbers, ISO time, msg, req_id, err with its stack', () => {
    const { stream, lines } = aLineCollector();
    const logger = bunyan.createLogger({ name: 'story-service', streams: [{ stream, level: 'trace' }] });
    logger.info({ req_id: 'bunyan-req-1' }, 'story generated');
    logger.error(new Error('tts timeout'), 'speech failed');
    logger.debug('cache miss');
    const [info, error, debug] = lines as [string, string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'story generated',
      correlation_id: 'bunyan-req-1',
      metadata: { name: 'story-service', v: 0 },
    });
    expectDocument(error, {
      level: 'ERROR',
      message: 'speech failed',
      metadata: { err: { message: 'tts timeout', name: 'Error' } },
      contains: ['Error: tts timeout\\n    at '],
    });
    expectDocument(debug, { level: 'DEBUG', message: 'cache miss' });
  });

  it('winston timestamp + errors + json: app JSON, its requestId the correlation id (not a Lambda line)', async () => {
    const { stream, lines } = aLineCollector();
    const logger = winston.createLogger({
      level: 'silly',
      format: winston.format.combine(
        winston.format.timestamp(),
        winston.format.errors({ stack: true }),
        winston.format.json(),
      ),
      transports: [new winston.transports.Stream({ stream })],
    });
    logger.info('story generated', { requestId: 'winston-req-1', tokens: 812 });
    logger.error(new Error('voice model unavailable'));
    logger.verbose('verbose detail');
    logger.silly('silly detail');
    logger.http('GET /health');
    await settle();
    const [info, error, verbose, silly, http] = lines as [string, string, string, string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'story generated',
      correlation_id: 'winston-req-1',
      metadata: { tokens: 812 },
    });
    expect(toDocument(info).lambda).toBeUndefined();
    expectDocument(error, {
      level: 'ERROR',
      message: 'voice model unavailable',
      contains: ['Error: voice model unavailable\\n    at '],
    });
    expectDocument(verbose, { level: 'DEBUG', message: 'verbose detail' });
    expectDocument(silly, { level: 'TRACE', message: 'silly detail' });
    expectDocument(http, { level: 'INFO', message: 'GET /health' });
  });

  it("logform simple: a lower-case level prefix, the message, and the trailing JSON's fields", async () => {
    const { stream, lines } = aLineCollector();
    const logger = winston.createLogger({
      level: 'debug',
      format: format.simple(),
      transports: [new winston.transports.Stream({ stream })],
    });
    logger.error('Payment failed', { orderId: 'o-7', correlationId: 'simple-corr-1' });
    logger.warn('disk almost full');
    logger.debug('cache miss');
    await settle();
    const [error, warn, debug] = lines as [string, string, string];
    // `simple` writes no time: the event's own (here the epoch) is all there is.
    const epoch = '1970-01-01T00:00:00.000Z';
    expectDocument(error, {
      level: 'ERROR',
      message: 'Payment failed',
      timestamp: epoch,
      correlation_id: 'simple-corr-1',
      metadata: { orderId: 'o-7' },
    });
    expectDocument(warn, { level: 'WARN', message: 'disk almost full', timestamp: epoch });
    expectDocument(debug, { level: 'DEBUG', message: 'cache miss', timestamp: epoch });
  });

  it('logform timestamp + printf (and colorize): the leading time and level of a text line', async () => {
    const { stream, lines } = aLineCollector();
    const logger = winston.createLogger({
      format: format.combine(
        format.timestamp(),
        format.colorize(),
        format.printf((info) => `${info.timestamp} ${info.level}: ${info.message}`),
      ),
      transports: [new winston.transports.Stream({ stream })],
    });
    logger.warn('printf warning');
    logger.error('printf error');
    await settle();
    const [warn, error] = lines as [string, string];
    expect(warn).toContain('\u001b['); // colorize really coloured it
    expectDocument(warn, { level: 'WARN', message: 'printf warning' });
    expectDocument(error, { level: 'ERROR', message: 'printf error' });
  });
});

describe('Powertools for AWS Lambda (TypeScript)', () => {
  it('service, level, message, the Lambda context, an error with its stack', () => {
    jest.useFakeTimers({ now: FIXED_MS, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const lines: string[] = [];
    const collect = (chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    };
    // Powertools writes errors to stderr, the rest to stdout.
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(collect);
    const writeError = jest.spyOn(process.stderr, 'write').mockImplementation(collect);
    try {
      const logger = new Logger({ serviceName: 'story-service' });
      logger.addContext({
        functionName: 'story-service',
        memoryLimitInMB: '128',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:story-service',
        awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      } as Parameters<Logger['addContext']>[0]);
      logger.appendKeys({ correlation_id: 'ptts-corr-1' });
      logger.info('story generated', { tokens: 812 });
      logger.error('voice failed', new Error('tts timeout'));
    } finally {
      write.mockRestore();
      writeError.mockRestore();
      jest.useRealTimers();
    }
    const [info, error] = lines as [string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'story generated',
      correlation_id: 'ptts-corr-1',
      metadata: { tokens: 812, function_name: 'story-service' },
    });
    expect(toDocument(info)).toMatchObject({
      service: 'story-service',
      lambda: { request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678' },
    });
    expectDocument(error, {
      level: 'ERROR',
      message: 'voice failed',
      correlation_id: 'ptts-corr-1',
      metadata: { error: { name: 'Error', message: 'tts timeout' } },
      contains: ['Error: tts timeout\\n    at '],
    });
  });
});

describe('real Python loggers', () => {
  it('stdlib logging: asctime, name and levelname of a text line; a traceback stays in its record', () => {
    const python = join(ROOT, '.services', 'venv', 'bin', 'python');
    const run = spawnSync(python, [join(FIXTURES, 'python', 'generate.py'), 'stdlib'], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(0);
    const records = joinContinuationLines(run.stdout.split('\n'));
    expect(records).toHaveLength(6);
    const [warning, critical, error, debug, basic, basicInfo] = records as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    expectDocument(warning, { level: 'WARN', message: 'disk almost full', metadata: { logger: 'app' } });
    expectDocument(critical, { level: 'FATAL', message: 'database unreachable' });
    expectDocument(error, {
      level: 'ERROR',
      message:
        /^story failed\nTraceback \(most recent call last\):\n {2}File .*\nValueError: voice model unavailable$/s,
    });
    expectDocument(debug, { level: 'DEBUG', message: 'prompt built' });
    // basicConfig's default format carries no time.
    const epoch = '1970-01-01T00:00:00.000Z';
    expectDocument(basic, {
      level: 'ERROR',
      message: 'payment declined',
      timestamp: epoch,
      metadata: { logger: 'root_style' },
    });
    expectDocument(basicInfo, { level: 'INFO', message: 'started', timestamp: epoch });
  });

  it('python-json-logger and structlog (checked-in output)', () => {
    const lines = readFileSync(join(FIXTURES, 'python', 'python-json.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const [info, warning, error, levelno, slInfo, slWarning, slError] = lines as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    expectDocument(info, {
      level: 'INFO',
      message: 'child session started',
      correlation_id: 'pjl-req-1',
      metadata: { name: 'pjl', session_minutes: 12 },
    });
    expectDocument(warning, { level: 'WARN', message: 'rate limited', correlation_id: 'pjl-corr-2' });
    expectDocument(error, {
      level: 'ERROR',
      message: 'tts crashed',
      contains: ['Traceback (most recent call last):', 'ValueError: voice model unavailable'],
    });
    expectDocument(levelno, { level: 'ERROR', message: 'numbered level' });
    expectDocument(slInfo, {
      level: 'INFO',
      message: 'story generated',
      correlation_id: 'sl-req-1',
      metadata: { tokens: 812 },
    });
    expectDocument(slWarning, { level: 'WARN', message: 'slow upstream', correlation_id: 'sl-req-2' });
    expectDocument(slError, { level: 'ERROR', message: 'lookup failed', contains: ["KeyError: 'voice'"] });
  });

  it('Powertools for AWS Lambda (Python), with the Lambda context injected (checked-in output)', () => {
    const lines = readFileSync(join(FIXTURES, 'python', 'python-json.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const [info, error] = lines.slice(7) as [string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'charge accepted',
      correlation_id: 'pt-corr-1',
      metadata: { location: 'handler:109', amount_cents: 4200, cold_start: true, function_name: 'payment-service' },
    });
    expect(toDocument(info)).toMatchObject({
      service: 'payment',
      lambda: { request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678' },
    });
    expectDocument(error, {
      level: 'ERROR',
      message: 'charge failed',
      correlation_id: 'pt-corr-1',
      metadata: { exception_name: 'RuntimeError' },
      contains: ['RuntimeError: card declined'],
    });
  });
});

describe('real Go loggers (checked-in output of test/fixtures/loggers/go)', () => {
  const lines = readFileSync(join(FIXTURES, 'go', 'go.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean);

  it('zap production JSON: ts in epoch seconds, msg, req_id, error and stacktrace, dpanic', () => {
    const [info, warn, error, dpanic, debug] = lines as [string, string, string, string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'payment accepted',
      correlation_id: 'zap-req-1',
      metadata: { caller: 'go/main.go:69', amount_cents: 4200 },
    });
    expectDocument(warn, { level: 'WARN', message: 'slow upstream', correlation_id: 'zap-req-2' });
    expectDocument(error, {
      level: 'ERROR',
      message: 'charge failed',
      correlation_id: 'zap-req-3',
      metadata: { error: 'card declined' },
      contains: ['main.zapProduction\\n\\t'],
    });
    expectDocument(dpanic, { level: 'FATAL', message: 'invariant broken', correlation_id: 'zap-req-4' });
    expectDocument(debug, { level: 'DEBUG', message: 'cache miss' });
  });

  it('zap development console: the leading time and level of a tab-separated line', () => {
    expectDocument(lines[5] as string, { level: 'WARN', message: 'disk almost full', metadata: { percent: 93 } });
  });

  it('zerolog: level names, RFC 3339 and epoch-ms time, message, req_id, error', () => {
    const [info, error, debug, warn, fatal] = lines.slice(6) as [string, string, string, string, string];
    const seconds = '2026-01-15T10:30:00.000Z';
    expectDocument(info, { level: 'INFO', message: 'story generated', timestamp: seconds, correlation_id: 'zl-req-1' });
    expectDocument(error, {
      level: 'ERROR',
      message: 'speech failed',
      timestamp: seconds,
      correlation_id: 'zl-req-2',
      metadata: { error: 'tts timeout' },
    });
    expectDocument(debug, { level: 'DEBUG', message: 'prompt built', timestamp: seconds, metadata: { tokens: 812 } });
    expectDocument(warn, { level: 'WARN', message: 'retrying', timestamp: seconds });
    expectDocument(fatal, { level: 'FATAL', message: 'cannot start', correlation_id: 'zl-req-3' });
  });
});

describe('real Go loggers: log/slog and logrus (checked-in output of test/fixtures/loggers/go)', () => {
  const lines = readFileSync(join(FIXTURES, 'go', 'go.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(11);

  it('slog TextHandler (logfmt) and JSONHandler', () => {
    const [text, textError, json, debug] = lines as [string, string, string, string];
    expectDocument(text, {
      level: 'INFO',
      message: 'story generated',
      correlation_id: 'slog-req-1',
      metadata: { tokens: '812' },
    });
    expectDocument(textError, {
      level: 'ERROR',
      message: 'voice failed',
      correlation_id: 'slog-req-2',
      metadata: { err: 'tts timeout: upstream 503' },
    });
    expectDocument(json, { level: 'WARN', message: 'slow upstream', correlation_id: 'slog-req-3' });
    expectDocument(debug, { level: 'DEBUG', message: 'cache miss' });
  });

  it('logrus TextFormatter (logfmt) and JSONFormatter', () => {
    const [warning, error, json] = lines.slice(4) as [string, string, string];
    expectDocument(warning, { level: 'WARN', message: 'disk almost full', correlation_id: 'lr-req-1' });
    expectDocument(error, { level: 'ERROR', message: 'charge failed', metadata: { error: 'card declined' } });
    expectDocument(json, { level: 'INFO', message: 'order placed', correlation_id: 'lr-req-2' });
  });
});

describe('real Java loggers (checked-in output of test/fixtures/loggers/java)', () => {
  const lines = readFileSync(join(FIXTURES, 'java', 'java.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean);

  it('logback + LogstashEncoder: @timestamp, level, message, MDC ids, stack_trace', () => {
    const [info, error, debug] = lines as [string, string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'Order placed',
      correlation_id: 'lb-corr-1',
      metadata: { logger_name: 'com.teddy.OrderService', thread_name: 'main', level_value: 20000 },
    });
    expectDocument(error, {
      level: 'ERROR',
      message: 'Payment failed',
      correlation_id: 'lb-req-2',
      contains: ['java.lang.IllegalStateException: card declined\\n\\tat Generate.main'],
    });
    expectDocument(debug, { level: 'DEBUG', message: 'Cache warm' });
  });

  it('log4j2 JsonTemplateLayout (EcsLayout): log.level, message, error.* fields', () => {
    const [info, error, fatal] = lines.slice(3) as [string, string, string];
    expectDocument(info, {
      level: 'INFO',
      message: 'Story generated',
      correlation_id: 'l4-corr-1',
      metadata: { 'log.logger': 'com.teddy.StoryService', 'ecs.version': '1.2.0' },
    });
    expectDocument(error, {
      level: 'ERROR',
      message: 'Voice failed',
      correlation_id: 'l4-corr-2',
      metadata: { 'error.type': 'java.lang.RuntimeException', 'error.message': 'tts timeout' },
      contains: ['java.lang.RuntimeException: tts timeout\\n\\tat Generate.main'],
    });
    expectDocument(fatal, { level: 'FATAL', message: 'Shutting down' });
  });
});
