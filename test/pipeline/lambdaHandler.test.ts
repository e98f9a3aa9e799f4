import { gzipSync } from 'node:zlib';
import { DeliveryError } from '../../shared/core/errors';
import type { DeadLetter, DocumentRedactor, LogDocument } from '../../shared/core/types';
import { createShipHandler } from '../../shared/pipeline/lambdaHandler';

const passThrough: DocumentRedactor = { redact: (document) => ({ ok: true, document }) };
const context = { getRemainingTimeInMillis: () => 30_000, functionName: 'teddy-logs-dev-ship', awsRequestId: 'req-1' };

function aSubscriptionEvent(messages: string[]) {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/story-service',
    logStream: '2026/11/26/[$LATEST]abc',
    subscriptionFilters: ['teddy-logs-ship'],
    logEvents: messages.map((message, i) => ({ id: `${i}`, timestamp: 1795684800000 + i, message })),
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

function aShipHandler(overrides: { failDelivery?: boolean; failDeadLetter?: boolean } = {}) {
  const delivered: LogDocument[] = [];
  const letters: DeadLetter[] = [];
  const lines: string[] = [];
  const handler = createShipHandler({
    redactor: async () => passThrough,
    sink: () => ({
      name: 'firehose',
      deliver: async (documents) => {
        if (overrides.failDelivery) {
          return { delivered: 0, failed: documents.map((document) => ({ document, reason: 'ServiceUnavailable' })) };
        }
        delivered.push(...documents);
        return { delivered: documents.length, failed: [] };
      },
    }),
    deadLetters: {
      name: 'sqs',
      write: async (l) => {
        if (overrides.failDeadLetter) throw new Error('queue unavailable');
        letters.push(...l);
      },
    },
    log: (line) => lines.push(line),
    now: () => new Date('2026-11-26T10:00:00Z'),
  });
  return { handler, delivered, letters, lines };
}

describe('the ship handler', () => {
  it('processes a subscription event and logs the ledger and its EMF metrics without payload content', async () => {
    const { handler, delivered, lines } = aShipHandler();
    const ledger = await handler(aSubscriptionEvent(['{"message":"secret story text"}', 'second']), context);
    expect(ledger).toMatchObject({ records_in: 2, records_out: 2, dead_lettered: 0 });
    expect(delivered).toHaveLength(2);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('secret story text');
    const [summary, metrics] = lines.map((l) => JSON.parse(l));
    expect(summary).toMatchObject({ message: 'ship batch processed', request_id: 'req-1', ledger: { records_in: 2 } });
    expect(metrics._aws.CloudWatchMetrics[0].Namespace).toBe('AITeddyBear/Pipeline');
    expect(metrics).toMatchObject({ RecordsReceived: 2, RecordsDelivered: 2, RecordsDeadLettered: 0, LeaksBlocked: 0 });
  });

  it('dead-letters what Firehose refuses and still returns a balanced ledger', async () => {
    const { handler, letters, lines } = aShipHandler({ failDelivery: true });
    const ledger = await handler(aSubscriptionEvent(['a', 'b', 'c']), context);
    expect(ledger).toMatchObject({ records_in: 3, records_out: 0, dead_lettered: 3 });
    expect(letters).toHaveLength(3);
    expect(JSON.parse(lines[0] ?? '{}').level).toBe('WARN');
  });

  it('throws when the dead letter fails, so Lambda retries the original event', async () => {
    const { handler } = aShipHandler({ failDelivery: true, failDeadLetter: true });
    await expect(handler(aSubscriptionEvent(['a']), context)).rejects.toBeInstanceOf(DeliveryError);
  });

  it('dead-letters an event that is not a subscription payload', async () => {
    const { handler, letters } = aShipHandler();
    const ledger = await handler({ hello: 'world' }, context);
    expect(ledger).toMatchObject({ records_in: 1, malformed: 1, dead_lettered: 1 });
    expect(letters[0]?.content).toContain('hello');
  });
});
