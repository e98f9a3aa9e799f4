/**
 * Topology `firehose` end to end against moto: CloudWatch Logs groups subscribed to a Firehose stream (moto forwards
 * every PutLogEvents, and its S3 destination keeps each record as one object: what Firehose would hand to the
 * transformation) → the ship function invoked with Firehose's transformation event (recordId, data,
 * approximateArrivalTimestamp) → its per-record results carried out as Firehose does: `Ok` data delivered (PutRecordBatch
 * to a second moto stream whose S3 destination stands for the real one), `ProcessingFailed` records kept whole in the
 * error output, re-ingested records put back into the ingest stream (moto) and transformed again. A response budget far
 * below 6 MB makes re-ingestion and splitting happen. Every event CloudWatch Logs put is delivered exactly once or in
 * the dead letter with its reason.
 */
import { DescribeDeliveryStreamCommand, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FirehoseTransformationEvent } from 'aws-lambda';
import { createSqsClient } from '../../shared/core/awsClients.js';
import { isBalanced } from '../../shared/core/ledger.js';
import { createShipFunctionHandler, type FirehoseTransformResponse } from '../../shared/pipeline/handlers/index.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact/index.js';
import { createSqsDeadLetterSink } from '../../shared/sinks/deadLetterQueue.js';
import { createFirehoseReingest } from '../../shared/sinks/firehoseReingest.js';
import { createMotoFirehose, type MotoFirehose, motoClients } from '../sinks/motoFirehose.js';
import { startFaultProxy } from '../support/faultProxy.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';
import {
  aContext,
  eventKey,
  eventKeysInPayload,
  PLANTED,
  readLedgers,
  receiveLetters,
  subscribeGroups,
} from './topologyHarness.js';

const POISON = Buffer.from('poisoned record: PutRecord-ed straight into the ingest stream');
/** Records per transformation invocation (Firehose buffers by size and time; small here to make several). */
const RECORDS_PER_INVOCATION = 4;
/** Far below the real 6,000,000 bytes, so that re-ingestion and splitting happen with a few hundred events. */
const RESPONSE_BUDGET_BYTES = 60_000;

/** Objects of a bucket not seen before, oldest first: each is one record the ingest stream received. */
async function readNewRecords(s3: S3Client, bucket: string, seen: Set<string>): Promise<Buffer[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const fresh = (page.Contents ?? [])
    .filter((object) => !seen.has(object.Key as string))
    .sort((a, b) => (a.LastModified?.getTime() ?? 0) - (b.LastModified?.getTime() ?? 0));
  const records: Buffer[] = [];
  for (const object of fresh) {
    seen.add(object.Key as string);
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
    records.push(Buffer.from((await body.Body?.transformToByteArray()) ?? []));
  }
  return records;
}

/** One transformation invocation as Firehose makes it: `batch` are raw records (what CloudWatch Logs put). */
function aTransformationEvent(
  batch: Buffer[],
  deliveryStreamArn: string,
  idPrefix: string,
): FirehoseTransformationEvent {
  return {
    invocationId: uniqueName('invocation'),
    deliveryStreamArn,
    region: 'us-east-1',
    records: batch.map((data, i) => ({
      recordId: `${idPrefix}-${i}`,
      approximateArrivalTimestamp: Date.now(),
      data: data.toString('base64'),
    })),
  };
}

/**
 * Firehose's side of a transformation: read what the ingest stream received (new objects of its bucket), invoke the
 * function RECORDS_PER_INVOCATION records at a time, deliver the `Ok` data to `destination`, keep `ProcessingFailed`
 * records whole (the error output), and go round again for what was re-ingested, until nothing new arrives.
 */
async function actAsFirehose(
  s3: S3Client,
  ingestBucket: string,
  ingestArn: string,
  destination: MotoFirehose,
  hooks: {
    invoke: (event: FirehoseTransformationEvent) => Promise<FirehoseTransformResponse>;
    onFirstRound: (data: Buffer) => void;
  },
) {
  const seen = new Set<string>();
  const results: string[] = [];
  const errorOutput: Buffer[] = [];
  for (let round = 0; round < 20; round += 1) {
    const records = await readNewRecords(s3, ingestBucket, seen);
    if (records.length === 0) break;
    if (round === 0) for (const data of records) hooks.onFirstRound(data);
    for (let start = 0; start < records.length; start += RECORDS_PER_INVOCATION) {
      const batch = records.slice(start, start + RECORDS_PER_INVOCATION);
      const event = aTransformationEvent(batch, ingestArn, `${round}-${start}`);
      const response = await hooks.invoke(event);
      expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
      expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(RESPONSE_BUDGET_BYTES);
      results.push(...response.records.map((r) => r.result));
      const ok = response.records
        .filter((r) => r.result === 'Ok')
        .map((r) => ({ Data: Buffer.from(r.data, 'base64') }));
      if (ok.length > 0) {
        await destination.firehose.send(
          new PutRecordBatchCommand({ DeliveryStreamName: destination.streamName, Records: ok }),
        );
      }
      response.records.forEach((r, i) => {
        if (r.result === 'ProcessingFailed') errorOutput.push(batch[i] as Buffer);
      });
    }
  }
  return { results, errorOutput };
}

describe('topology firehose: CloudWatch Logs → Firehose (moto) → ship as transformation → S3', () => {
  let endpoint: string;
  let sqs: SQSClient;

  beforeAll(async () => {
    endpoint = await requireMoto();
    const { region, credentials } = motoClientConfig(endpoint);
    sqs = createSqsClient({ endpoint, region, credentials });
  });

  it('answers per record so that every event is delivered once or dead-lettered with its reason', async () => {
    const ingest: MotoFirehose = await createMotoFirehose(endpoint);
    const destination: MotoFirehose = await createMotoFirehose(endpoint);
    const { s3 } = motoClients(endpoint);
    const ingestArn = (
      await ingest.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: ingest.streamName }))
    ).DeliveryStreamDescription?.DeliveryStreamARN as string;
    const subscribed = await subscribeGroups(endpoint, ingestArn, 2);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') })))
      .QueueUrl as string;
    const bucket = uniqueName('teddy-dead-letters');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    let put = await subscribed.putLines(3, 30);
    await ingest.firehose.send(
      new PutRecordBatchCommand({ DeliveryStreamName: ingest.streamName, Records: [{ Data: POISON }] }),
    );
    put += await subscribed.putLines(1, 220); // a record whose output alone exceeds the response: split, then split again

    // SQS refuses the poisoned record's dead letter once: that record is ProcessingFailed the first time round.
    const poisonBase64 = POISON.toString('base64');
    let sqsRefusals = 0;
    const proxy = await startFaultProxy(endpoint, (request) => {
      if (sqsRefusals > 0 || !request.body.includes(poisonBase64)) return undefined;
      sqsRefusals += 1;
      return { kind: 'respond', status: 500, body: '{"__type":"InternalFailure","message":"injected"}' };
    });
    const { region, credentials } = motoClientConfig(endpoint);
    const reingest = createFirehoseReingest({ client: ingest.firehose });
    const lines: string[] = [];
    const handler = createShipFunctionHandler({
      redactor: async () => createRedactor({ key: DEV_CHILD_ID_KEY }),
      sink: () => {
        throw new Error('a Firehose transformation answers with its documents; it has no sink');
      },
      deadLetters: createSqsDeadLetterSink({
        sqs: createSqsClient({ endpoint: proxy.url, region, credentials, maxAttempts: 1 }),
        queueUrl,
        s3,
        bucket,
        retry: { maxAttempts: 1 },
      }),
      // moto's S3 destination writes one object per PutRecordBatch; one call per payload keeps records apart.
      reingest: async (arn, payloads) => {
        const failed: Array<{ index: number; reason: string }> = [];
        for (const [index, payload] of payloads.entries()) {
          for (const f of await reingest(arn, [payload])) failed.push({ index, reason: f.reason });
        }
        return failed;
      },
      responseBudgetBytes: RESPONSE_BUDGET_BYTES,
      log: (line) => lines.push(line),
    });

    // Firehose's side: transform what arrived, deliver `Ok` data, keep `ProcessingFailed` records, until quiet.
    const inputKeys: string[] = [];
    let firehoseSide: Awaited<ReturnType<typeof actAsFirehose>>;
    try {
      firehoseSide = await actAsFirehose(s3, ingest.bucket, ingestArn, destination, {
        invoke: async (event) => (await handler(event, aContext())) as FirehoseTransformResponse,
        onFirstRound: (data) => {
          if (!data.equals(POISON)) inputKeys.push(...eventKeysInPayload(data));
        },
      });
    } finally {
      await proxy.close();
    }
    const { results, errorOutput } = firehoseSide;

    const delivered = await destination.readDelivered();
    const letters = await receiveLetters(sqs, queueUrl);
    const { total, summaries } = readLedgers(lines);

    // Each PutLogEvents became one record, and all of it was transformed.
    expect(inputKeys).toHaveLength(put);
    expect(results).toContain('Dropped'); // re-ingested records, at least
    // The poisoned record: ProcessingFailed while its dead letter could not be kept, so Firehose's error output holds
    // it whole; every other record is accounted for here.
    expect(errorOutput).toEqual([POISON]);
    expect(letters.filter((l) => l.kind === 'malformed')).toEqual([]);

    const deliveredKeys = delivered.map((d) => eventKey(d.aws.log_group, d.aws.event_id));
    const letterKeys = letters.flatMap((l) =>
      l.source?.event_id ? [eventKey(l.source.logGroup, l.source.event_id)] : [],
    );
    expect(new Set(deliveredKeys).size).toBe(deliveredKeys.length);
    expect([...deliveredKeys, ...letterKeys].sort()).toEqual([...inputKeys].sort());
    for (const letter of letters) expect(letter.reason).toMatch(/\S/);

    const firehoseSummaries = summaries.map((s) => s.firehose as Record<string, number>);
    expect(firehoseSummaries.reduce((n, s) => n + s.reingested_payloads, 0)).toBeGreaterThan(
      firehoseSummaries.reduce((n, s) => n + s.reingested_records, 0),
    ); // some record was split
    expect(summaries.every((s) => isBalanced(s.ledger as never))).toBe(true);
    expect(total.records_out).toBe(delivered.length);
    expect(total.records_in).toBe(put);
    const text = JSON.stringify(delivered);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    // moto allows 50 delivery streams per account and region
    await Promise.all([ingest.remove(), destination.remove()]);
  });

  it('replays the error output: the poisoned record, given again, is one malformed dead letter with its reason', async () => {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') })))
      .QueueUrl as string;
    const bucket = uniqueName('teddy-dead-letters');
    const { s3 } = motoClients(endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const handler = createShipFunctionHandler({
      redactor: async () => createRedactor({ key: DEV_CHILD_ID_KEY }),
      sink: () => {
        throw new Error('no sink');
      },
      deadLetters: createSqsDeadLetterSink({ sqs, queueUrl, s3, bucket }),
      reingest: async () => [],
      log: () => {},
    });
    const arn = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/teddy-logs-test-ingest';
    const response = (await handler(
      {
        invocationId: 'replay',
        deliveryStreamArn: arn,
        region: 'us-east-1',
        records: [{ recordId: 'r1', approximateArrivalTimestamp: Date.now(), data: POISON.toString('base64') }],
      },
      aContext(),
    )) as FirehoseTransformResponse;
    expect(response.records).toEqual([{ recordId: 'r1', result: 'Dropped', data: '' }]);
    const letters = await receiveLetters(sqs, queueUrl);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'malformed', content: POISON.toString('base64') });
    expect(letters[0]?.reason).toContain(`firehose ${arn} r1`);
  });
});
