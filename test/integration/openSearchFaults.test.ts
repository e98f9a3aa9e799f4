/**
 * The OpenSearch sink under faults a healthy single node never produces, injected by a proxy in front of the real
 * node: 429 for some bulk items, HTTP 500, answers lost after the node wrote, and a node that stops answering in the
 * middle of a run. In every case delivered + failed is exactly the input and the index holds each delivered
 * document once.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@opensearch-project/opensearch';
import { isBalanced } from '../../shared/core/ledger.js';
import type { DeadLetter, DeliveryResult, LogDocument } from '../../shared/core/types.js';
import { processBatch } from '../../shared/pipeline/pipeline.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact/index.js';
import { createCircuitBreaker } from '../../shared/sinks/circuitBreaker.js';
import { createFileDeadLetterSink } from '../../shared/sinks/localDeadLetters.js';
import { computeDailyIndexName, createOpenSearchSink } from '../../shared/sinks/opensearch/bulkSink.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import { createOpenSearchDeadLetterSink, deadLetterIndexName } from '../../shared/sinks/opensearch/deadLetterIndex.js';
import { installIndexTemplate } from '../../shared/sinks/opensearch/installTemplates.js';
import { aLogBatch, aLogDocument, aLogEvent } from '../builders.js';
import { type FaultProxy, failBulkItems, isBulkRequest, startFaultProxy } from '../support/faultProxy.js';
import { requireOpenSearch, uniqueName } from '../support/services.js';

const DAY = '2026-04-01';

function someDocuments(count: number): LogDocument[] {
  return Array.from({ length: count }, (_, i) =>
    aLogDocument({
      '@timestamp': `${DAY}T08:00:00.000Z`,
      message: `event ${i}`,
      aws: { ...aLogDocument().aws, event_id: `e-${i}` },
    }),
  );
}

const idsOf = (documents: LogDocument[]) => documents.map((d) => d.aws.event_id).sort();
const eventIdInBulkLine = (document: string) => (JSON.parse(document) as LogDocument).aws.event_id;

describe('the OpenSearch sink under injected faults', () => {
  let direct: Client;
  let nodeUrl: string;
  let proxy: FaultProxy;
  let prefix: string;

  beforeAll(async () => {
    nodeUrl = await requireOpenSearch();
    direct = createOpenSearchClient({ url: nodeUrl });
  });

  beforeEach(async () => {
    prefix = uniqueName('teddy-faults');
    await installIndexTemplate(direct, prefix);
    proxy = await startFaultProxy(nodeUrl);
  });

  afterEach(async () => {
    await proxy.close();
    await direct.indices.delete({ index: `${prefix}-*` });
    await direct.indices.deleteIndexTemplate({ name: `${prefix}*` });
  });

  afterAll(() => direct.close());

  function aSinkThroughTheProxy(options: Partial<Parameters<typeof createOpenSearchSink>[0]> = {}) {
    // The client's own retries are off, so only the sink retries; a short timeout for the stalled node.
    const client = createOpenSearchClient({ url: proxy.url, maxRetries: 0, requestTimeoutMs: 2_000 });
    return createOpenSearchSink({
      client,
      indexPrefix: prefix,
      maxBulkDocs: 50,
      baseDelayMs: 10,
      maxDelayMs: 50,
      ...options,
    });
  }

  /** The index holds exactly the delivered documents, once each; delivered + failed = input. */
  async function expectExactlyAccountedFor(input: LogDocument[], result: DeliveryResult) {
    const index = computeDailyIndexName(prefix, `${DAY}T00:00:00Z`) as string;
    await direct.indices.refresh({ index: `${prefix}-*` });
    const exists = (await direct.indices.exists({ index })).body;
    const { body } = exists
      ? await direct.search({ index, body: { size: 10_000, query: { match_all: {} } } })
      : { body: { hits: { hits: [] } } };
    const stored = body.hits.hits.map((hit: { _source?: unknown }) => hit._source as LogDocument);
    const failedIds = idsOf(result.failed.map((f) => f.document));
    expect(new Set(idsOf(stored)).size).toBe(stored.length);
    expect(stored.length).toBe(result.delivered);
    expect([...idsOf(stored), ...failedIds].sort()).toEqual(idsOf(input));
    return { stored, failedIds };
  }

  it('retries only the items answered 429, and stores every document once', async () => {
    const tries = new Map<string, number>();
    proxy.setPlan((request) =>
      isBulkRequest(request)
        ? failBulkItems((_action, document) => {
            const id = eventIdInBulkLine(document);
            const n = (tries.get(id) ?? 0) + 1;
            tries.set(id, n);
            return Number(id.slice(2)) % 5 === 0 && n <= 2;
          })
        : undefined,
    );
    const input = someDocuments(200);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 200, failed: [] });
    await expectExactlyAccountedFor(input, result);
    // 4 bulks of 50, then the 40 rejected items once, then again.
    const bulkSizes = proxy.requests.map((r) => r.body.toString().split('\n').filter(Boolean).length / 2);
    expect(bulkSizes).toEqual([50, 50, 50, 50, 40, 40]);
  });

  it('returns the items still answered 429 after the last attempt, and stores the rest once', async () => {
    proxy.setPlan((request) =>
      isBulkRequest(request) ? failBulkItems((_a, document) => eventIdInBulkLine(document).endsWith('3')) : undefined,
    );
    const input = someDocuments(60);

    const result = await aSinkThroughTheProxy({ maxAttempts: 3 }).deliver(input);

    const { failedIds } = await expectExactlyAccountedFor(input, result);
    expect(failedIds).toEqual(idsOf(input.filter((d) => d.aws.event_id.endsWith('3'))));
    expect(result.failed[0]?.reason).toMatch(/^HTTP 429 from .* \(gave up after 3 attempt\(s\)\)$/);
  });

  it('retries a bulk request answered with HTTP 500', async () => {
    proxy.setPlan((request) =>
      request.seq <= 2 ? { kind: 'respond', status: 500, body: '{"error":"boom"}' } : undefined,
    );
    const input = someDocuments(30);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 30, failed: [] });
    await expectExactlyAccountedFor(input, result);
  });

  it('stores each document once when the answer to a bulk that the node wrote is lost and the bulk is resent', async () => {
    // The deterministic ids make the resend overwrite what the first attempt wrote.
    const lost = new Set<number>();
    proxy.setPlan((request) => {
      if (!isBulkRequest(request) || lost.size >= 2) return undefined;
      lost.add(request.seq);
      return { kind: 'resetAfterForward' };
    });
    const input = someDocuments(100);

    const result = await aSinkThroughTheProxy().deliver(input);

    expect(result).toEqual({ delivered: 100, failed: [] });
    await expectExactlyAccountedFor(input, result);
    expect(proxy.requests.length).toBeGreaterThan(2);
  });

  it('returns what is left when the node stops answering in the middle of a run; a rerun stores the rest, no duplicate', async () => {
    proxy.setPlan((request) => (request.seq === 3 ? { kind: 'refuse' } : undefined));
    const input = someDocuments(200);

    const result = await aSinkThroughTheProxy({ maxAttempts: 3 }).deliver(input);

    expect(result.delivered).toBe(100); // two bulks of 50 went through before the node went away
    const { failedIds } = await expectExactlyAccountedFor(input, result);
    expect(failedIds).toHaveLength(100);
    expect(result.failed[0]?.reason).toMatch(/bulk request failed: .*\(gave up after 3 attempt\(s\)\)/);

    // The node is back (straight, without the proxy): replaying the whole input adds only what was missing.
    const rerun = await createOpenSearchSink({ client: direct, indexPrefix: prefix }).deliver(input);
    expect(rerun).toEqual({ delivered: 200, failed: [] });
    await expectExactlyAccountedFor(input, rerun);
  });

  it('through the pipeline, as the CLI composes it: the node goes away midway, the rest lands in the fallback file, the ledger adds up', async () => {
    proxy.setPlan((request) => (request.seq === 2 ? { kind: 'refuse' } : undefined));
    const client = createOpenSearchClient({ url: proxy.url, maxRetries: 0, requestTimeoutMs: 2_000 });
    const fallbackPath = join(await mkdtemp(join(tmpdir(), 'teddy-faults-')), 'dead-letters.ndjson');
    const events = Array.from({ length: 90 }, (_, i) =>
      aLogEvent({
        id: `e-${i}`,
        message: `{"timestamp":"${DAY}T09:00:00.000Z","level":"INFO","message":"event ${i} for parent.one@example.com"}`,
      }),
    );

    const ledger = await processBatch(aLogBatch({ events }), {
      redactor: createRedactor({ key: DEV_CHILD_ID_KEY }),
      sink: createOpenSearchSink({ client, indexPrefix: prefix, maxBulkDocs: 30, maxAttempts: 2, baseDelayMs: 10 }),
      deadLetters: createOpenSearchDeadLetterSink({
        client,
        index: deadLetterIndexName(prefix),
        fallback: createFileDeadLetterSink(fallbackPath),
        retry: { maxAttempts: 2, baseDelayMs: 10 },
      }),
    });

    const letters = (await readFile(fallbackPath, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as DeadLetter);
    const stored = await expectExactlyAccountedFor(
      events.map((e) => aLogDocument({ aws: { ...aLogDocument().aws, event_id: e.id } })),
      {
        delivered: ledger.records_out,
        failed: letters.map((l) => ({ document: JSON.parse(l.content) as LogDocument, reason: l.reason })),
      },
    );
    expect(isBalanced(ledger)).toBe(true);
    expect(ledger).toMatchObject({ records_in: 90, records_out: 30, dead_lettered: 60 });
    expect(stored.failedIds).toHaveLength(60);
    expect(letters[0]?.reason).toMatch(/bulk request failed.*; dead-letter index: bulk request to .* failed/);
    expect(JSON.stringify(letters)).not.toContain('parent.one@example.com');
  });

  it('counts as delivered what the node holds when every acknowledgement is lost: it asks by id before giving up', async () => {
    proxy.setPlan((request) => (isBulkRequest(request) ? { kind: 'resetAfterForward' } : undefined));
    const input = someDocuments(120);

    const result = await aSinkThroughTheProxy({ maxAttempts: 2 }).deliver(input);

    expect(result).toEqual({ delivered: 120, failed: [] });
    await expectExactlyAccountedFor(input, result);
  });

  it('keeps a dead letter once, in the index, when the index wrote it but the acknowledgement was lost', async () => {
    proxy.setPlan((request) => (isBulkRequest(request) ? { kind: 'resetAfterForward' } : undefined));
    const client = createOpenSearchClient({ url: proxy.url, maxRetries: 0, requestTimeoutMs: 2_000 });
    const fallbackPath = join(await mkdtemp(join(tmpdir(), 'teddy-faults-')), 'dead-letters.ndjson');
    const letters: DeadLetter[] = Array.from({ length: 40 }, (_, i) => ({
      kind: 'undeliverable',
      stage: 'deliver',
      reason: 'rejected',
      content: `{"message":"letter ${i}"}`,
      source: { logGroup: '/g', logStream: 's', event_id: `e-${i}` },
      at: '2026-04-01T00:00:00.000Z',
    }));

    await createOpenSearchDeadLetterSink({
      client,
      index: deadLetterIndexName(prefix),
      fallback: createFileDeadLetterSink(fallbackPath),
      retry: { maxAttempts: 2, baseDelayMs: 10 },
    }).write(letters);

    await expect(readFile(fallbackPath, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    await direct.indices.refresh({ index: deadLetterIndexName(prefix) });
    const { body } = await direct.count({ index: deadLetterIndexName(prefix) });
    expect(body.count).toBe(40);
  });

  it('opens the circuit after consecutive batches that reached nothing: the rest are dead letters at once', async () => {
    proxy.setPlan(() => ({ kind: 'refuse' }));
    const breaker = createCircuitBreaker({ failureThreshold: 2 });
    const client = createOpenSearchClient({ url: proxy.url, maxRetries: 0, requestTimeoutMs: 2_000 });
    const bulk = jest.spyOn(client, 'bulk');
    const sink = createOpenSearchSink({ client, indexPrefix: prefix, maxAttempts: 3, baseDelayMs: 10, breaker });
    const batches = Array.from({ length: 10 }, (_, b) => someDocuments(20).map((d) => ({ ...d, message: `${b}` })));

    const results = [];
    for (const batch of batches) results.push(await sink.deliver(batch));

    expect(results.every((r) => r.delivered === 0 && r.failed.length === 20)).toBe(true);
    expect(results[1]?.failed[0]?.reason).toMatch(/^bulk request failed/);
    expect(results[2]?.failed[0]?.reason).toMatch(/^not sent: the circuit is open after 2 consecutive failed batches/);
    // Two batches tried, 3 attempts each; nothing sent after.
    expect(bulk).toHaveBeenCalledTimes(6);
  });
});
