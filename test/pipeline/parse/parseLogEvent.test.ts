import fc from 'fast-check';
import { parseLogEvent } from '../../../shared/pipeline/parse/index.js';
import { MAX_JSON_DEPTH } from '../../../shared/pipeline/parse/lenientJson.js';
import { REAL_LINES } from '../../builders.js';

const REQUEST_ID = '8f507cfc-1d1b-4697-b07a-ac58fc914c95';

describe('parseLogEvent: JSON lines', () => {
  it('keeps the fields of our logger unchanged', () => {
    expect(parseLogEvent(REAL_LINES.ourLogger)).toEqual({
      format: 'json',
      fields: JSON.parse(REAL_LINES.ourLogger),
    });
  });

  it.each([
    ['pino', REAL_LINES.pino],
    ['bunyan', REAL_LINES.bunyan],
    ['Powertools', REAL_LINES.powertools],
  ])('keeps the fields of a %s line unchanged', (_logger, line) => {
    expect(parseLogEvent(line)).toEqual({ format: 'json', fields: JSON.parse(line) });
  });

  it('keeps a JSON array or scalar line whole as text', () => {
    expect(parseLogEvent('[1,2,3]\n')).toEqual({ format: 'text', fields: { message: '[1,2,3]' } });
    expect(parseLogEvent('42')).toEqual({ format: 'text', fields: { message: '42' } });
  });

  it('keeps a truncated JSON line whole, as text', () => {
    const line = '{"level":"info","message":"cut he';
    expect(parseLogEvent(line)).toEqual({ format: 'text', fields: { message: line } });
  });
});

describe('parseLogEvent: prototype pollution', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('renames a `%s` key at any depth to `unsafe:%s`', (key) => {
    const line = `{"message":"x","${key}":{"polluted":true},"nested":[{"${key}":{"polluted":true}}]}`;
    const { fields } = parseLogEvent(line);
    expect(Object.keys(fields)).toEqual(['message', 'nested', `unsafe:${key}`]);
    expect(fields[`unsafe:${key}`]).toEqual({ polluted: true });
    expect((fields.nested as Array<Record<string, unknown>>)[0]).toEqual({ [`unsafe:${key}`]: { polluted: true } });
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('renames a key spelled with unicode escapes too', () => {
    const { fields } = parseLogEvent('{"\\u005f_proto__":{"polluted":true}}');
    expect(Object.keys(fields)).toEqual(['unsafe:__proto__']);
  });

  it('renames the unsafe keys inside a Lambda JSON message object', () => {
    const line = `{"timestamp":"2026-01-15T10:30:00.123Z","level":"INFO","requestId":"${REQUEST_ID}","message":{"__proto__":{"a":1}}}`;
    expect(Object.keys(parseLogEvent(line).fields)).toEqual(['unsafe:__proto__']);
  });
});

describe('parseLogEvent: Lambda Node.js text format', () => {
  it('reads the runtime columns and keeps the text message', () => {
    expect(parseLogEvent(REAL_LINES.lambdaNodeText)).toEqual({
      format: 'lambda-text',
      fields: { message: 'Story generation requested for prompt of 42 chars' },
      runtimeLevel: 'INFO',
      runtimeTimestamp: '2026-01-15T10:30:00.123Z',
      lambda: { request_id: REQUEST_ID },
    });
  });

  it('parses a JSON message as the app fields, so its own level can win over the column', () => {
    const parsed = parseLogEvent(REAL_LINES.lambdaNodeTextWithJson);
    expect(parsed.fields).toEqual({
      level: 'ERROR',
      message: 'AI provider timed out',
      category: 'system',
      correlation_id: 'req-7f3a',
    });
    expect(parsed.runtimeLevel).toBe('INFO');
  });

  it("reads the runtime's Invoke Error report into a message and the error fields", () => {
    const parsed = parseLogEvent(REAL_LINES.lambdaNodeInvokeError);
    expect(parsed.runtimeLevel).toBe('ERROR');
    expect(parsed.fields).toMatchObject({
      message: "Invoke Error: TypeError: Cannot read properties of undefined (reading 'id')",
      errorType: 'TypeError',
      stack: expect.arrayContaining(['    at Runtime.handler (/var/task/index.js:12:34)']),
    });
  });

  it('accepts the old format without a level column, and init lines without a request id', () => {
    const parsed = parseLogEvent('2026-01-15T10:30:00.123Z\tundefined\tconnecting to Redis\n');
    expect(parsed).toEqual({
      format: 'lambda-text',
      fields: { message: 'connecting to Redis' },
      runtimeLevel: 'INFO',
      runtimeTimestamp: '2026-01-15T10:30:00.123Z',
    });
  });

  it('keeps a multi-line message (a stack trace) in one record', () => {
    const line = `2026-01-15T10:30:00.123Z\t${REQUEST_ID}\tERROR\t${REAL_LINES.stackTrace}`;
    expect(parseLogEvent(line).fields).toEqual({ message: REAL_LINES.stackTrace.trimEnd() });
  });
});

describe("parseLogEvent: Lambda's JSON log format", () => {
  it("reads a text message, with the runtime's level, timestamp and request id", () => {
    expect(parseLogEvent(REAL_LINES.lambdaJson)).toEqual({
      format: 'lambda-json',
      fields: { message: 'Story generation requested' },
      runtimeLevel: 'INFO',
      runtimeTimestamp: '2026-01-15T10:30:00.123Z',
      lambda: { request_id: REQUEST_ID },
    });
  });

  it("takes an object message as the app's fields", () => {
    const parsed = parseLogEvent(REAL_LINES.lambdaJsonWithAppObject);
    expect(parsed.fields).toEqual({ level: 'warn', msg: 'Content filter flagged a prompt', category: 'child_safety' });
    expect(parsed.runtimeLevel).toBe('INFO');
  });

  it("takes a JSON string message as the app's fields", () => {
    expect(parseLogEvent(REAL_LINES.lambdaJsonWithAppString).fields).toEqual({
      level: 'error',
      message: 'Payment failed',
    });
  });

  it("keeps the Python runtime's extra keys beside the message", () => {
    const line = `{"timestamp":"2026-01-15T10:30:00Z","level":"ERROR","message":"Safety check failed","logger":"root","requestId":"${REQUEST_ID}"}`;
    expect(parseLogEvent(line).fields).toEqual({ message: 'Safety check failed', logger: 'root' });
  });

  it('leaves an app line that merely has timestamp, level and message keys as the app wrote it', () => {
    const line = '{"timestamp":"2026-01-15T10:30:00Z","level":"INFO","message":"hello","user_count":3}';
    expect(parseLogEvent(line)).toEqual({ format: 'json', fields: JSON.parse(line) });
  });
});

describe('parseLogEvent: Python runtime text format', () => {
  it('reads level, timestamp and request id columns', () => {
    expect(parseLogEvent(REAL_LINES.pythonText)).toEqual({
      format: 'python-text',
      fields: { message: 'Safety model latency above 800ms' },
      runtimeLevel: 'WARNING',
      runtimeTimestamp: '2026-01-15T10:30:00.123Z',
      lambda: { request_id: REQUEST_ID },
    });
  });
});

describe('parseLogEvent: Lambda platform lines', () => {
  it('reads START with the version', () => {
    expect(parseLogEvent(REAL_LINES.start)).toEqual({
      format: 'platform',
      fields: { message: `START RequestId: ${REQUEST_ID} Version: $LATEST` },
      runtimeLevel: 'INFO',
      lambda: { platform_event: 'START', request_id: REQUEST_ID, version: '$LATEST' },
    });
  });

  it('reads END', () => {
    expect(parseLogEvent(REAL_LINES.end).lambda).toEqual({ platform_event: 'END', request_id: REQUEST_ID });
  });

  it("reads REPORT's numbers", () => {
    expect(parseLogEvent(REAL_LINES.report).lambda).toEqual({
      platform_event: 'REPORT',
      request_id: REQUEST_ID,
      duration_ms: 2.37,
      billed_duration_ms: 3,
      memory_size_mb: 128,
      max_memory_used_mb: 65,
      init_duration_ms: 172.93,
    });
  });

  it('ignores REPORT labels it does not know, even ones named like Object.prototype members', () => {
    const parsed = parseLogEvent('REPORT RequestId: r-1\tconstructor: 5 ms\t__proto__: 1 MB\tDuration: 1.5 ms');
    expect(parsed.lambda).toEqual({ platform_event: 'REPORT', request_id: 'r-1', duration_ms: 1.5 });
  });

  it('raises a timed-out REPORT to ERROR', () => {
    const parsed = parseLogEvent(REAL_LINES.reportTimeout);
    expect(parsed.runtimeLevel).toBe('ERROR');
    expect(parsed.lambda?.duration_ms).toBe(3000);
  });

  it('does not take an app line that starts with START for a platform line', () => {
    expect(parseLogEvent('START processing queue').format).toBe('text');
  });

  it('reads platform.start', () => {
    expect(parseLogEvent(REAL_LINES.platformStart)).toEqual({
      format: 'platform',
      fields: { message: `platform.start RequestId: ${REQUEST_ID}` },
      runtimeLevel: 'INFO',
      runtimeTimestamp: '2026-01-15T10:30:00.000Z',
      lambda: { platform_event: 'platform.start', request_id: REQUEST_ID, version: '$LATEST' },
    });
  });

  it("reads platform.report's metrics", () => {
    const parsed = parseLogEvent(REAL_LINES.platformReport);
    expect(parsed.lambda).toEqual({
      platform_event: 'platform.report',
      request_id: REQUEST_ID,
      duration_ms: 2.37,
      billed_duration_ms: 3,
      memory_size_mb: 128,
      max_memory_used_mb: 65,
      init_duration_ms: 172.93,
    });
    expect(parsed.fields).toEqual({
      status: 'success',
      message: `platform.report RequestId: ${REQUEST_ID} Status: success`,
    });
  });

  it('keeps metrics it has no field for, and raises a failed platform event to ERROR', () => {
    const line =
      '{"time":"2026-01-15T10:30:03.000Z","type":"platform.runtimeDone","record":{"requestId":"r-2","status":"timeout","metrics":{"durationMs":3000,"producedBytes":0}}}';
    const parsed = parseLogEvent(line);
    expect(parsed.runtimeLevel).toBe('ERROR');
    expect(parsed.lambda).toMatchObject({ duration_ms: 3000 });
    expect(parsed.fields.metrics).toEqual({ producedBytes: 0 });
  });
});

describe('parseLogEvent: ECS', () => {
  it('parses the inner line of a FireLens envelope again and keeps the envelope under ecs', () => {
    expect(parseLogEvent(REAL_LINES.fireLens)).toEqual({
      format: 'firelens',
      fields: { level: 'error', message: 'Speech-to-text upstream returned 503', client_ip: '203.0.113.42' },
      ecs: {
        container_id: '5f0c2b1e8a9d4c7b-3829174650',
        container_name: 'voice-gateway',
        ecs_cluster: 'ai-teddy-bear-production',
        ecs_task_arn:
          'arn:aws:ecs:eu-west-1:123456789012:task/ai-teddy-bear-production/5f0c2b1e8a9d4c7b9e6a1d2c3b4a5f60',
        ecs_task_definition: 'voice-gateway:17',
        source: 'stderr',
      },
    });
  });

  it('keeps a text line inside a FireLens envelope as the message', () => {
    const line = '{"container_name":"nginx","log":"10.0.0.1 - - \\"GET /health HTTP/1.1\\" 200\\n","source":"stdout"}';
    expect(parseLogEvent(line)).toMatchObject({
      format: 'firelens',
      fields: { message: '10.0.0.1 - - "GET /health HTTP/1.1" 200' },
    });
  });

  it('does not unwrap an envelope inside an envelope', () => {
    const inner = JSON.stringify({ container_name: 'b', log: 'deep' });
    const parsed = parseLogEvent(JSON.stringify({ container_name: 'a', log: inner }));
    expect(parsed.fields).toEqual({ container_name: 'b', log: 'deep' });
  });

  it("reads an awslogs text line's own time and level, and keeps the rest as its message", () => {
    expect(parseLogEvent(REAL_LINES.ecsText)).toEqual({
      format: 'text',
      fields: { message: '[voice-gateway] Speech-to-text upstream returned 503' },
      runtimeLevel: 'ERROR',
      runtimeTimestamp: '2026-01-15 10:30:00,123',
    });
  });
});

describe('parseLogEvent: text', () => {
  it('strips the trailing newline (and CRLF) only', () => {
    expect(parseLogEvent('  indented text \r\n').fields).toEqual({ message: '  indented text ' });
  });

  it('keeps a stack trace as one record, an error', () => {
    expect(parseLogEvent(REAL_LINES.stackTrace)).toEqual({
      format: 'text',
      fields: { message: REAL_LINES.stackTrace.trimEnd() },
      runtimeLevel: 'ERROR',
    });
  });

  it('keeps an empty message as an empty text record', () => {
    expect(parseLogEvent('\n')).toEqual({ format: 'text', fields: { message: '' } });
  });
});

describe('parseLogEvent properties', () => {
  const lineParts = fc.constantFrom(
    '{',
    '}',
    '"',
    ':',
    ',',
    '[',
    ']',
    '\t',
    '\n',
    'START RequestId: ',
    'REPORT RequestId: x\tDuration: ',
    '2026-01-15T10:30:00.123Z\t',
    '[INFO]\t',
    '"__proto__"',
    '"log"',
    '"container_name"',
    '"type":"platform.report","record":',
    '"message":',
    'ERROR',
    '1e999',
  );
  const hostileLines = fc.array(fc.oneof(lineParts, fc.string()), { maxLength: 30 }).map((parts) => parts.join(''));

  it('never throws and always yields a format and fields, on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), hostileLines), (line) => {
        const parsed = parseLogEvent(line);
        expect(typeof parsed.format).toBe('string');
        expect(typeof parsed.fields).toBe('object');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on any JSON object, bare or inside an envelope or a Lambda line', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = JSON.stringify(value) ?? 'null';
        for (const line of [
          json,
          JSON.stringify({ container_name: 'x', log: json }),
          `2026-01-15T10:30:00.123Z\tr\tINFO\t${json}`,
          JSON.stringify({ timestamp: 't', level: 'INFO', requestId: 'r', message: value }),
          JSON.stringify({ time: 't', type: 'platform.report', record: value }),
        ]) {
          expect(parseLogEvent(line).fields).toBeDefined();
        }
      }),
    );
  });

  it('keeps any text that no format claims whole as the message', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!/^[\s{[[]/.test(text) && !/^(START|END|REPORT|INIT_|RESTORE_|EXTENSION|TELEMETRY|\d{4}-)/.test(text));
        expect(parseLogEvent(`${text}\n`).fields).toEqual({ message: text.replace(/[\r\n]+$/, '') });
      }),
    );
  });

  // A guard against catastrophic backtracking (seconds, not milliseconds), generous for a shared machine; the
  // 50 ms-per-line target is measured by `npm run bench`.
  it('parses a 100 KB line of brackets and a long backtracking bait without catastrophic backtracking', () => {
    for (const line of [
      '['.repeat(100_000),
      `{${'"a":'.repeat(25_000)}`,
      `2026-01-15T10:30:00.123Z\t${'\t'.repeat(100_000)}`,
    ]) {
      const started = performance.now();
      parseLogEvent(line);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('parseLogEvent: what only Lambda writes', () => {
  it.each([
    [
      'a lower-case level (winston)',
      '{"level":"info","message":"hi","requestId":"w-1","timestamp":"2026-01-15T10:30:00.123Z"}',
    ],
    [
      'timestamp not first',
      `{"level":"INFO","timestamp":"2026-01-15T10:30:00.123Z","requestId":"${REQUEST_ID}","message":"hi"}`,
    ],
    [
      'a request id that is no UUID',
      '{"timestamp":"2026-01-15T10:30:00.123Z","level":"INFO","requestId":"req-7","message":"hi"}',
    ],
  ])('leaves app JSON with %s to the app', (_case, line) => {
    expect(parseLogEvent(line)).toEqual({ format: 'json', fields: JSON.parse(line) });
  });
});

describe('parseLogEvent: timeouts', () => {
  it("reads the runtime's timeout line as an ERROR with its request id and time", () => {
    expect(parseLogEvent(`2026-01-15T10:30:03.123Z ${REQUEST_ID} Task timed out after 3.00 seconds\n`)).toEqual({
      format: 'lambda-text',
      fields: { message: 'Task timed out after 3.00 seconds' },
      runtimeLevel: 'ERROR',
      runtimeTimestamp: '2026-01-15T10:30:03.123Z',
      lambda: { request_id: REQUEST_ID },
    });
  });

  it('reads a bare timeout line as an ERROR', () => {
    expect(parseLogEvent('Task timed out after 900.10 seconds')).toMatchObject({ runtimeLevel: 'ERROR' });
  });
});

describe('parseLogEvent: text lines with their own time and level', () => {
  it.each([
    ['2026-01-15 10:30:00,123 - app - WARNING - x', 'WARNING', '2026-01-15 10:30:00,123', 'x', { logger: 'app' }],
    ['2026-01-15T10:30:00.123Z warn: printf warn', 'warn', '2026-01-15T10:30:00.123Z', 'printf warn', {}],
    ['2026/01/15 10:30:00 listening on :8080', undefined, '2026-01-15 10:30:00', 'listening on :8080', {}],
    ['[2026-01-15 10:30:00] [error] upstream 503', 'error', '2026-01-15 10:30:00', 'upstream 503', {}],
    ['error: Payment failed', 'error', undefined, 'Payment failed', {}],
    ['WARNING:root:low disk', 'WARNING', undefined, 'low disk', { logger: 'root' }],
  ])('%s', (line, level, timestamp, message, extra) => {
    const parsed = parseLogEvent(line);
    expect(parsed.fields).toEqual({ ...extra, message });
    expect(parsed.runtimeLevel).toBe(level);
    expect(parsed.runtimeTimestamp).toBe(timestamp);
  });

  it.each(['Note: the cache is cold', 'no error found', 'Reason: unknown'])('takes prose for prose: %s', (line) => {
    expect(parseLogEvent(line)).toEqual({ format: 'text', fields: { message: line } });
  });

  it.each([
    'TypeError: Cannot read properties of undefined\n    at f (/var/task/index.js:1:2)',
    'java.lang.IllegalStateException: boom\n\tat com.x.Y.z(Y.java:1)',
    'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad',
  ])('takes an error opening a line as an ERROR: %s', (line) => {
    expect(parseLogEvent(line)).toEqual({ format: 'text', fields: { message: line }, runtimeLevel: 'ERROR' });
  });
});

describe('parseLogEvent: CloudTrail', () => {
  it('names what happened as the message; eventTime stays a field for normalise', () => {
    const record = {
      eventVersion: '1.08',
      eventTime: '2026-01-15T10:30:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'eu-west-1',
    };
    expect(parseLogEvent(JSON.stringify(record))).toEqual({
      format: 'cloudtrail',
      fields: { ...record, message: 'GetObject (s3.amazonaws.com)' },
    });
  });
});

describe('parseLogEvent: lossless and lenient JSON', () => {
  it('keeps integers beyond 2^53 as their exact digits, and every other number as a number', () => {
    const line =
      '{"message":"x","id":12345678901234567890,"neg":-9007199254740993,"safe":9007199254740991,"small":42,"float":1.5e300,"nested":{"ids":[18446744073709551615,7]}}';
    expect(parseLogEvent(line).fields).toEqual({
      message: 'x',
      id: '12345678901234567890',
      neg: '-9007199254740993',
      safe: 9007199254740991,
      small: 42,
      float: 1.5e300,
      nested: { ids: ['18446744073709551615', 7] },
    });
  });

  it('keeps any 64-bit id exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (id) => {
        const { fields } = parseLogEvent(`{"message":"digits 1234567890123456 in a string","id":${id}}`);
        expect(String(fields.id)).toBe(id.toString());
        expect(fields.message).toBe('digits 1234567890123456 in a string');
      }),
    );
  });

  it("reads Python's NaN, Infinity and -Infinity as those words, leaving strings alone", () => {
    const line = '{"message":"NaN and Infinity in text","score":NaN,"max":Infinity,"min":-Infinity,"list":[NaN]}';
    expect(parseLogEvent(line)).toEqual({
      format: 'json',
      fields: { message: 'NaN and Infinity in text', score: 'NaN', max: 'Infinity', min: '-Infinity', list: ['NaN'] },
    });
  });

  it('reads a line that starts with a byte-order mark as JSON', () => {
    expect(parseLogEvent('\uFEFF{"level":"warn","message":"x"}')).toEqual({
      format: 'json',
      fields: { level: 'warn', message: 'x' },
    });
  });

  it('keeps a field nested 10,000 deep as its JSON text, and its shallow neighbours as they are', () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const { fields } = parseLogEvent(`{"message":${deep},"level":"error","shallow":{"b":[1,2]}}`);
    expect(fields).toEqual({ message: deep, level: 'error', shallow: { b: [1, 2] } });
  });

  it('keeps a field nested up to the limit as an object', () => {
    const nested = `${'{"a":'.repeat(MAX_JSON_DEPTH - 1)}1${'}'.repeat(MAX_JSON_DEPTH - 1)}`;
    expect(typeof parseLogEvent(`{"message":"x","data":${nested}}`).fields.data).toBe('object');
  });

  it('still keeps malformed JSON whole, as text', () => {
    const line = '{"message":"x","id":12345678901234567890,';
    expect(parseLogEvent(line)).toEqual({ format: 'text', fields: { message: line } });
  });
});

describe('parseLogEvent: other Lambda runtimes', () => {
  it("reads the .NET runtime's short lower-case level column", () => {
    const parsed = parseLogEvent(`2026-01-15T10:30:00.123Z\t${REQUEST_ID}\tfail\tPayment failed`);
    expect(parsed).toMatchObject({ runtimeLevel: 'fail', fields: { message: 'Payment failed' } });
    expect(parsed.lambda).toEqual({ request_id: REQUEST_ID });
  });

  it("reads aws-lambda-java-log4j2's pattern: time, request id, level, logger", () => {
    const parsed = parseLogEvent(`2026-01-15 10:30:00 ${REQUEST_ID} WARN  StoryHandler - slow upstream`);
    expect(parsed).toEqual({
      format: 'text',
      fields: { message: 'StoryHandler - slow upstream' },
      runtimeLevel: 'WARN',
      runtimeTimestamp: '2026-01-15 10:30:00',
      lambda: { request_id: REQUEST_ID },
    });
  });

  it("reads the Python runtime's unhandled error line", () => {
    const line =
      "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'x'\nTraceback (most recent call last):";
    expect(parseLogEvent(line)).toMatchObject({
      runtimeLevel: 'ERROR',
      fields: { message: line.slice('[ERROR] '.length) },
    });
  });
});

describe('parseLogEvent: more Lambda shapes', () => {
  it("reads the Java runtime's AWSRequestId in its JSON log format", () => {
    const line = `{"timestamp":"2026-01-15T10:30:00.123Z","level":"WARN","message":"slow","AWSRequestId":"${REQUEST_ID}"}`;
    expect(parseLogEvent(line)).toEqual({
      format: 'lambda-json',
      fields: { message: 'slow' },
      runtimeLevel: 'WARN',
      runtimeTimestamp: '2026-01-15T10:30:00.123Z',
      lambda: { request_id: REQUEST_ID },
    });
  });

  it('reads `<time> <request id> {json}` of older runtimes as the app JSON, with its time and request id', () => {
    const parsed = parseLogEvent(`2018-08-22T11:05:02.637Z ${REQUEST_ID} {"level":"INFO","message":"hi","user":"j"}`);
    expect(parsed).toEqual({
      format: 'text',
      fields: { level: 'INFO', message: 'hi', user: 'j' },
      runtimeTimestamp: '2018-08-22T11:05:02.637Z',
      lambda: { request_id: REQUEST_ID },
    });
  });
});

describe('parseLogEvent: logfmt', () => {
  it('reads a logfmt line as its pairs, quoted values unquoted, a bare key as true', () => {
    expect(parseLogEvent('time=2026-01-15T10:30:00Z level=info msg="say \\"hi\\"" req_id=r-1 retry')).toEqual({
      format: 'logfmt',
      fields: { time: '2026-01-15T10:30:00Z', level: 'info', msg: 'say "hi"', req_id: 'r-1', retry: true },
    });
  });

  it.each(['user=bob logged in from the app', 'a=1 b=2', 'retries=3 "quoted text" level=warn'])(
    'leaves %s as text',
    (line) => {
      expect(parseLogEvent(line).format).toBe('text');
    },
  );

  it('renames a prototype-polluting key', () => {
    expect(parseLogEvent('msg=x __proto__=y').fields).toEqual({ msg: 'x', 'unsafe:__proto__': 'y' });
  });
});

describe("parseLogEvent: Docker's json-file envelope", () => {
  it("parses the inner line, with the envelope's time and stream", () => {
    const line = JSON.stringify({
      log: '{"level":"warn","msg":"slow"}\n',
      stream: 'stderr',
      time: '2026-01-15T10:30:00.123456789Z',
    });
    expect(parseLogEvent(line)).toEqual({
      format: 'json',
      fields: { level: 'warn', msg: 'slow', stream: 'stderr' },
      runtimeTimestamp: '2026-01-15T10:30:00.123456789Z',
    });
  });

  it('keeps the inner text line and its own time', () => {
    const line = JSON.stringify({ log: '2026-01-15 10:30:00,123 - app - ERROR - boom\n', stream: 'stdout', time: 'x' });
    expect(parseLogEvent(line)).toMatchObject({
      fields: { logger: 'app', message: 'boom', stream: 'stdout' },
      runtimeLevel: 'ERROR',
      runtimeTimestamp: '2026-01-15 10:30:00,123',
    });
  });
});
