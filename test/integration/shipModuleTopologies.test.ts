/**
 * functions/ship.ts itself (the bundle's entry, configured from the environment at import) answering each
 * topology's event against moto: a Kinesis batch delivers through Firehose to S3 and dead-letters a bad record in SQS,
 * a Firehose transformation answers with the documents. What resources/topologies.yml wires to the one function.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FirehoseTransformationResult, KinesisStreamBatchResponse } from 'aws-lambda';
import { createSqsClient } from '../../shared/core/awsClients.js';
import type { LogDocument } from '../../shared/core/types.js';
import { aLogEvent, aSubscriptionPayload, FIXED_TIME } from '../builders.js';
import {
  aFirehoseTransformationEvent,
  aKinesisEvent,
  aSequenceNumber,
  context,
  STREAM_ARN,
} from '../pipeline/handlers/builders.js';
import { createMotoFirehose, type MotoFirehose, motoClients } from '../sinks/motoFirehose.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';
import { receiveLetters } from './topologyHarness.js';

function aPayload(prefix: string, n: number): string {
  return aSubscriptionPayload({
    logEvents: Array.from({ length: n }, (_, i) =>
      aLogEvent({ id: `${prefix}-${i}`, timestamp: FIXED_TIME + i, message: `{"level":"INFO","message":"m ${i}"}` }),
    ),
  });
}

describe('functions/ship.ts in the kinesis and firehose topologies (moto)', () => {
  let moto: MotoFirehose;
  let sqs: SQSClient;
  let queueUrl: string;
  let handler: (event: unknown, context: unknown) => Promise<unknown>;
  const savedEnv = { ...process.env };
  const output: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    const endpoint = await requireMoto();
    const { region, credentials } = motoClientConfig(endpoint);
    sqs = createSqsClient({ endpoint, region, credentials });
    moto = await createMotoFirehose(endpoint);
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') }))).QueueUrl as string;
    const bucket = uniqueName('teddy-dead-letters');
    await motoClients(endpoint).s3.send(new CreateBucketCommand({ Bucket: bucket }));
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      FIREHOSE_STREAM_NAME: moto.streamName,
      DEAD_LETTER_QUEUE_URL: queueUrl,
      DEAD_LETTER_BUCKET: bucket,
      STAGE: 'test',
    });
    // The module reads its configuration at import (cold start), as Lambda loads it.
    handler = (await import('../../functions/ship.js')).handler as never;
    write = jest.spyOn(process.stdout, 'write').mockImplementation((line) => output.push(String(line)) > 0);
  });

  afterAll(async () => {
    await moto?.remove(); // moto allows 50 delivery streams per account and region
    write?.mockRestore();
    process.env = savedEnv;
  });

  it('consumes a Kinesis batch: events to S3 through Firehose, a bad record to the dead letter, no item failure', async () => {
    const garbage = Buffer.from('not a subscription payload').toString('base64');
    const response = (await handler(aKinesisEvent([aPayload('k', 3), garbage]), context)) as KinesisStreamBatchResponse;
    expect(response).toEqual({ batchItemFailures: [] });
    const delivered = await moto.readDelivered();
    expect(delivered.map((d) => d.aws.event_id).sort()).toEqual(['k-0', 'k-1', 'k-2']);
    const letters = await receiveLetters(sqs, queueUrl);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'malformed', content: garbage });
    expect(letters[0]?.reason).toContain(`kinesis ${STREAM_ARN} ${aSequenceNumber(1)}`);
    expect(output.some((line) => line.includes('"topology":"kinesis"'))).toBe(true);
  });

  it('answers a Firehose transformation with the documents of each record, and delivers nothing itself', async () => {
    const before = (await moto.readDelivered()).length;
    const response = (await handler(
      aFirehoseTransformationEvent([aPayload('f', 2)]),
      context,
    )) as FirehoseTransformationResult;
    expect(response.records.map((r) => r.result)).toEqual(['Ok']);
    const documents = Buffer.from(response.records[0]?.data ?? '', 'base64')
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogDocument);
    expect(documents.map((d) => d.aws.event_id)).toEqual(['f-0', 'f-1']);
    expect(await moto.readDelivered()).toHaveLength(before);
    expect(output.some((line) => line.includes('"topology":"firehose"'))).toBe(true);
  });
});
