/**
 * Topology `kinesis` end to end against moto: CloudWatch Logs groups subscribed to a Kinesis stream (moto forwards
 * every PutLogEvents) → the stream's records read with GetRecords and handed to the ship function in the event shape
 * a Kinesis event source mapping uses, checkpointing as Lambda does (on a batch item failure it resumes at the failed
 * sequence number) → Firehose PutRecordBatch → moto's S3. A record that is not a subscription payload is dead-lettered
 * with its reason; while SQS refuses that letter the record is a batch item failure, and the retry keeps it once.
 * Every event CloudWatch Logs put into the stream is in S3 exactly once or in the dead letter.
 */
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  type _Record as KinesisRecord,
  PutRecordCommand,
} from '@aws-sdk/client-kinesis';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import { createSqsClient } from '../../shared/core/awsClients.js';
import { isBalanced } from '../../shared/core/ledger.js';
import { createShipFunctionHandler, type KinesisBatchResponse } from '../../shared/pipeline/handlers/index.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact/index.js';
import { createSqsDeadLetterSink } from '../../shared/sinks/deadLetterQueue.js';
import { createFirehoseSink } from '../../shared/sinks/firehose.js';
import { createMotoFirehose, motoClients } from '../sinks/motoFirehose.js';
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

const POISON = Buffer.from('poisoned record: somebody PutRecord-ed this straight into the stream');
/** The event source mapping's BatchSize in this test (the stack's default is larger; small batches cross records). */
const BATCH_SIZE = 3;

/** A stream record as Lambda's Kinesis event source mapping hands it to the function. */
function toLambdaRecord(record: KinesisRecord, streamArn: string, shardId: string) {
  return {
    awsRegion: 'us-east-1',
    eventID: `${shardId}:${record.SequenceNumber}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: streamArn,
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/teddy-logs-test-ship',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey as string,
      sequenceNumber: record.SequenceNumber as string,
      data: Buffer.from(record.Data as Uint8Array).toString('base64'),
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? Date.now()) / 1000,
    },
  } satisfies KinesisStreamEvent['Records'][number];
}

interface StreamShard {
  streamName: string;
  streamArn: string;
  shardId: string;
}

async function iteratorAt(kinesis: KinesisClient, shard: StreamShard, sequence?: string) {
  const answer = await kinesis.send(
    new GetShardIteratorCommand({
      StreamName: shard.streamName,
      ShardId: shard.shardId,
      ShardIteratorType: sequence ? 'AT_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
      StartingSequenceNumber: sequence,
    }),
  );
  return answer.ShardIterator;
}

/**
 * What a Kinesis event source mapping does for one shard: GetRecords in batches of BATCH_SIZE, invoke, and on a batch
 * item failure resume at the failed sequence number (the checkpoint is before it). Returns every response and how
 * often each record was handed to the function.
 */
async function runEventSourceMapping(
  kinesis: KinesisClient,
  shard: StreamShard,
  hooks: {
    invoke: (event: KinesisStreamEvent) => Promise<KinesisBatchResponse>;
    onFirstRead: (data: Uint8Array) => void;
    onFailure: () => void;
  },
) {
  const responses: KinesisBatchResponse[] = [];
  const sent = new Map<string, number>();
  let iterator = await iteratorAt(kinesis, shard);
  for (let guard = 0; iterator && guard < 50; guard += 1) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: BATCH_SIZE }));
    const records = page.Records ?? [];
    if (records.length === 0) break;
    for (const record of records) {
      const sequence = record.SequenceNumber as string;
      sent.set(sequence, (sent.get(sequence) ?? 0) + 1);
      if (sent.get(sequence) === 1) hooks.onFirstRead(record.Data as Uint8Array);
    }
    const response = await hooks.invoke({
      Records: records.map((record) => toLambdaRecord(record, shard.streamArn, shard.shardId)),
    });
    responses.push(response);
    const failed = response.batchItemFailures[0]?.itemIdentifier;
    if (failed) hooks.onFailure();
    iterator = failed ? await iteratorAt(kinesis, shard, failed) : page.NextShardIterator;
  }
  return { responses, sent };
}

describe('topology kinesis: CloudWatch Logs → Kinesis (moto) → ship → Firehose → S3', () => {
  let endpoint: string;
  let kinesis: KinesisClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    endpoint = await requireMoto();
    // The Kinesis client defaults to HTTP/2 (for SubscribeToShard); moto speaks HTTP/1.1 only.
    kinesis = new KinesisClient({ ...motoClientConfig(endpoint), requestHandler: new NodeHttpHandler() });
    const { region, credentials } = motoClientConfig(endpoint);
    sqs = createSqsClient({ endpoint, region, credentials });
  });

  afterAll(() => {
    kinesis?.destroy();
  });

  it('delivers every event once or dead-letters it with its reason, and retries only from a failed record', async () => {
    const streamName = uniqueName('teddy-ship');
    await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
    const described = await kinesis.send(new DescribeStreamCommand({ StreamName: streamName }));
    const streamArn = described.StreamDescription?.StreamARN as string;
    const shardId = described.StreamDescription?.Shards?.[0]?.ShardId as string;
    const subscribed = await subscribeGroups(endpoint, streamArn, 2);
    const firehose = await createMotoFirehose(endpoint);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') })))
      .QueueUrl as string;
    const bucket = uniqueName('teddy-dead-letters');
    await motoClients(endpoint).s3.send(new CreateBucketCommand({ Bucket: bucket }));

    // Two groups, three PutLogEvents each, then the poisoned record, then one more round.
    let put = await subscribed.putLines(3, 40);
    await kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: 'x', Data: POISON }));
    put += await subscribed.putLines(1, 25);

    // SQS refuses the poisoned record's dead letter until the test heals it.
    const poisonBase64 = POISON.toString('base64');
    let sqsDown = true;
    const proxy = await startFaultProxy(endpoint, (request) =>
      sqsDown && request.body.includes(poisonBase64)
        ? { kind: 'respond', status: 500, body: '{"__type":"InternalFailure","message":"injected"}' }
        : undefined,
    );
    const { region, credentials } = motoClientConfig(endpoint);
    const lines: string[] = [];
    const handler = createShipFunctionHandler({
      redactor: async () => createRedactor({ key: DEV_CHILD_ID_KEY }),
      sink: (remainingTimeMs) =>
        createFirehoseSink({ client: firehose.firehose, deliveryStreamName: firehose.streamName, remainingTimeMs }),
      deadLetters: createSqsDeadLetterSink({
        sqs: createSqsClient({ endpoint: proxy.url, region, credentials, maxAttempts: 1 }),
        queueUrl,
        s3: motoClients(endpoint).s3,
        bucket,
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      }),
      reingest: async () => [],
      log: (line) => lines.push(line),
    });

    // The event source mapping: GetRecords in batches, resume at the failed sequence number after a failure.
    const inStream: string[] = [];
    let mapping: Awaited<ReturnType<typeof runEventSourceMapping>>;
    try {
      mapping = await runEventSourceMapping(
        kinesis,
        { streamName, streamArn, shardId },
        {
          invoke: async (event) => (await handler(event, aContext())) as KinesisBatchResponse,
          onFirstRead: (data) => {
            if (!Buffer.from(data).equals(POISON)) inStream.push(...eventKeysInPayload(data));
          },
          onFailure: () => {
            sqsDown = false; // the queue recovers before Lambda's retry
          },
        },
      );
    } finally {
      await proxy.close();
    }
    const { responses, sent } = mapping;

    const delivered = await firehose.readDelivered();
    const letters = await receiveLetters(sqs, queueUrl);
    const { total, summaries } = readLedgers(lines);

    // CloudWatch Logs put every event into the stream (one record per PutLogEvents), and moto kept them all.
    expect(inStream).toHaveLength(put);
    // One record failed once, as a batch item failure naming it; it alone was retried, with what followed it.
    const failures = responses.flatMap((r) => r.batchItemFailures);
    expect(failures).toHaveLength(1);
    const poisonSequence = failures[0]?.itemIdentifier as string;
    expect(sent.get(poisonSequence)).toBe(2);
    expect([...sent.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(BATCH_SIZE);

    // Every event once: in S3, or in the dead letter with its reason; nothing twice, nothing lost.
    const deliveredKeys = delivered.map((d) => eventKey(d.aws.log_group, d.aws.event_id));
    const letterKeys = letters.flatMap((l) =>
      l.source?.event_id ? [eventKey(l.source.logGroup, l.source.event_id)] : [],
    );
    expect(new Set(deliveredKeys).size).toBe(deliveredKeys.length);
    expect([...deliveredKeys, ...letterKeys].sort()).toEqual([...inStream].sort());
    // The poisoned record: one malformed dead letter that keeps it whole and says what and where it was.
    const malformed = letters.filter((l) => l.kind === 'malformed');
    expect(malformed).toHaveLength(1);
    expect(malformed[0]?.content).toBe(poisonBase64);
    expect(malformed[0]?.reason).toMatch(/not gzip/);
    expect(malformed[0]?.reason).toContain(`kinesis ${streamArn} ${poisonSequence}`);

    // The ledgers add up, invocation by invocation and in total; no planted secret reached S3.
    expect(summaries.every((s) => isBalanced(s.ledger as never))).toBe(true);
    expect(total.records_out).toBe(delivered.length);
    expect(total.records_in).toBe(put + 1);
    expect(total.dead_lettered).toBe(letters.length);
    const text = JSON.stringify(delivered);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    await firehose.remove(); // moto allows 50 delivery streams per account and region
  });
});
