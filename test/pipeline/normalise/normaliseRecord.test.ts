import fc from 'fast-check';
import type { LogSource, ParsedRecord } from '../../../shared/core/types.js';
import { normaliseRecord } from '../../../shared/pipeline/normalise/index.js';
import { parseLogEvent } from '../../../shared/pipeline/parse/index.js';
import { aLogEvent, aLogSource, aParsedRecord, FIXED_TIME, REAL_LINES } from '../../builders.js';

const EVENT_TIME = new Date(FIXED_TIME).toISOString();

/** Parses and normalises a line, as the pipeline does. */
function documentOf(line: string, source: LogSource = aLogSource()) {
  return normaliseRecord(parseLogEvent(line), aLogEvent({ id: 'e-1', message: line }), source);
}

function documentOfFields(fields: Record<string, unknown>, extra: Partial<ParsedRecord> = {}) {
  return normaliseRecord(aParsedRecord({ fields, ...extra }), aLogEvent({ id: 'e-1' }), aLogSource());
}

describe('normaliseRecord: the whole document', () => {
  it("builds the guide's document from our logger's line", () => {
    expect(documentOf(REAL_LINES.ourLogger, aLogSource({ region: 'eu-west-1' }))).toEqual({
      '@timestamp': '2026-01-15T10:30:00.123Z',
      level: 'INFO',
      message: 'Story generation requested',
      category: 'child_safety',
      service: 'story-service',
      environment: 'production',
      correlation_id: 'c0ffee00-1234-4abc-9def-001122334455',
      child_id: 'child_123',
      tags: ['story'],
      aws: {
        log_group: '/aws/ai-teddy-bear/production/story-service',
        log_stream: '2026/01/15/[$LATEST]3f1e2c7a9b8d4e6f',
        event_id: 'e-1',
        account_id: '123456789012',
        region: 'eu-west-1',
      },
      metadata: { prompt_length: 42, safety_checked: true },
    });
  });

  it('omits metadata and the optional fields when there is nothing for them', () => {
    const document = documentOf(REAL_LINES.plain, aLogSource({ logGroup: '/custom/group' }));
    expect(document).toEqual({
      '@timestamp': EVENT_TIME,
      level: 'INFO',
      message: 'cache warmed in 120ms',
      tags: [],
      aws: expect.objectContaining({ log_group: '/custom/group', event_id: 'e-1' }),
    });
    expect(document.aws).not.toHaveProperty('region');
  });

  it("puts a REPORT line's numbers under lambda", () => {
    const document = documentOf(REAL_LINES.report, aLogSource({ logGroup: '/aws/lambda/story-service' }));
    expect(document).toMatchObject({
      level: 'INFO',
      service: 'story-service',
      lambda: { platform_event: 'REPORT', duration_ms: 2.37, max_memory_used_mb: 65, init_duration_ms: 172.93 },
    });
  });

  it('puts a FireLens envelope under ecs and the inner app fields at the top', () => {
    const document = documentOf(REAL_LINES.fireLens, aLogSource({ logGroup: '/ecs/voice-gateway' }));
    expect(document).toMatchObject({
      level: 'ERROR',
      message: 'Speech-to-text upstream returned 503',
      client_ip: '203.0.113.42',
      service: 'voice-gateway',
      ecs: { container_name: 'voice-gateway', source: 'stderr' },
    });
    expect(document.metadata).toBeUndefined();
  });

  it('reads ECS details from an awslogs stream name when there is no envelope', () => {
    const source = aLogSource({
      logGroup: '/ecs/voice-gateway',
      logStream: 'ecs/voice-gateway/5f0c2b1e8a9d4c7b9e6a1d2c3b4a5f60',
    });
    expect(documentOf(REAL_LINES.ecsText, source)).toMatchObject({
      level: 'ERROR',
      ecs: { stream_prefix: 'ecs', container_name: 'voice-gateway', task_id: '5f0c2b1e8a9d4c7b9e6a1d2c3b4a5f60' },
    });
  });
});

describe('normaliseRecord: level', () => {
  it.each([
    ['info', 'INFO'],
    ['Warning', 'WARN'],
    ['WARN', 'WARN'],
    ['CRITICAL', 'FATAL'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
    ['trace', 'TRACE'],
    ['fatal', 'FATAL'],
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [30, 'INFO'],
    [40, 'WARN'],
    [50, 'ERROR'],
    [60, 'FATAL'],
    [35, 'INFO'],
    ['50', 'ERROR'],
  ])('maps %p to %s', (level, expected) => {
    expect(documentOfFields({ level }).level).toBe(expected);
  });

  it.each(['severity', 'levelname', 'log.level', 'log_level'])('reads the level from `%s`', (key) => {
    expect(documentOfFields({ [key]: 'warning' }).level).toBe('WARN');
  });

  it('reads an ECS-style nested log.level and keeps the rest of `log`', () => {
    const document = documentOfFields({ log: { level: 'error', logger: 'app' } });
    expect(document.level).toBe('ERROR');
    expect(document.metadata).toEqual({ log: { logger: 'app' } });
  });

  it("lets the app's level win over the runtime column (console.log of an error line)", () => {
    expect(documentOf(REAL_LINES.lambdaNodeTextWithJson).level).toBe('ERROR');
    expect(documentOf(REAL_LINES.lambdaJsonWithAppObject).level).toBe('WARN');
    expect(documentOf(REAL_LINES.lambdaJsonWithAppString).level).toBe('ERROR');
  });

  it("falls back to the runtime's level", () => {
    expect(documentOf(REAL_LINES.pythonText).level).toBe('WARN');
    expect(documentOf(REAL_LINES.lambdaNodeInvokeError).level).toBe('ERROR');
    expect(documentOf(REAL_LINES.reportTimeout).level).toBe('ERROR');
  });

  it('reads pino and bunyan numbers', () => {
    expect(documentOf(REAL_LINES.pino).level).toBe('ERROR');
    expect(documentOf(REAL_LINES.bunyan).level).toBe('WARN');
  });

  it('reads a level word in a plain-text line', () => {
    expect(documentOf(REAL_LINES.ecsText).level).toBe('ERROR');
    expect(documentOf('[warn] pool nearly exhausted').level).toBe('WARN');
    expect(documentOf('worker stopped level=fatal').level).toBe('FATAL');
  });

  it('does not take lower-case prose for a level', () => {
    expect(documentOf('no error found in 3 files').level).toBe('INFO');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('does not take %p for a level name', (name) => {
    expect(documentOfFields({ level: name }, { runtimeLevel: name }).level).toBe('INFO');
  });

  it('keeps an unrecognisable level in metadata and uses the next source', () => {
    const document = documentOfFields({ level: 'banana' }, { runtimeLevel: 'WARN' });
    expect(document.level).toBe('WARN');
    expect(document.metadata).toEqual({ level: 'banana' });
  });
});

describe('normaliseRecord: @timestamp', () => {
  it.each([
    ['an ISO string', '2026-01-15T10:30:00.123Z', '2026-01-15T10:30:00.123Z'],
    ['the 29th of February of a leap year', '2028-02-29T10:30:00.123Z', '2028-02-29T10:30:00.123Z'],
    ['an ISO string with an offset', '2026-01-15T12:30:00.123+02:00', '2026-01-15T10:30:00.123Z'],
    ['an ISO string without a zone (taken as UTC)', '2026-01-15T10:30:00', '2026-01-15T10:30:00.000Z'],
    ["Python's asctime", '2026-01-15 10:30:00,123', '2026-01-15T10:30:00.123Z'],
    ['nanosecond fractions', '2026-01-15T10:30:00.123456789Z', '2026-01-15T10:30:00.123Z'],
    ['epoch milliseconds', 1768473000123, '2026-01-15T10:30:00.123Z'],
    ['epoch seconds', 1768473000, '2026-01-15T10:30:00.000Z'],
    ['fractional epoch seconds', 1768473000.5, '2026-01-15T10:30:00.500Z'],
    ['epoch milliseconds as a string', '1768473000123', '2026-01-15T10:30:00.123Z'],
    ['an RFC 1123 date in GMT', 'Thu, 15 Jan 2026 10:30:00 GMT', '2026-01-15T10:30:00.000Z'],
  ])('reads %s', (_what, timestamp, expected) => {
    expect(documentOfFields({ timestamp })['@timestamp']).toBe(expected);
  });

  it.each(['@timestamp', 'timestamp', 'time', 'ts'])('reads the timestamp from `%s`', (key) => {
    expect(documentOfFields({ [key]: '2026-02-01T00:00:00Z' })['@timestamp']).toBe('2026-02-01T00:00:00.000Z');
  });

  it("falls back to the runtime's timestamp, then to the event's", () => {
    expect(documentOfFields({}, { runtimeTimestamp: '2026-01-15T09:00:00.000Z' })['@timestamp']).toBe(
      '2026-01-15T09:00:00.000Z',
    );
    expect(documentOfFields({})['@timestamp']).toBe(EVENT_TIME);
  });

  it.each([
    ['a date that does not exist', '2026-02-31T10:00:00Z'],
    ['the 29th of February of a common year', '2026-02-29T10:00:00.000Z'],
    ['an hour that does not exist', '2026-01-15T24:30:00.000Z'],
    ['words', 'yesterday'],
    ['a duration someone called time', 120],
    ['a number beyond any date', 1e300],
  ])('keeps %s in metadata and uses the event time', (_what, time) => {
    const document = documentOfFields({ time });
    expect(document['@timestamp']).toBe(EVENT_TIME);
    expect(document.metadata).toEqual({ time });
  });

  it('does not depend on the wall clock', () => {
    jest.useFakeTimers({ now: Date.UTC(2031, 5, 1) });
    try {
      expect(documentOfFields({ time: 'yesterday' })['@timestamp']).toBe(EVENT_TIME);
      expect(documentOfFields({ time: '2026-01-15T10:30:00' })['@timestamp']).toBe('2026-01-15T10:30:00.000Z');
    } finally {
      jest.useRealTimers();
    }
  });

  it('never throws on an event without a usable timestamp', () => {
    const document = normaliseRecord(aParsedRecord(), aLogEvent({ timestamp: Number.NaN }), aLogSource());
    expect(document['@timestamp']).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('normaliseRecord: message', () => {
  it.each([
    [{ message: 'a' }, 'a'],
    [{ msg: 'b' }, 'b'],
    [{ '@message': 'c' }, 'c'],
    [{ errorMessage: 'd' }, 'd'],
    [{ message: 42 }, '42'],
    [{ message: false }, 'false'],
    [{ message: null }, 'null'],
    [{ message: { nested: [1, [2]] } }, '{"nested":[1,[2]]}'],
    [{}, ''],
  ])('reads %j as %p', (fields, expected) => {
    expect(documentOfFields(fields).message).toBe(expected);
  });

  it('keeps `msg` in metadata when `message` is also there', () => {
    expect(documentOfFields({ message: 'a', msg: 'b' })).toMatchObject({ message: 'a', metadata: { msg: 'b' } });
  });
});

describe('normaliseRecord: service and environment', () => {
  it.each([
    ['/aws/lambda/story-service', { service: 'story-service' }],
    ['/ecs/voice-gateway', { service: 'voice-gateway' }],
    ['/ecs/production/voice-gateway', { service: 'voice-gateway' }],
    ['/aws/ai-teddy-bear/staging/story-service', { service: 'story-service', environment: 'staging' }],
    ['/aws/ai-teddy-bear/production', { environment: 'production' }],
    ['/aws/ai-teddy-bear/production/api/auth', { service: 'api/auth', environment: 'production' }],
  ])('derives them from the log group %s', (logGroup, expected) => {
    const document = documentOf(REAL_LINES.plain, aLogSource({ logGroup }));
    expect({ service: document.service, environment: document.environment }).toEqual({
      service: undefined,
      environment: undefined,
      ...expected,
    });
  });

  it('prefers what the app sent', () => {
    const document = documentOf(REAL_LINES.powertools, aLogSource({ logGroup: '/aws/lambda/other-name' }));
    expect(document.service).toBe('session-service');
  });
});

describe('normaliseRecord: identifiers', () => {
  it.each(['correlation_id', 'correlationId', 'x-correlation-id', 'request_id', 'requestId'])(
    'reads the correlation id from `%s`',
    (key) => {
      expect(documentOfFields({ [key]: 'corr-1' }).correlation_id).toBe('corr-1');
    },
  );

  it("prefers a real correlation id over the app's request id, which then stays in metadata", () => {
    expect(documentOfFields({ request_id: 'req-1', correlationId: 'corr-1' })).toMatchObject({
      correlation_id: 'corr-1',
      metadata: { request_id: 'req-1' },
    });
  });

  it("does not use the Lambda runtime's request id as the correlation id", () => {
    const document = documentOf(REAL_LINES.lambdaNodeText);
    expect(document.correlation_id).toBeUndefined();
    expect(document.lambda?.request_id).toBe('8f507cfc-1d1b-4697-b07a-ac58fc914c95');
  });

  it("takes Powertools' function_request_id as the Lambda request id", () => {
    expect(documentOf(REAL_LINES.powertools).lambda).toEqual({ request_id: '8f507cfc-1d1b-4697-b07a-ac58fc914c95' });
  });

  it.each([
    [{ child_id: 'child_123' }, 'child_123'],
    [{ childId: 'child_123' }, 'child_123'],
    [{ 'child.id': 'child_123' }, 'child_123'],
    [{ child_id: 98765 }, '98765'],
  ])('reads the child id (raw, for redact to hash) from %j', (fields, expected) => {
    expect(documentOfFields(fields).child_id).toBe(expected);
  });

  it('lifts a nested child.id out, leaving no raw copy behind in metadata', () => {
    const document = documentOfFields({ child: { id: 'child_123', age_band: '6-8' } });
    expect(document.child_id).toBe('child_123');
    expect(document.metadata).toEqual({ child: { age_band: '6-8' } });
  });

  it.each([
    [{ client_ip: '203.0.113.42' }, '203.0.113.42'],
    [{ clientIp: '203.0.113.42' }, '203.0.113.42'],
    [{ ip: '2001:db8::1' }, '2001:db8::1'],
    [{ remote_addr: '198.51.100.7' }, '198.51.100.7'],
    [{ 'x-forwarded-for': '203.0.113.42, 10.0.0.1' }, '203.0.113.42'],
  ])('reads the client ip (raw, for redact to truncate) from %j', (fields, expected) => {
    expect(documentOfFields(fields).client_ip).toBe(expected);
  });
});

describe('normaliseRecord: tags, metadata, odd values', () => {
  it('takes tags when they are an array of strings, and keeps anything else in metadata', () => {
    expect(documentOfFields({ tags: ['a', 'b'] }).tags).toEqual(['a', 'b']);
    expect(documentOfFields({ tags: ['a', 1] })).toMatchObject({ tags: [], metadata: { tags: ['a', 1] } });
    expect(documentOfFields({ tags: 'a,b' })).toMatchObject({ tags: [], metadata: { tags: 'a,b' } });
  });

  it('keeps a category as the app sent it, and a non-text one in metadata', () => {
    expect(documentOfFields({ category: 'audit' }).category).toBe('audit');
    expect(documentOfFields({ category: 7 })).toMatchObject({ metadata: { category: 7 } });
  });

  it("merges the app's metadata object with its other fields, keeping both sides of a clash", () => {
    const document = documentOfFields({
      story_id: 's-1',
      user_tier: 'free',
      metadata: { user_tier: 'premium', words: 300 },
    });
    expect(document.metadata).toEqual({ story_id: 's-1', user_tier: 'premium', _user_tier: 'free', words: 300 });
  });

  it('keeps a metadata value that is not an object under metadata.metadata', () => {
    expect(documentOfFields({ metadata: ['x'] }).metadata).toEqual({ metadata: ['x'] });
  });

  it('renames unsafe keys even when a record was not built by parse', () => {
    const fields = JSON.parse('{"__proto__":{"polluted":true},"metadata":{"constructor":1}}');
    const document = documentOfFields(fields);
    expect(document.metadata).toEqual({ 'unsafe:__proto__': { polluted: true }, 'unsafe:constructor': 1 });
    expect(Object.getPrototypeOf(document.metadata)).toBe(Object.prototype);
  });

  it('keeps a huge message and deeply nested values as they are', () => {
    const message = 'x'.repeat(1_000_000);
    const nested = JSON.parse(`${'['.repeat(1000)}${']'.repeat(1000)}`);
    const document = documentOfFields({ message, nested });
    expect(document.message).toHaveLength(1_000_000);
    expect(document.metadata?.nested).toBe(nested);
  });
});

describe('normaliseRecord properties', () => {
  // Plain random strings almost never hit the names that break naive lookups; mix them in on purpose.
  const trickyText = fc.oneof(
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'),
    fc.constantFrom('level', 'message', 'timestamp', 'child', 'log', 'metadata', 'tags', 'child_id', 'ip'),
  );

  it('never throws, and always yields a document of the contract, for any fields', () => {
    fc.assert(
      fc.property(
        fc.dictionary(trickyText, fc.oneof(fc.anything(), trickyText)),
        fc.option(trickyText, { nil: undefined }),
        fc.option(trickyText, { nil: undefined }),
        (fields, runtimeLevel, runtimeTimestamp) => {
          const document = normaliseRecord(
            { format: 'json', fields, runtimeLevel, runtimeTimestamp },
            aLogEvent(),
            aLogSource(),
          );
          expect(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).toContain(document.level);
          expect(typeof document.message).toBe('string');
          expect(Number.isNaN(Date.parse(document['@timestamp']))).toBe(false);
          expect(Array.isArray(document.tags)).toBe(true);
          expect(Object.getPrototypeOf(document.metadata ?? {})).toBe(Object.prototype);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns every event of any batch into exactly one document, with its own source and id', () => {
    const anEvent = fc.record({
      id: fc.string({ minLength: 1, maxLength: 20 }),
      timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      message: fc.oneof(fc.string(), fc.constantFrom(...Object.values(REAL_LINES)), fc.json()),
    });
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 30 }), (events) => {
        const source = aLogSource();
        const documents = events.map((event) => normaliseRecord(parseLogEvent(event.message), event, source));
        expect(documents).toHaveLength(events.length);
        documents.forEach((document, i) => {
          expect(document.aws).toMatchObject({ event_id: events[i]?.id, log_group: source.logGroup });
        });
      }),
    );
  });
});

describe('normaliseRecord: more spellings of the common loggers', () => {
  const read = (line: string) => normaliseRecord(parseLogEvent(line), aLogEvent({ message: line }), aLogSource());

  it.each([
    ['{"level":"dpanic","msg":"x"}', 'FATAL'],
    ['{"status":"debug","message":"x"}', 'DEBUG'],
    ['{"status":200,"message":"x"}', 'INFO'],
    ['{"status":"ok","message":"x"}', 'INFO'],
    ['{"levelno":40,"message":"x"}', 'ERROR'],
    ['{"levelno":50,"message":"x"}', 'FATAL'],
    ['{"severity_number":17,"body":"x"}', 'ERROR'],
    ['{"@l":"Warning","@mt":"x"}', 'WARN'],
    ['{"level":"CONFIG","message":"x"}', 'INFO'],
    ['{"level":"http","message":"x"}', 'INFO'],
  ])('%s → %s', (line, level) => {
    expect(read(line).level).toBe(level);
  });

  it('keeps a status that is no level under metadata', () => {
    expect(read('{"status":200,"message":"x"}').metadata).toEqual({ status: 200 });
  });

  it.each([
    ['{"asctime":"2026-01-15 10:30:00,123","message":"x"}', '2026-01-15T10:30:00.123Z'],
    ['{"eventTime":"2026-01-15T10:30:00Z","eventName":"x"}', '2026-01-15T10:30:00.000Z'],
    ['{"instant":{"epochSecond":1768473000,"nanoOfSecond":123456789},"message":"x"}', '2026-01-15T10:30:00.123Z'],
    ['{"created":1768473000.123,"message":"x"}', '2026-01-15T10:30:00.123Z'],
    ['{"@t":"2026-01-15T10:30:00.1230000Z","@mt":"x"}', '2026-01-15T10:30:00.123Z'],
  ])("reads the line's own time: %s", (line, timestamp) => {
    expect(read(line)['@timestamp']).toBe(timestamp);
  });

  it("keeps an app's created date in metadata, not as the time", () => {
    const document = read('{"created":"2020-01-01","message":"x"}');
    expect(document['@timestamp']).toBe(new Date(FIXED_TIME).toISOString());
    expect(document.metadata).toEqual({ created: '2020-01-01' });
  });

  it.each([
    ['{"event":"story generated","level":"info"}', 'story generated'],
    ['{"event":{"kind":"signup"},"message":"x"}', 'x'],
    ['{"@mt":"User {id} logged in","id":7}', 'User {id} logged in'],
  ])('reads the human message of %s', (line, message) => {
    expect(read(line).message).toBe(message);
  });

  it('keeps an event object as data when there is no message', () => {
    const document = read('{"event":{"kind":"signup"}}');
    expect(document.message).toBe('');
    expect(document.metadata).toEqual({ event: { kind: 'signup' } });
  });

  it.each([
    ['{"msg":"x","reqId":"pino-1"}', 'pino-1'],
    ['{"msg":"x","req_id":"bunyan-1"}', 'bunyan-1'],
    ['{"msg":"x","requestID":"go-1"}', 'go-1'],
  ])('lifts the correlation id of %s', (line, id) => {
    expect(read(line).correlation_id).toBe(id);
  });

  it('gives a timeout line its level, request id and time', () => {
    const document = read(
      '2026-01-15T10:30:03.123Z 8f507cfc-1d1b-4697-b07a-ac58fc914c95 Task timed out after 3.00 seconds',
    );
    expect(document).toMatchObject({
      level: 'ERROR',
      '@timestamp': '2026-01-15T10:30:03.123Z',
      message: 'Task timed out after 3.00 seconds',
      lambda: { request_id: '8f507cfc-1d1b-4697-b07a-ac58fc914c95' },
    });
  });
});

describe('normaliseRecord: hostile JSON', () => {
  it('keeps a message nested 10,000 deep as its JSON text, never [object Object]', () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const line = `{"message":${deep}}`;
    const document = normaliseRecord(parseLogEvent(line), aLogEvent({ message: line }), aLogSource());
    expect(document.message).toBe(deep);
    expect(() => JSON.stringify(document)).not.toThrow();
  });

  it('keeps a nanosecond time beyond 2^53 exact enough to be the time', () => {
    const line = '{"message":"x","time":1768473000123456789}';
    const document = normaliseRecord(parseLogEvent(line), aLogEvent({ message: line }), aLogSource());
    expect(document['@timestamp']).toBe('2026-01-15T10:30:00.123Z');
  });
});

describe('normaliseRecord: Lambda request ids and nested messages', () => {
  const read = (line: string) => normaliseRecord(parseLogEvent(line), aLogEvent({ message: line }), aLogSource());

  it.each(['AWSRequestId', 'aws_request_id', 'awsRequestId'])(
    'takes an app-logged %s as the Lambda request id',
    (key) => {
      const document = read(`{"message":"x","${key}":"8f507cfc-1d1b-4697-b07a-ac58fc914c95"}`);
      expect(document.lambda).toEqual({ request_id: '8f507cfc-1d1b-4697-b07a-ac58fc914c95' });
      expect(document.metadata).toBeUndefined();
    },
  );

  it("reads tracing-subscriber's fields.message and an OpenTelemetry body", () => {
    const tracing = read(
      '{"timestamp":"2026-01-15T10:30:00.123Z","level":"WARN","fields":{"message":"slow","ms":9},"target":"app"}',
    );
    expect(tracing).toMatchObject({ level: 'WARN', message: 'slow', metadata: { fields: { ms: 9 }, target: 'app' } });
    expect(read('{"severity_text":"ERROR","body":"boom"}')).toMatchObject({ level: 'ERROR', message: 'boom' });
  });
});
