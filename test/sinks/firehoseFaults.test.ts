/**
 * The Firehose sink under the faults real Firehose produces and moto never does, injected by a proxy in front of
 * moto. In every case: what the sink reports delivered is exactly what moto's S3 holds, once each, and delivered
 * plus failed is exactly the input.
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient } from '../../shared/core/awsClients.js';
import type { DeliveryResult, LogDocument } from '../../shared/core/types.js';
import { deliverDocuments } from '../../shared/pipeline/deliver/index.js';
import { createSqsDeadLetterSink } from '../../shared/sinks/deadLetterQueue.js';
import { createFirehoseSink } from '../../shared/sinks/firehose.js';
import { aLogDocument } from '../builders.js';
import { type FaultProxy, failFirehoseEntries, isFirehoseCall, startFaultProxy } from '../support/faultProxy.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';
import { createMotoFirehose, type MotoFirehose, motoClients } from './motoFirehose.js';

function someDocuments(count: number): LogDocument[] {
  return Array.from({ length: count }, (_, i) =>
    aLogDocument({ message: `event ${i}`, aws: { ...aLogDocument().aws, event_id: `e-${i}` } }),
  );
}

const eventIdOf = (data: Buffer) => (JSON.parse(data.toString('utf8')) as LogDocument).aws.event_id;
const idsOf = (documents: LogDocument[]) => documents.map((d) => d.aws.event_id).sort();

/** The ledger of one delivery: S3 holds exactly the delivered documents, once each; delivered + failed = input. */
async function expectExactlyAccountedFor(input: LogDocument[], result: DeliveryResult, moto: MotoFirehose) {
  const inS3 = await moto.readDelivered();
  const failedIds = idsOf(result.failed.map((f) => f.document));
  expect(new Set(idsOf(inS3)).size).toBe(inS3.length); // no duplicates
  expect(inS3.length).toBe(result.delivered);
  expect([...idsOf(inS3), ...failedIds].sort()).toEqual(idsOf(input));
  return { inS3, failedIds };
}

describe('the Firehose sink under injected faults', () => {
  let motoEndpoint: string;
  let moto: MotoFirehose;
  let proxy: FaultProxy;

  beforeAll(async () => {
    motoEndpoint = await requireMoto();
  });

  beforeEach(async () => {
    moto = await createMotoFirehose(motoEndpoint);
    proxy = await startFaultProxy(motoEndpoint);
  });

  afterEach(async () => {
    await proxy.close();
    await moto.remove();
  });

  /** A sink whose calls go through the proxy; the SDK's own retries are off, so only the sink retries. */
  function aSinkThroughTheProxy(options: Partial<Parameters<typeof createFirehoseSink>[0]> = {}) {
    const { firehose } = motoClients(proxy.url, { maxAttempts: 1, requestTimeoutMs: 1_000 });
    return createFirehoseSink({
      client: firehose,
      deliveryStreamName: moto.streamName,
      baseDelayMs: 10,
      maxDelayMs: 50,
      ...options,
    });
  }

  it('resends only the entries answered with ServiceUnavailableException, and delivers each once', async () => {
    const seen = new Map<string, number>();
    // Every third record fails on its first two tries.
    proxy.setPlan((request) =>
      isFirehoseCall(request, 'PutRecordBatch')
        ? failFirehoseEntries((data) => {
            const id = eventIdOf(data);
            const tries = (seen.get(id) ?? 0) + 1;
            seen.set(id, tries);
            return Number(id.slice(2)) % 3 === 0 && tries <= 2;
          })
        : undefined,
    );
    const input = someDocuments(700);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 700, failed: [] });
    await expectExactlyAccountedFor(input, result, moto);
    // 700 records in two calls, then the failed third (234) twice more.
    expect(proxy.requests.map((r) => JSON.parse(r.body.toString()).Records.length)).toEqual([500, 200, 234, 234]);
  });

  it('returns the entries that keep failing, while the others are delivered once', async () => {
    proxy.setPlan(() => failFirehoseEntries((data) => eventIdOf(data).endsWith('7')));
    const input = someDocuments(120);

    const result = await aSinkThroughTheProxy({ maxAttempts: 3 }).deliver(input);

    const { failedIds } = await expectExactlyAccountedFor(input, result, moto);
    expect(failedIds).toEqual(idsOf(input.filter((d) => d.aws.event_id.endsWith('7'))));
    expect(result.failed[0]?.reason).toBe('ServiceUnavailableException: Slow down. (gave up after 3 attempt(s))');
  });

  it('retries calls answered with HTTP 500', async () => {
    proxy.setPlan((request) =>
      request.seq <= 3
        ? { kind: 'respond', status: 500, body: '{"__type":"InternalFailure","message":"boom"}' }
        : undefined,
    );
    const input = someDocuments(50);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 50, failed: [] });
    await expectExactlyAccountedFor(input, result, moto);
    expect(proxy.requests).toHaveLength(4);
  });

  it('delivers through slow answers, and retries a call that timed out before reaching the service', async () => {
    // The first call stalls past the client's 1 s timeout (and never reaches moto); the rest are slow but in time.
    proxy.setPlan((request) => ({ kind: 'delay', ms: request.seq === 1 ? 1_500 : 300 }));
    const input = someDocuments(30);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 30, failed: [] });
    await expectExactlyAccountedFor(input, result, moto);
    expect(proxy.requests).toHaveLength(2);
  });

  it('delivers at least once when an answer is lost after Firehose accepted the call (Firehose has no idempotency key)', async () => {
    // The documented trade-off: the retry re-sends what was in fact delivered. Nothing is lost; the duplicates are
    // what the direct OpenSearch path's deterministic ids avoid.
    proxy.setPlan((request) => (request.seq === 1 ? { kind: 'resetAfterForward' } : undefined));
    const input = someDocuments(20);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 20, failed: [] });
    const inS3 = await moto.readDelivered();
    expect([...new Set(idsOf(inS3))].sort()).toEqual(idsOf(input));
    expect(inS3).toHaveLength(40);
  });

  it('gives up within the time budget and returns everything when the service keeps failing', async () => {
    proxy.setPlan(() => ({ kind: 'respond', status: 503, body: '{"__type":"ServiceUnavailableException"}' }));
    const deadline = Date.now() + 1_500;
    const input = someDocuments(10);

    const result = await aSinkThroughTheProxy({
      remainingTimeMs: () => deadline - Date.now(),
      safetyMarginMs: 1_000,
      baseDelayMs: 100,
      maxDelayMs: 200,
      maxAttempts: 1_000,
    }).deliver(input);

    expect(Date.now()).toBeLessThan(deadline);
    expect(result.delivered).toBe(0);
    await expectExactlyAccountedFor(input, result, moto);
    expect(result.failed[0]?.reason).toMatch(/time budget is spent/);
  });

  it('keeps what cannot be delivered in the SQS dead letter, so S3 and the queue together hold the input exactly', async () => {
    const { region, credentials } = motoClientConfig(motoEndpoint);
    const sqs = createSqsClient({ endpoint: motoEndpoint, region, credentials });
    const s3 = createS3Client({ endpoint: motoEndpoint, region, credentials });
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('teddy-dlq') })))
      .QueueUrl as string;
    const bucket = uniqueName('teddy-dl');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    proxy.setPlan(() => failFirehoseEntries((data) => Number(eventIdOf(data).slice(2)) % 4 === 1));
    const input = someDocuments(40);

    const outcome = await deliverDocuments(
      input,
      aSinkThroughTheProxy({ maxAttempts: 2 }),
      createSqsDeadLetterSink({ sqs, queueUrl, s3, bucket }),
    );

    const inS3 = await moto.readDelivered();
    const inQueue: LogDocument[] = [];
    for (;;) {
      const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      if (!page.Messages?.length) break;
      for (const message of page.Messages) inQueue.push(JSON.parse(JSON.parse(message.Body ?? '').content));
    }
    expect(outcome.delivered).toHaveLength(30);
    expect(outcome.deadLettered).toHaveLength(10);
    expect(idsOf(inS3)).toEqual(idsOf(outcome.delivered));
    expect([...idsOf(inS3), ...idsOf(inQueue)].sort()).toEqual(idsOf(input));
  });
});
