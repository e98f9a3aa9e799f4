import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient } from '../../shared/core/awsClients.js';
import type { DeadLetter } from '../../shared/core/types.js';
import { createSqsDeadLetterSink, type DeadLetterPointer, toSqsSafeJson } from '../../shared/sinks/deadLetterQueue.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';

function aDeadLetter(overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    kind: 'undeliverable',
    stage: 'deliver',
    reason: 'firehose:teddy-logs: ServiceUnavailableException: Slow down. (gave up after 6 attempt(s))',
    content: '{"@timestamp":"2026-01-15T10:30:00.000Z","level":"INFO","message":"Story generated"}',
    source: { logGroup: '/aws/ai-teddy-bear/production/story-service', event_id: '3795643819638028418' },
    at: '2026-01-15T10:30:05.000Z',
    ...overrides,
  };
}

async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (!page.Messages?.length) return bodies;
    for (const message of page.Messages) bodies.push(message.Body ?? '');
  }
}

describe('the SQS dead letter against moto', () => {
  let sqs: SQSClient;
  let s3: ReturnType<typeof createS3Client>;
  let queueUrl: string;
  let bucket: string;

  beforeAll(async () => {
    const endpoint = await requireMoto();
    const { region, credentials } = motoClientConfig(endpoint);
    sqs = createSqsClient({ endpoint, region, credentials });
    s3 = createS3Client({ endpoint, region, credentials });
    bucket = uniqueName('teddy-dead-letters');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  beforeEach(async () => {
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') }))).QueueUrl as string;
  });

  it('keeps each letter as one message with its reason and original content', async () => {
    const letters = Array.from({ length: 23 }, (_, i) => aDeadLetter({ content: `{"n":${i}}` }));
    const sink = createSqsDeadLetterSink({ sqs, queueUrl, s3, bucket });

    await sink.write(letters);

    const bodies = await receiveAll(sqs, queueUrl);
    expect(bodies.map((body) => JSON.parse(body)).sort((a, b) => a.content.localeCompare(b.content))).toEqual(
      [...letters].sort((a, b) => a.content.localeCompare(b.content)),
    );
  });

  it('puts a letter larger than an SQS message in S3 whole, with a pointer message in the queue', async () => {
    const big = aDeadLetter({ content: JSON.stringify({ message: 'x'.repeat(300_000) }) });
    const sink = createSqsDeadLetterSink({
      sqs,
      queueUrl,
      s3,
      bucket,
      now: () => new Date('2026-01-15T10:30:05Z'),
      newId: () => 'f3b0c2d4-0000-4000-8000-000000000001',
    });

    await sink.write([big, aDeadLetter()]);

    const bodies = (await receiveAll(sqs, queueUrl)).map((body) => JSON.parse(body));
    expect(bodies).toHaveLength(2);
    const pointer = bodies.find((body) => 'content_s3' in body) as DeadLetterPointer;
    const key = 'dead-letters/2026/01/15/f3b0c2d4-0000-4000-8000-000000000001.json';
    expect(pointer).toEqual({
      kind: big.kind,
      stage: big.stage,
      reason: big.reason,
      source: big.source,
      at: big.at,
      content_s3: { bucket, key, bytes: Buffer.byteLength(JSON.stringify(big)) },
    });
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(JSON.parse((await object.Body?.transformToString()) ?? '')).toEqual(big);
  });

  it('throws when the letters cannot be kept, so that the caller does not claim them', async () => {
    const sink = createSqsDeadLetterSink({
      sqs,
      queueUrl: `${queueUrl}-does-not-exist`,
      s3,
      bucket,
      retry: { sleep: async () => {} },
    });

    await expect(sink.write([aDeadLetter()])).rejects.toThrow(/1 of 1 dead letter\(s\) not accepted by SQS/);
  });

  it('escapes the two characters SQS refuses, keeping the same JSON value', () => {
    const value = { content: 'a\uFFFEb\uFFFF' };
    const json = toSqsSafeJson(value);
    expect(json).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
