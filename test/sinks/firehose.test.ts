import { FirehoseClient, PutRecordBatchCommand, type PutRecordBatchCommandInput } from '@aws-sdk/client-firehose';
import { mockClient } from 'aws-sdk-client-mock';
import type { LogDocument } from '../../shared/core/types.js';
import { chunkRecords, createFirehoseSink } from '../../shared/sinks/firehose.js';
import {
  FIREHOSE_MAX_BATCH_BYTES,
  FIREHOSE_MAX_RECORD_BYTES,
  FIREHOSE_MAX_RECORDS_PER_BATCH,
} from '../../shared/sinks/limits.js';
import { aLogDocument } from '../builders.js';

const firehose = mockClient(FirehoseClient);
const noSleep = async () => {};

function someDocuments(count: number): LogDocument[] {
  return Array.from({ length: count }, (_, i) =>
    aLogDocument({ message: `event ${i}`, aws: { ...aLogDocument().aws, event_id: `event-${i}` } }),
  );
}

/** The documents a PutRecordBatch call carried, decoded from its records. */
function documentsIn(input: PutRecordBatchCommandInput): LogDocument[] {
  return (input.Records ?? []).map((record) => {
    const text = Buffer.from(record.Data as Uint8Array).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    return JSON.parse(text) as LogDocument;
  });
}

function callsOfPut() {
  return firehose.commandCalls(PutRecordBatchCommand).map((call) => call.args[0].input);
}

/** Answers like Firehose: every entry accepted except those `failIf` picks. */
function answerWith(failIf: (document: LogDocument, call: number) => string | undefined) {
  let call = 0;
  firehose.on(PutRecordBatchCommand).callsFake((input: PutRecordBatchCommandInput) => {
    call += 1;
    const responses = documentsIn(input).map((document) => {
      const code = failIf(document, call);
      return code ? { ErrorCode: code, ErrorMessage: `${code} for ${document.message}` } : { RecordId: `id-${call}` };
    });
    return {
      FailedPutCount: responses.filter((r) => 'ErrorCode' in r).length,
      Encrypted: false,
      RequestResponses: responses,
    };
  });
}

beforeEach(() => firehose.reset());

describe('createFirehoseSink', () => {
  const client = new FirehoseClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

  it('sends one NDJSON record per document to the named stream', async () => {
    answerWith(() => undefined);
    const documents = someDocuments(3);
    const sink = createFirehoseSink({ client, deliveryStreamName: 'teddy-logs', sleep: noSleep });

    const result = await sink.deliver(documents);

    expect(result).toEqual({ delivered: 3, failed: [] });
    const [call] = callsOfPut();
    expect(call?.DeliveryStreamName).toBe('teddy-logs');
    expect(documentsIn(call ?? ({} as PutRecordBatchCommandInput))).toEqual(documents);
  });

  it('splits the documents into calls of at most 500 records', async () => {
    answerWith(() => undefined);
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep });

    const result = await sink.deliver(someDocuments(1_201));

    expect(result.delivered).toBe(1_201);
    expect(callsOfPut().map((input) => input.Records?.length)).toEqual([500, 500, 201]);
  });

  it('resends only the entries that failed, until they are accepted', async () => {
    // Entries 1 and 3 fail twice with the per-entry error Firehose documents, then go through.
    answerWith((document, call) =>
      ['event 1', 'event 3'].includes(document.message) && call <= 2 ? 'ServiceUnavailableException' : undefined,
    );
    const sleeps: number[] = [];
    const sink = createFirehoseSink({
      client,
      deliveryStreamName: 's',
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      baseDelayMs: 100,
    });

    const result = await sink.deliver(someDocuments(5));

    expect(result).toEqual({ delivered: 5, failed: [] });
    expect(callsOfPut().map((input) => documentsIn(input).map((d) => d.message))).toEqual([
      ['event 0', 'event 1', 'event 2', 'event 3', 'event 4'],
      ['event 1', 'event 3'],
      ['event 1', 'event 3'],
    ]);
    // Full jitter: half (random 0.5) of 100 ms, then of 200 ms.
    expect(sleeps).toEqual([50, 100]);
  });

  it('returns what still fails after the last attempt, with the reason, and counts the rest as delivered', async () => {
    answerWith((document) => (document.message === 'event 2' ? 'InternalFailure' : undefined));
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep, maxAttempts: 4 });
    const documents = someDocuments(4);

    const result = await sink.deliver(documents);

    expect(result.delivered).toBe(3);
    expect(result.failed).toEqual([
      { document: documents[2], reason: 'InternalFailure: InternalFailure for event 2 (gave up after 4 attempt(s))' },
    ]);
    expect(callsOfPut()).toHaveLength(4);
  });

  it('retries a call that throws because of throttling, then delivers everything', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    firehose
      .on(PutRecordBatchCommand)
      .rejectsOnce(throttled)
      .resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'a' }, { RecordId: 'b' }] });
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep });

    expect(await sink.deliver(someDocuments(2))).toEqual({ delivered: 2, failed: [] });
    expect(callsOfPut()).toHaveLength(2);
  });

  it('does not retry an error that cannot heal, such as a missing stream', async () => {
    const missing = Object.assign(new Error('Firehose s not found'), {
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    firehose.on(PutRecordBatchCommand).rejects(missing);
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep });
    const documents = someDocuments(2);

    const result = await sink.deliver(documents);

    expect(callsOfPut()).toHaveLength(1);
    expect(result.delivered).toBe(0);
    expect(result.failed.map((f) => f.document)).toEqual(documents);
    expect(result.failed[0]?.reason).toBe(
      'PutRecordBatch failed: ResourceNotFoundException: Firehose s not found (HTTP 400)',
    );
  });

  it('stops retrying when the next wait would reach into the safety margin of the invocation', async () => {
    answerWith(() => 'ServiceUnavailableException');
    let remaining = 11_000;
    const sink = createFirehoseSink({
      client,
      deliveryStreamName: 's',
      remainingTimeMs: () => remaining,
      safetyMarginMs: 5_000,
      random: () => 0.999,
      baseDelayMs: 1_000,
      maxDelayMs: 10_000,
      maxAttempts: 100,
      sleep: async (ms) => {
        remaining -= ms;
      },
    });

    const result = await sink.deliver(someDocuments(1));

    // Waits of ~1 s and ~2 s leave more than the 5 s margin of 11 s; the ~4 s one would not.
    expect(callsOfPut()).toHaveLength(3);
    expect(result.failed[0]?.reason).toMatch(/gave up after 3 attempt\(s\): the invocation's time budget is spent/);
  });

  it('counts an entry the answer says nothing about as failed, never as delivered', async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: 'only-one' }] });
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep, maxAttempts: 1 });
    const documents = someDocuments(2);

    const result = await sink.deliver(documents);

    expect(result.delivered).toBe(1);
    expect(result.failed).toEqual([
      { document: documents[1], reason: expect.stringContaining('no result for this record') },
    ]);
  });

  it('truncates a document larger than one record instead of dropping it', async () => {
    answerWith(() => undefined);
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep });
    const huge = aLogDocument({ message: 'a'.repeat(FIREHOSE_MAX_RECORD_BYTES + 10) });

    expect(await sink.deliver([huge])).toEqual({ delivered: 1, failed: [] });

    const record = callsOfPut()[0]?.Records?.[0]?.Data as Uint8Array;
    expect(record.byteLength).toBeLessThanOrEqual(FIREHOSE_MAX_RECORD_BYTES);
    const sent = JSON.parse(Buffer.from(record).toString('utf8')) as LogDocument;
    expect(sent).toMatchObject({ truncated: true, original_size: Buffer.byteLength(JSON.stringify(huge)) });
  });

  it('keeps every call within 4 MiB even when the records are large', async () => {
    answerWith(() => undefined);
    const sink = createFirehoseSink({ client, deliveryStreamName: 's', sleep: noSleep });
    const documents = someDocuments(12).map((d) => ({ ...d, message: 'b'.repeat(900 * 1024) }));

    expect((await sink.deliver(documents)).delivered).toBe(12);

    for (const input of callsOfPut()) {
      const bytes = (input.Records ?? []).reduce((sum, r) => sum + (r.Data as Uint8Array).byteLength, 0);
      expect(bytes).toBeLessThanOrEqual(FIREHOSE_MAX_BATCH_BYTES);
    }
    expect(callsOfPut().length).toBeGreaterThanOrEqual(3);
  });
});

describe('chunkRecords', () => {
  const record = (bytes: number) => ({ data: new Uint8Array(bytes) });

  it('closes a chunk at the record limit or before the byte limit, and never leaves one empty', () => {
    const limits = { maxRecordsPerBatch: 3, maxBatchBytes: 100 };
    const chunks = chunkRecords(
      [record(10), record(10), record(10), record(10), record(60), record(50), record(200)],
      limits,
    );
    expect(chunks.map((c) => c.map((r) => r.data.byteLength))).toEqual([[10, 10, 10], [10, 60], [50], [200]]);
  });

  it('uses the service limits by default', () => {
    expect([FIREHOSE_MAX_RECORDS_PER_BATCH, FIREHOSE_MAX_BATCH_BYTES, FIREHOSE_MAX_RECORD_BYTES]).toEqual([
      500, 4_194_304, 1_024_000,
    ]);
  });
});
