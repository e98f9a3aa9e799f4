import { gunzipSync } from 'node:zlib';
import type { FirehoseTransformationResult } from 'aws-lambda';
import { isBalanced } from '../../../shared/core/ledger.js';
import type { LogDocument } from '../../../shared/core/types.js';
import {
  createFirehoseTransformHandler,
  FIREHOSE_RESPONSE_BUDGET_BYTES,
  type Reingest,
} from '../../../shared/pipeline/handlers/index.js';
import { aControlMessageEvent, aLogEvent, aSubscriptionPayload } from '../../builders.js';
import {
  aDeadLetterSink,
  aFirehoseTransformationEvent,
  aRecordId,
  context,
  DELIVERY_STREAM_ARN,
  parseLog,
  poisonAwareRedactor,
} from './builders.js';

/** Lambda's synchronous response quota: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
const LAMBDA_SYNC_RESPONSE_BYTES = 6 * 1024 * 1024;

function aPayload(prefix: string, n: number, options: { poison?: number; padding?: number } = {}): string {
  const padding = 'x'.repeat(options.padding ?? 0);
  return aSubscriptionPayload({
    logEvents: Array.from({ length: n }, (_, i) =>
      aLogEvent({
        id: `${prefix}-${i}`,
        message: JSON.stringify({
          level: 'INFO',
          message: i < (options.poison ?? 0) ? `POISON ${i}` : `event ${prefix}-${i}`,
          metadata: { padding: `${padding}${prefix}${i}` },
        }),
      }),
    ),
  });
}

function aHandler(options: { refuse?: RegExp; budget?: number; reingest?: Reingest } = {}) {
  const deadLetters = aDeadLetterSink(options.refuse);
  const lines: string[] = [];
  const reingested: Uint8Array[] = [];
  const handler = createFirehoseTransformHandler({
    redactor: async () => poisonAwareRedactor,
    deadLetters,
    log: (line) => lines.push(line),
    now: () => new Date('2026-11-27T10:00:00Z'),
    responseBudgetBytes: options.budget,
    reingest:
      options.reingest ??
      (async (arn, payloads) => {
        expect(arn).toBe(DELIVERY_STREAM_ARN);
        reingested.push(...payloads);
        return [];
      }),
  });
  return { handler, deadLetters, lines, reingested };
}

function documentsOf(record: FirehoseTransformationResult['records'][number]): LogDocument[] {
  const text = Buffer.from(record.data ?? '', 'base64').toString('utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogDocument);
}

function eventIdsIn(payload: Uint8Array): string[] {
  return (JSON.parse(gunzipSync(payload).toString('utf8')) as { logEvents: Array<{ id: string }> }).logEvents.map(
    (e) => e.id,
  );
}

describe('the ship handler as a Firehose data-transformation Lambda', () => {
  it('answers every record with its recordId, in order, Ok with one JSON line per document', async () => {
    const { handler, lines } = aHandler();
    const response: FirehoseTransformationResult = await handler(
      aFirehoseTransformationEvent([aPayload('a', 3), aPayload('b', 2)]),
      context,
    );
    expect(response.records.map((r) => [r.recordId, r.result])).toEqual([
      [aRecordId(0), 'Ok'],
      [aRecordId(1), 'Ok'],
    ]);
    expect(documentsOf(response.records[0] as never).map((d) => d.aws.event_id)).toEqual(['a-0', 'a-1', 'a-2']);
    expect(documentsOf(response.records[1] as never).map((d) => d.aws.region)).toEqual(['us-east-1', 'us-east-1']);
    const { summary } = parseLog(lines);
    expect(summary).toMatchObject({ topology: 'firehose', ledger: { records_in: 5, records_out: 5 } });
    expect(summary.firehose).toMatchObject({ records: 2, ok: 2, dropped: 0, processing_failed: 0 });
  });

  it('drops a control message, and dead-letters a record that cannot be decoded with its reason, then drops it', async () => {
    const { handler, deadLetters, lines } = aHandler();
    const garbage = Buffer.from('{"not":"gzip"}').toString('base64');
    const response = await handler(
      aFirehoseTransformationEvent([aControlMessageEvent().awslogs.data, garbage, aPayload('c', 1)]),
      context,
    );
    expect(response.records.map((r) => r.result)).toEqual(['Dropped', 'Dropped', 'Ok']);
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]).toMatchObject({ kind: 'malformed', content: garbage });
    expect(deadLetters.letters[0]?.reason).toContain(aRecordId(1));
    const { summary } = parseLog(lines);
    expect(summary.ledger).toMatchObject({ records_in: 3, records_out: 1, filtered: 1, dead_lettered: 1 });
    expect(isBalanced(summary.ledger)).toBe(true);
  });

  it('keeps quarantined events in the dead letter and delivers the rest of the record; all-bad records are dropped', async () => {
    const { handler, deadLetters } = aHandler();
    const response = await handler(
      aFirehoseTransformationEvent([aPayload('a', 3, { poison: 1 }), aPayload('b', 2, { poison: 2 })]),
      context,
    );
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Dropped']);
    expect(documentsOf(response.records[0] as never).map((d) => d.aws.event_id)).toEqual(['a-1', 'a-2']);
    expect(deadLetters.letters.map((l) => l.source?.event_id)).toEqual(['a-0', 'b-0', 'b-1']);
    expect(JSON.stringify(response)).not.toContain('POISON');
  });

  it('fails only the record whose dead letter cannot be kept, so Firehose keeps it in its error output', async () => {
    const { handler, deadLetters, lines } = aHandler({ refuse: /planted secret/ });
    const response = await handler(
      aFirehoseTransformationEvent([aPayload('a', 2), aPayload('b', 3, { poison: 1 })]),
      context,
    );
    expect(response.records.map((r) => [r.result, r.data === ''])).toEqual([
      ['Ok', false],
      ['ProcessingFailed', true],
    ]);
    expect(deadLetters.letters).toEqual([]);
    const { summary, metrics } = parseLog(lines);
    expect(summary.level).toBe('WARN');
    expect(summary.ledger).toMatchObject({ records_in: 2, records_out: 2 });
    expect(metrics).toMatchObject({ FirehoseRecordsFailed: 1, FirehoseRecordsReingested: 0 });
    expect(metrics._aws.CloudWatchMetrics[0].Metrics).toContainEqual({ Name: 'FirehoseRecordsFailed', Unit: 'Count' });
    expect(summary.firehose.first_failure).toContain('dead letters not kept');
  });

  it('re-ingests whole the records that would overflow the response, without dead-lettering them yet', async () => {
    const payloads = [0, 1, 2, 3].map((i) => aPayload(`r${i}`, 4, { poison: i === 3 ? 1 : 0, padding: 300 }));
    const full = await aHandler().handler(aFirehoseTransformationEvent(payloads), context);
    const sizes = full.records.map((r) => (r.data?.length ?? 0) + r.recordId.length + 64);
    // A budget with room for the first two records only.
    const { handler, reingested, deadLetters, lines } = aHandler({ budget: (sizes[0] ?? 0) + (sizes[1] ?? 0) + 200 });
    const response = await handler(aFirehoseTransformationEvent(payloads), context);
    expect(response.records.map((r) => r.result)).toEqual(['Ok', 'Ok', 'Dropped', 'Dropped']);
    expect(reingested.map((p) => Buffer.from(p).toString('base64'))).toEqual([payloads[2], payloads[3]]);
    expect(deadLetters.letters).toEqual([]); // the poisoned event of record 3 is dead-lettered when it comes back
    const { summary } = parseLog(lines);
    expect(summary.ledger).toMatchObject({ records_in: 8, records_out: 8 });
    expect(summary.firehose).toMatchObject({ ok: 2, dropped: 2, reingested_records: 2, reingested_payloads: 2 });

    // The second round: Firehose hands the re-ingested payloads back, and every event is delivered once in all.
    const again = await handler(
      aFirehoseTransformationEvent(reingested.map((p) => Buffer.from(p).toString('base64'))),
      context,
    );
    const ids = [...response.records, ...again.records]
      .filter((r) => r.result === 'Ok')
      .flatMap((r) => documentsOf(r as never).map((d) => d.aws.event_id));
    expect([...ids, ...deadLetters.letters.map((l) => l.source?.event_id)].sort()).toEqual(
      [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => `r${i}-${j}`)).sort(),
    );
  });

  it('splits a record whose output alone exceeds the response into halves of its events', async () => {
    const payload = aPayload('big', 9, { padding: 500 });
    const { handler, reingested } = aHandler({ budget: 2_000 });
    const response = await handler(aFirehoseTransformationEvent([payload]), context);
    expect(response.records[0]?.result).toBe('Dropped');
    expect(reingested).toHaveLength(2);
    expect(reingested.map(eventIdsIn)).toEqual([
      ['big-0', 'big-1', 'big-2', 'big-3', 'big-4'],
      ['big-5', 'big-6', 'big-7', 'big-8'],
    ]);
  });

  it('fails a record that cannot be re-ingested, so Firehose keeps it', async () => {
    const { handler, lines } = aHandler({
      budget: 500,
      reingest: async (_arn, payloads) =>
        payloads.map((_, index) => ({ index, reason: 'ServiceUnavailableException' })),
    });
    const response = await handler(aFirehoseTransformationEvent([aPayload('a', 2, { padding: 400 })]), context);
    expect(response.records[0]?.result).toBe('ProcessingFailed');
    expect(parseLog(lines).summary.firehose.first_failure).toContain('ServiceUnavailableException');
  });

  it('keeps a large invocation under Lambda’s 6 MB response quota', async () => {
    // 10 records of ~1 MB of output each: about 10 MB if all were answered.
    const payloads = Array.from({ length: 10 }, (_, i) => aPayload(`big${i}`, 1_000, { padding: 800 }));
    const { handler, reingested } = aHandler();
    const response = await handler(aFirehoseTransformationEvent(payloads), context);
    const bytes = Buffer.byteLength(JSON.stringify(response));
    expect(bytes).toBeLessThanOrEqual(FIREHOSE_RESPONSE_BUDGET_BYTES);
    expect(bytes).toBeLessThan(LAMBDA_SYNC_RESPONSE_BYTES);
    expect(reingested.length).toBeGreaterThan(0);
    expect(response.records.filter((r) => r.result === 'Ok').length + reingested.length).toBe(10);
  });
});
