/**
 * The ship Lambda end to end against moto: real subscription payloads (gzip + base64, as CloudWatch Logs sends them)
 * -> the handler -> Firehose PutRecordBatch -> moto's ExtendedS3 destination, read back from moto's S3. Every input
 * event is in S3 exactly once or in the SQS dead letter with its reason; no planted secret reaches S3; each
 * invocation's ledger adds up.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../../shared/core/awsClients.js';
import { isBalanced } from '../../shared/core/ledger.js';
import type { DeadLetter, Ledger, LogDocument, LogEvent } from '../../shared/core/types.js';
import { createShipHandler } from '../../shared/pipeline/lambdaHandler.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact/index.js';
import { createSqsDeadLetterSink } from '../../shared/sinks/deadLetterQueue.js';
import { createFirehoseSink } from '../../shared/sinks/firehose.js';
import { aControlMessageEvent, aSubscriptionEvent, FIXED_TIME, REAL_LINES } from '../builders.js';
import { createMotoFirehose, type MotoFirehose, motoClients } from '../sinks/motoFirehose.js';
import { failFirehoseEntries, startFaultProxy } from '../support/faultProxy.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';

/** Secrets planted in the stream; none may reach S3. */
const PLANTED = ['parent.one@example.com', 'mom@example.org', 'hunter2', '4111 1111 1111 1111', 'child_123'];

const APP_LINES = [
  '{"timestamp":"2026-01-15T10:30:01.000Z","level":"INFO","category":"business","message":"Story generated successfully","service":"story-service","metadata":{"story_id":"st_8841","word_count":412}}\n',
  '{"timestamp":"2026-01-15T10:30:02.000Z","level":"WARNING","category":"child_safety","message":"Unsafe prompt blocked","service":"conversation-service","child_id":"child_123","metadata":{"reason":"violence","parent_email":"parent.one@example.com"}}\n',
  '{"timestamp":"2026-01-15T10:30:03.000Z","level":"ERROR","category":"security","message":"Login failed for user mom@example.org","client_ip":"81.2.69.142","password":"hunter2"}\n',
  '{"level":50,"time":1768473003000,"msg":"payment provider timeout","service":"billing","card_number":"4111 1111 1111 1111"}\n',
];
const ALL_LINES = [...APP_LINES, ...Object.values(REAL_LINES)];

/** Invocation `n` of a realistic stream: `size` events of every kind of line, ids unique across the stream. */
function anInvocation(n: number, size: number) {
  const logEvents: LogEvent[] = Array.from({ length: size }, (_, i) => ({
    id: `${String(n).padStart(4, '0')}${String(i).padStart(52, '0')}`,
    timestamp: FIXED_TIME + n * 1_000 + i,
    message: ALL_LINES[(n + i) % ALL_LINES.length] as string,
  }));
  return {
    event: aSubscriptionEvent({ logGroup: `/aws/lambda/service-${n % 3}`, logEvents }),
    ids: logEvents.map((e) => e.id),
  };
}

function aContext() {
  const deadline = Date.now() + 60_000;
  return {
    getRemainingTimeInMillis: () => deadline - Date.now(),
    functionName: 'teddy-logs-test-ship',
    awsRequestId: uniqueName('req'),
  };
}

async function receiveLetters(sqs: SQSClient, queueUrl: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (!page.Messages?.length) return letters;
    for (const message of page.Messages) letters.push(JSON.parse(message.Body ?? '') as DeadLetter);
  }
}

function sumOf(ledgers: Ledger[], key: 'records_in' | 'records_out' | 'filtered' | 'dead_lettered' | 'malformed') {
  return ledgers.reduce((sum, ledger) => sum + ledger[key], 0);
}

describe('the ship Lambda into moto Firehose and S3', () => {
  let motoEndpoint: string;
  let moto: MotoFirehose;
  let sqs: SQSClient;
  let queueUrl: string;
  let bucket: string;
  const savedEnv = { ...process.env };
  const s3 = () => motoClients(motoEndpoint).s3;

  beforeAll(async () => {
    motoEndpoint = await requireMoto();
    const { region, credentials } = motoClientConfig(motoEndpoint);
    sqs = createSqsClient({ endpoint: motoEndpoint, region, credentials });
    bucket = uniqueName('teddy-dead-letters');
    await s3().send(new CreateBucketCommand({ Bucket: bucket }));
  });

  afterAll(() => {
    process.env = savedEnv;
  });

  // moto allows 50 delivery streams per account and region, and the test services are shared.
  afterEach(() => moto.remove());

  beforeEach(async () => {
    moto = await createMotoFirehose(motoEndpoint);
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') }))).QueueUrl as string;
  });

  it('runs the Lambda module itself: every event in S3 exactly once, redacted, and each ledger adds up', async () => {
    // The module reads its configuration at import (cold start); the SDK clients find moto via AWS_ENDPOINT_URL.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: motoEndpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      FIREHOSE_STREAM_NAME: moto.streamName,
      DEAD_LETTER_QUEUE_URL: queueUrl,
      DEAD_LETTER_BUCKET: bucket,
      STAGE: 'test',
    });
    const { handler } = await import('../../functions/ship.js');
    const invocations = Array.from({ length: 12 }, (_, n) => anInvocation(n, 150));
    const output: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((line) => output.push(String(line)) > 0);

    const ledgers: Ledger[] = [];
    try {
      for (const { event } of invocations) ledgers.push((await handler(event, aContext() as never)) as Ledger);
      ledgers.push((await handler(aControlMessageEvent(), aContext() as never)) as Ledger);
      ledgers.push((await handler({ awslogs: { data: 'not base64 gzip' } }, aContext() as never)) as Ledger);
    } finally {
      write.mockRestore();
    }

    const inS3 = await moto.readDelivered();
    const letters = await receiveLetters(sqs, queueUrl);
    const inputIds = invocations.flatMap((i) => i.ids).sort();
    const s3Ids = inS3.map((d) => d.aws.event_id);
    const letterIds = letters.flatMap((l) => (l.source?.event_id ? [l.source.event_id] : []));

    expect(ledgers.every(isBalanced)).toBe(true);
    expect(new Set(s3Ids).size).toBe(s3Ids.length); // no duplicates
    expect([...s3Ids, ...letterIds].sort()).toEqual(inputIds); // nothing lost, nothing twice
    expect(inS3).toHaveLength(inputIds.length); // this stream holds nothing to quarantine: all of it is delivered
    expect(sumOf(ledgers, 'records_out')).toBe(inS3.length);
    expect(sumOf(ledgers, 'records_in')).toBe(inputIds.length + 2);
    expect(sumOf(ledgers, 'filtered')).toBe(1);
    expect(sumOf(ledgers, 'malformed')).toBe(1);
    expect(sumOf(ledgers, 'dead_lettered')).toBe(letters.length);
    expect(letters.filter((l) => l.kind === 'malformed')).toHaveLength(1);

    const text = JSON.stringify(inS3);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
    const childIds = inS3.flatMap((d) => (d.child_id ? [d.child_id] : []));
    expect(childIds.length).toBeGreaterThan(0);
    for (const id of childIds) expect(id).toMatch(/^hmac-sha256:/);
    // The pipeline's own log lines (ledger, EMF) carry counts, never payload content.
    expect(output.join('')).not.toContain('Story generated successfully');
    expect(output.some((line) => line.includes('"AITeddyBear/Pipeline"'))).toBe(true);
  });

  it('under Firehose partial failures: what is not delivered is in the SQS dead letter, and S3 + SQS = input', async () => {
    const proxy = await startFaultProxy(motoEndpoint);
    // A fifth of the records fail every time: they end in the dead letter after the retries.
    proxy.setPlan(() =>
      failFirehoseEntries((data) => (JSON.parse(data.toString()) as LogDocument).aws.event_id.endsWith('0')),
    );
    const { firehose } = motoClients(proxy.url, { maxAttempts: 1 });
    const handler = createShipHandler({
      redactor: async () => createRedactor({ key: DEV_CHILD_ID_KEY }),
      sink: (remainingTimeMs) =>
        createFirehoseSink({
          client: firehose,
          deliveryStreamName: moto.streamName,
          remainingTimeMs,
          safetyMarginMs: 5_000,
          baseDelayMs: 10,
          maxDelayMs: 40,
          maxAttempts: 3,
        }),
      deadLetters: createSqsDeadLetterSink({
        sqs,
        queueUrl,
        s3: s3(),
        bucket,
      }),
      log: () => {},
    });
    const invocations = Array.from({ length: 5 }, (_, n) => anInvocation(100 + n, 100));

    const ledgers: Ledger[] = [];
    try {
      for (const { event } of invocations) ledgers.push(await handler(event, aContext()));
    } finally {
      await proxy.close();
    }

    const inS3 = await moto.readDelivered();
    const letters = await receiveLetters(sqs, queueUrl);
    const s3Ids = inS3.map((d) => d.aws.event_id);
    const letterIds = letters.map((l) => l.source?.event_id as string);
    expect(ledgers.every(isBalanced)).toBe(true);
    expect(new Set(s3Ids).size).toBe(s3Ids.length);
    expect([...s3Ids, ...letterIds].sort()).toEqual(invocations.flatMap((i) => i.ids).sort());
    expect(letterIds.every((id) => id.endsWith('0'))).toBe(true);
    expect(letters.every((l) => l.kind === 'undeliverable' && /ServiceUnavailableException/.test(l.reason))).toBe(true);
    // The dead letter keeps the document itself, redacted, so it can be replayed.
    const kept = JSON.parse(letters[0]?.content ?? '{}') as LogDocument;
    expect(kept.aws.event_id).toBe(letterIds[0]);
    for (const secret of PLANTED) expect(letters.map((l) => l.content).join('')).not.toContain(secret);
    expect(sumOf(ledgers, 'records_out')).toBe(inS3.length);
    expect(sumOf(ledgers, 'dead_lettered')).toBe(letters.length);
  });
});
