import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DecodeError } from '../../../shared/core/errors.js';
import {
  decodeSubscriptionData,
  decodeSubscriptionEvent,
  MAX_INFLATED_BYTES,
} from '../../../shared/pipeline/decode/index.js';
import { normaliseRecord } from '../../../shared/pipeline/normalise/index.js';
import { parseLogEvent } from '../../../shared/pipeline/parse/index.js';
import {
  aControlMessageEvent,
  aLogEvent,
  aSubscriptionEvent,
  aSubscriptionPayload,
  aSubscriptionPayloadJson,
  FIXED_TIME,
  gzipBase64,
  REAL_LINES,
} from '../../builders.js';

function expectFailure(result: ReturnType<typeof decodeSubscriptionEvent>) {
  if (result.ok) throw new Error(`expected a decode failure, got ${JSON.stringify(result)}`);
  expect(result.error).toBeInstanceOf(DecodeError);
  expect(result.error.stage).toBe('decode');
  return result;
}

describe('decodeSubscriptionEvent', () => {
  it('yields the log events and their source from a DATA_MESSAGE', () => {
    const events = [
      aLogEvent({ id: '1', message: REAL_LINES.start }),
      aLogEvent({ id: '2', message: REAL_LINES.report }),
    ];
    const result = decodeSubscriptionEvent(
      aSubscriptionEvent({
        logGroup: '/aws/lambda/story-service',
        logStream: 'st',
        owner: '111122223333',
        logEvents: events,
      }),
    );
    expect(result).toEqual({
      ok: true,
      control: false,
      batch: { source: { logGroup: '/aws/lambda/story-service', logStream: 'st', owner: '111122223333' }, events },
    });
  });

  it('marks a CONTROL_MESSAGE as control, so the pipeline counts it as filtered', () => {
    const result = decodeSubscriptionEvent(aControlMessageEvent());
    expect(result).toMatchObject({ ok: true, control: true });
  });

  it('stamps the region when the caller knows it', () => {
    const result = decodeSubscriptionEvent(aSubscriptionEvent(), { region: 'eu-west-1' });
    expect(result.ok && result.batch.source.region).toBe('eu-west-1');
  });

  it('accepts integer event ids (as moto sends them) and keeps them as strings', () => {
    const payload = { ...aSubscriptionPayloadJson(), logEvents: [{ id: 7, timestamp: FIXED_TIME, message: 'x' }] };
    const result = decodeSubscriptionData(gzipBase64(JSON.stringify(payload)));
    expect(result.ok && result.batch.events[0]?.id).toBe('7');
  });

  it('says the event is not a subscription event, naming the missing field, and keeps the whole input', () => {
    const event = { Records: [{ kinesis: { data: 'abc' } }] };
    const result = expectFailure(decodeSubscriptionEvent(event));
    expect(result.error.message).toMatch(/not a CloudWatch Logs subscription event: awslogs: /);
    expect(result.raw).toBe(JSON.stringify(event));
  });

  it('keeps the whole event, not only its data, when the data is bad', () => {
    const event = { awslogs: { data: 'not base64!' } };
    const result = expectFailure(decodeSubscriptionEvent(event));
    expect(result.raw).toBe(JSON.stringify(event));
  });

  it('fails for inputs that are not objects at all', () => {
    for (const input of [null, undefined, 42, 'text', [1, 2]]) expectFailure(decodeSubscriptionEvent(input));
  });

  it('keeps a description of an input that cannot be serialised', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const result = expectFailure(decodeSubscriptionEvent(circular));
    expect(result.raw).toBe('[object Object]');
  });
});

describe('decodeSubscriptionData', () => {
  it('decodes the bare base64 data string', () => {
    const result = decodeSubscriptionData(aSubscriptionPayload({ logEvents: [aLogEvent({ message: 'hello' })] }));
    expect(result.ok && result.batch.events.map((event) => event.message)).toEqual(['hello']);
  });

  it('tolerates surrounding whitespace, as a line read from a file has', () => {
    expect(decodeSubscriptionData(`  ${aSubscriptionPayload()}\n`).ok).toBe(true);
  });

  it.each([
    ['an empty string', '', /data is empty/],
    ['characters outside base64', 'H4sI@@@@', /not valid base64/],
    ['base64 of the wrong length', 'H4sIAAA', /not valid base64/],
    [
      'base64 that is not gzip',
      Buffer.from('{"messageType":"DATA_MESSAGE"}').toString('base64'),
      /not gzip \(starts with 0x7b22/,
    ],
    [
      'gzip cut short',
      gzipSync(JSON.stringify(aSubscriptionPayloadJson())).subarray(0, 20).toString('base64'),
      /gzip data is corrupt or truncated/,
    ],
    ['gzip of text that is not JSON', gzipBase64('START RequestId: abc'), /payload is not valid JSON/],
    ['JSON of the wrong type', gzipBase64('[1,2,3]'), /wrong shape: \(root\)/],
  ])('says what was wrong with %s', (_what, data, reason) => {
    const result = expectFailure(decodeSubscriptionData(data));
    expect(result.error.message).toMatch(reason);
    expect(result.raw).toBe(data);
  });

  it('reports gzip whose checksum does not match as corrupt', () => {
    const gz = gzipSync(JSON.stringify(aSubscriptionPayloadJson()));
    gz[gz.length - 8] ^= 0xff; // CRC32 trailer
    expect(expectFailure(decodeSubscriptionData(gz.toString('base64'))).error.message).toMatch(/corrupt/);
  });

  it('names the field that has the wrong shape', () => {
    const payload = {
      ...aSubscriptionPayloadJson(),
      logEvents: [aLogEvent(), { ...aLogEvent(), timestamp: 'yesterday' }],
    };
    const result = expectFailure(decodeSubscriptionData(gzipBase64(JSON.stringify(payload))));
    expect(result.error.message).toMatch(/logEvents\[1\]\.timestamp: .*expected number/);
  });

  it('names an unknown message type', () => {
    const payload = { ...aSubscriptionPayloadJson(), messageType: 'HEARTBEAT' };
    const result = expectFailure(decodeSubscriptionData(gzipBase64(JSON.stringify(payload))));
    expect(result.error.message).toMatch(/messageType: /);
  });

  it('stops inflating a zip bomb at the cap instead of inflating it whole', () => {
    // 64 MiB of zeros compresses to ~64 KiB; the default cap is 10 MiB.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const result = expectFailure(decodeSubscriptionData(bomb.toString('base64')));
    expect(result.error.message).toBe(
      `inflated payload exceeds the cap of ${MAX_INFLATED_BYTES} bytes (possible zip bomb)`,
    );
  });

  it('honours a smaller cap from the caller', () => {
    const data = aSubscriptionPayload({ logEvents: [aLogEvent({ message: 'x'.repeat(5000) })] });
    expect(expectFailure(decodeSubscriptionData(data, { maxInflatedBytes: 1024 })).error.message).toMatch(
      /cap of 1024/,
    );
  });

  it('cuts an enormous raw input with a marker saying how much was left out', () => {
    const result = expectFailure(decodeSubscriptionData('!'.repeat(2000), { maxRawChars: 100 }));
    expect(result.raw).toBe(`${'!'.repeat(100)}…[truncated: 1900 of 2000 chars left out]`);
  });
});

describe('decode properties', () => {
  const outcomeIsOneOfTwo = (result: ReturnType<typeof decodeSubscriptionEvent>) =>
    result.ok
      ? Array.isArray(result.batch.events)
      : result.error instanceof DecodeError && typeof result.raw === 'string';

  it('never throws on arbitrary values, and yields exactly one outcome', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expect(outcomeIsOneOfTwo(decodeSubscriptionEvent(input))).toBe(true);
        expect(outcomeIsOneOfTwo(decodeSubscriptionEvent({ awslogs: { data: input } }))).toBe(true);
      }),
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (data) => expect(outcomeIsOneOfTwo(decodeSubscriptionData(data))).toBe(true)));
  });

  it('rejects random bytes, base64-encoded, gzipped or not, with one ok:false', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.boolean(), (bytes, gzip) => {
        const data = (gzip ? gzipSync(bytes) : Buffer.from(bytes)).toString('base64');
        const result = decodeSubscriptionData(data);
        expect(result.ok).toBe(false);
        expect(outcomeIsOneOfTwo(result)).toBe(true);
      }),
    );
  });

  it('rejects random JSON values, gzipped, unless they have the payload shape', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decodeSubscriptionData(gzipBase64(JSON.stringify(value) ?? 'null'));
        expect(outcomeIsOneOfTwo(result)).toBe(true);
        expect(result.ok).toBe(false);
      }),
    );
  });

  it('round-trips any batch of events, and each event becomes exactly one document', () => {
    const anEvent = fc.record({
      id: fc.stringMatching(/^\d{1,56}$/),
      timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      message: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.constantFrom(...Object.values(REAL_LINES))),
    });
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 20 }), (logEvents) => {
        const result = decodeSubscriptionEvent(aSubscriptionEvent({ logEvents }));
        if (!result.ok) throw result.error;
        expect(result.batch.events).toEqual(logEvents);
        const { events, source } = result.batch;
        const documents = events.map((event) => normaliseRecord(parseLogEvent(event.message), event, source));
        expect(documents.map((document) => document.aws.event_id)).toEqual(logEvents.map((event) => event.id));
      }),
    );
  });
});
