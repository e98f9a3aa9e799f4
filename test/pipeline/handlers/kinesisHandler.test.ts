import { isBalanced } from '../../../shared/core/ledger.js';
import { createKinesisShipHandler, kinesisEventSchema } from '../../../shared/pipeline/handlers/index.js';
import { aControlMessageEvent, aLogEvent, aSubscriptionPayload, gzipBase64 } from '../../builders.js';
import {
  aCollectingSink,
  aDeadLetterSink,
  aKinesisEvent as aRawKinesisEvent,
  aSequenceNumber,
  context,
  parseLog,
  poisonAwareRedactor,
} from './builders.js';

/** A Kinesis event as the handler gets it: the raw shape, validated as createShipFunctionHandler does. */
function aKinesisEvent(payloads: string[]) {
  return kinesisEventSchema.parse(aRawKinesisEvent(payloads));
}

/** A payload of `n` JSON lines whose event ids start with `prefix`; `poison` of them are quarantined. */
function aPayload(prefix: string, n: number, poison = 0): string {
  return aSubscriptionPayload({
    logEvents: Array.from({ length: n }, (_, i) =>
      aLogEvent({
        id: `${prefix}-${i}`,
        message: JSON.stringify({ level: 'INFO', message: i < poison ? `POISON ${i}` : `event ${prefix}-${i}` }),
      }),
    ),
  });
}

function aHandler(refuse?: RegExp) {
  const sink = aCollectingSink();
  const deadLetters = aDeadLetterSink(refuse);
  const lines: string[] = [];
  const handler = createKinesisShipHandler({
    redactor: async () => poisonAwareRedactor,
    sink: () => sink,
    deadLetters,
    log: (line) => lines.push(line),
    now: () => new Date('2026-11-27T10:00:00Z'),
  });
  return { handler, sink, deadLetters, lines };
}

describe('the ship handler behind a Kinesis event source mapping', () => {
  it('delivers every event of every record and reports no batch item failure', async () => {
    const { handler, sink, lines } = aHandler();
    const response = await handler(aKinesisEvent([aPayload('a', 3), aPayload('b', 4)]), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sink.documents.map((d) => d.aws.event_id)).toEqual([
      ...['a-0', 'a-1', 'a-2'],
      ...['b-0', 'b-1', 'b-2', 'b-3'],
    ]);
    const { summary, metrics } = parseLog(lines);
    expect(summary).toMatchObject({ topology: 'kinesis', ledger: { records_in: 7, records_out: 7 } });
    expect(summary.kinesis).toEqual({ records: 2, processed: 2, batch_item_failures: 0 });
    expect(metrics).toMatchObject({ RecordsReceived: 7, RecordsDelivered: 7 });
  });

  it('dead-letters a record that is not a subscription payload, naming the record, and delivers the others', async () => {
    const { handler, sink, deadLetters, lines } = aHandler();
    const garbage = Buffer.from('not gzip at all').toString('base64');
    const response = await handler(aKinesisEvent([aPayload('a', 2), garbage, aPayload('c', 1)]), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(sink.documents).toHaveLength(3);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ kind: 'malformed', stage: 'decode', content: garbage });
    expect(deadLetters.letters[0]?.reason).toContain('not gzip');
    expect(deadLetters.letters[0]?.reason).toContain(aSequenceNumber(1));
    const { summary } = parseLog(lines);
    expect(summary.ledger).toMatchObject({ records_in: 4, records_out: 3, dead_lettered: 1, malformed: 1 });
    expect(isBalanced(summary.ledger)).toBe(true);
  });

  it('dead-letters a record with no data at all', async () => {
    const { handler, deadLetters } = aHandler();
    const event = aKinesisEvent([aPayload('a', 1)]);
    const [record] = event.Records;
    if (record) delete (record.kinesis as { data?: string }).data;
    expect(await handler(event, context)).toEqual({ batchItemFailures: [] });
    expect(deadLetters.letters[0]?.reason).toMatch(/data is not a string/);
  });

  it('quarantines a bad log event inside a record as one letter and delivers the rest of that record', async () => {
    const { handler, sink, deadLetters } = aHandler();
    await handler(aKinesisEvent([aPayload('a', 5, 1)]), context);
    expect(sink.documents.map((d) => d.aws.event_id)).toEqual(['a-1', 'a-2', 'a-3', 'a-4']);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ kind: 'quarantine', source: { event_id: 'a-0' } });
  });

  it('dead-letters a malformed log event inside a record as one letter and delivers its neighbours', async () => {
    const { handler, sink, deadLetters } = aHandler();
    const payload = aSubscriptionPayload({
      logEvents: [
        aLogEvent({ id: 'm-0', message: '{"level":"INFO","message":"before"}' }),
        { id: 'm-1', timestamp: 'not a number', message: 42 } as never,
        aLogEvent({ id: 'm-2', message: '{"level":"INFO","message":"after"}' }),
      ],
    });
    const response = await handler(aKinesisEvent([payload]), context);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sink.documents.map((d) => d.aws.event_id)).toEqual(['m-0', 'm-2']);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ kind: 'malformed' });
    expect(deadLetters.letters[0]?.reason).toContain('logEvents[1]');
  });

  it('counts a control message as filtered', async () => {
    const { handler, lines } = aHandler();
    await handler(aKinesisEvent([aControlMessageEvent().awslogs.data]), context);
    expect(parseLog(lines).summary.ledger).toMatchObject({ records_in: 1, filtered: 1, dead_lettered: 0 });
  });

  it('reports the record whose dead letter cannot be kept, and leaves the records after it for the retry', async () => {
    // The second record holds a poisoned event whose quarantine letter SQS refuses.
    const { handler, sink, lines } = aHandler(/planted secret/);
    const event = aKinesisEvent([aPayload('a', 2), aPayload('b', 3, 1), aPayload('c', 2)]);
    const response = await handler(event, context);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: aSequenceNumber(1) }] });
    // The first record is done; the third is untouched, so Lambda's retry from the failed record delivers it once.
    expect(sink.documents.map((d) => d.aws.event_id)).toEqual(['a-0', 'a-1', 'b-1', 'b-2']);
    const { summary, metrics } = parseLog(lines);
    expect(summary.level).toBe('WARN');
    expect(summary.kinesis).toMatchObject({ records: 3, processed: 1, batch_item_failures: 1 });
    // The alarm's metric, published with the ledger's (Embedded Metric Format).
    expect(metrics.KinesisBatchItemFailures).toBe(1);
    expect(metrics._aws.CloudWatchMetrics[0].Metrics).toContainEqual({
      Name: 'KinesisBatchItemFailures',
      Unit: 'Count',
    });
    expect(summary.kinesis.failure).toContain('SQS unavailable');
    expect(JSON.stringify(summary)).not.toContain('POISON');
  });

  it('throws when the redactor cannot be built, so the whole batch is retried', async () => {
    const handler = createKinesisShipHandler({
      redactor: async () => {
        throw new Error('SSM unavailable');
      },
      sink: () => aCollectingSink(),
      deadLetters: aDeadLetterSink(),
      log: () => {},
    });
    await expect(handler(aKinesisEvent([gzipBase64('{}')]), context)).rejects.toThrow('SSM unavailable');
  });
});
