/**
 * A Firehose delivery stream with an ExtendedS3 destination in moto, and a way to read back what it delivered.
 * moto writes each PutRecordBatch into its S3 at once (records concatenated), so a test can count every document.
 */
import {
  CreateDeliveryStreamCommand,
  DeleteDeliveryStreamCommand,
  type FirehoseClient,
} from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createFirehoseClient, createS3Client } from '../../shared/core/awsClients.js';
import type { LogDocument } from '../../shared/core/types.js';
import { motoClientConfig, uniqueName } from '../support/services.js';

export interface MotoFirehose {
  firehose: FirehoseClient;
  s3: S3Client;
  streamName: string;
  bucket: string;
  /** Every document the stream delivered to S3, in object order. */
  readDelivered(): Promise<LogDocument[]>;
  /** Deletes the stream: moto, like Firehose, allows 50 per account and region, and the test services are shared. */
  remove(): Promise<void>;
}

/** Clients against `endpoint` (moto directly, or a fault proxy in front of it) with moto's dummy credentials. */
export function motoClients(endpoint: string, options: { maxAttempts?: number; requestTimeoutMs?: number } = {}) {
  const { region, credentials } = motoClientConfig(endpoint);
  const common = { endpoint, region, credentials, ...options };
  return { firehose: createFirehoseClient(common), s3: createS3Client(common) };
}

export async function createMotoFirehose(motoEndpoint: string): Promise<MotoFirehose> {
  const { firehose, s3 } = motoClients(motoEndpoint);
  const bucket = uniqueName('teddy-firehose');
  const streamName = uniqueName('teddy-logs');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: streamName,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        RoleARN: 'arn:aws:iam::123456789012:role/firehose-delivery',
        BucketARN: `arn:aws:s3:::${bucket}`,
        Prefix: 'logs/',
        BufferingHints: { IntervalInSeconds: 60, SizeInMBs: 5 },
      },
    }),
  );
  return {
    firehose,
    s3,
    streamName,
    bucket,
    readDelivered: () => readNdjsonObjects(s3, bucket),
    remove: async () => {
      await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: streamName }));
    },
  };
}

/** Every NDJSON line of every object in a bucket, parsed. */
export async function readNdjsonObjects(s3: S3Client, bucket: string): Promise<LogDocument[]> {
  const documents: LogDocument[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
      const text = (await body.Body?.transformToString('utf8')) ?? '';
      for (const line of text.split('\n')) if (line) documents.push(JSON.parse(line) as LogDocument);
    }
    token = page.NextContinuationToken;
  } while (token);
  return documents;
}
