/**
 * The Elasticsearch sink under what a real node only does under load or breakage, injected by the fault proxy in
 * front of the real 8.x / 9.x node: per-item 429 and 503 retried (only those items), a whole bulk answered 500
 * retried, a real mapping rejection (400) dead-lettered into the dead-letter index; bulk requests within their byte
 * and count bounds. The index always holds exactly the delivered documents, once each.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { LogDocument } from '../../shared/core/types.js';
import { deliverDocuments } from '../../shared/pipeline/deliver/index.js';
import {
  createElasticsearchClient,
  createElasticsearchDeadLetterSink,
  createElasticsearchSink,
  installElasticsearchTemplates,
} from '../../shared/sinks/elasticsearch/index.js';
import { deadLetterIndexName } from '../../shared/sinks/opensearch/deadLetterIndex.js';
import { aLogDocument } from '../builders.js';
import { type FaultProxy, failBulkItems, isBulkRequest, startFaultProxy } from '../support/faultProxy.js';
import { elasticsearchNodesUnderTest, requireElasticsearch, uniqueName } from '../support/services.js';

const DAY = '2026-04-01';

function someDocuments(count: number): LogDocument[] {
  return Array.from({ length: count }, (_, i) =>
    aLogDocument({
      '@timestamp': `${DAY}T08:00:00.000Z`,
      message: `event ${i} ${'x'.repeat(i % 7 === 0 ? 900 : 10)}`,
      aws: { ...aLogDocument().aws, event_id: `e-${i}` },
      metadata: { n: i, nested: { even: i % 2 === 0 } },
    }),
  );
}

const eventIdInBulkLine = (document: string) => (JSON.parse(document) as LogDocument).aws.event_id;
const documentsIn = (body: Buffer) => body.toString().split('\n').filter(Boolean).length / 2;

describe.each(elasticsearchNodesUnderTest())('the Elasticsearch sink under injected faults on $label', ({ url }) => {
  let direct: Client;
  let proxy: FaultProxy;
  let prefix: string;

  beforeAll(async () => {
    direct = createElasticsearchClient({ hosts: [await requireElasticsearch(url)] });
  });
  beforeEach(async () => {
    prefix = uniqueName('teddy-es-faults');
    await installElasticsearchTemplates(direct, prefix);
    proxy = await startFaultProxy(url);
  });
  afterEach(async () => {
    await proxy.close();
    await direct.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    for (const name of [prefix, deadLetterIndexName(prefix)]) {
      await direct.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    }
  });
  afterAll(() => direct.close());

  function throughTheProxy(options: Partial<Parameters<typeof createElasticsearchSink>[0]> = {}) {
    const client = createElasticsearchClient({ hosts: [proxy.url], maxRetries: 0, timeoutSeconds: 5 });
    const sink = createElasticsearchSink({
      client,
      indexPrefix: prefix,
      maxBulkDocs: 50,
      baseDelayMs: 10,
      maxDelayMs: 50,
      ...options,
    });
    return { client, sink };
  }

  async function storedIds(): Promise<string[]> {
    await direct.indices.refresh({ index: `${prefix}-*` });
    const { body } = await direct.search({
      index: `${prefix}-${DAY.replaceAll('-', '.')}`,
      body: { size: 10_000, query: { match_all: {} } },
    });
    return body.hits.hits.map((hit: { _source?: unknown }) => (hit._source as LogDocument).aws.event_id).sort();
  }

  it('retries only the items answered 429 or 503 and stores every document once', async () => {
    const tries = new Map<string, number>();
    proxy.setPlan((request) =>
      isBulkRequest(request)
        ? failBulkItems(
            (_action, document) => {
              const id = eventIdInBulkLine(document);
              const n = (tries.get(id) ?? 0) + 1;
              tries.set(id, n);
              return Number(id.slice(2)) % 5 === 0 && n <= 2;
            },
            request.seq % 2 === 0 ? 503 : 429,
          )
        : undefined,
    );
    const input = someDocuments(200);
    const { client, sink } = throughTheProxy();

    expect(await sink.deliver(input)).toEqual({ delivered: 200, failed: [] });
    await client.close();

    expect(await storedIds()).toEqual(input.map((d) => d.aws.event_id).sort());
    expect(proxy.requests.filter(isBulkRequest).map((r) => documentsIn(r.body))).toEqual([50, 50, 50, 50, 40, 40]);
  });

  it('retries a bulk answered 500 as a whole', async () => {
    proxy.setPlan((request) =>
      isBulkRequest(request) && request.seq === 1
        ? { kind: 'respond', status: 500, body: '{"error":"boom"}' }
        : undefined,
    );
    const input = someDocuments(30);
    const { client, sink } = throughTheProxy();

    expect(await sink.deliver(input)).toEqual({ delivered: 30, failed: [] });
    await client.close();
    expect(proxy.requests.filter(isBulkRequest).map((r) => [r.seq, documentsIn(r.body)])).toEqual([
      [1, 30],
      [2, 30],
    ]);
    expect(await storedIds()).toHaveLength(30);
  });

  it('keeps each bulk request within its byte bound', async () => {
    const maxBulkBytes = 8 * 1024;
    const input = someDocuments(120);
    const { client, sink } = throughTheProxy({ maxBulkBytes, maxBulkDocs: 1_000 });

    expect(await sink.deliver(input)).toEqual({ delivered: 120, failed: [] });
    await client.close();
    const sizes = proxy.requests.filter(isBulkRequest).map((r) => r.body.length);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxBulkBytes);
    expect(await storedIds()).toHaveLength(120);
  });

  it('dead-letters a document Elasticsearch rejects, into the dead-letter index, and delivers the rest', async () => {
    const good = someDocuments(5);
    const conflicting = aLogDocument({
      '@timestamp': `${DAY}T09:00:00.000Z`,
      aws: { ...aLogDocument().aws, event_id: 'bad-1' },
      original_size: 'not a number' as unknown as number,
    });
    const { client, sink } = throughTheProxy({ refresh: true });
    const deadLetters = createElasticsearchDeadLetterSink({
      client,
      index: deadLetterIndexName(prefix),
      refresh: true,
    });

    const outcome = await deliverDocuments([...good, conflicting], sink, deadLetters);
    await client.close();

    expect(outcome.delivered).toEqual(good);
    expect(outcome.deadLettered).toHaveLength(1);
    expect(await storedIds()).toHaveLength(5);
    const { body } = await direct.search({ index: deadLetterIndexName(prefix) });
    const letter = body.hits.hits[0]?._source as Record<string, string>;
    expect(body.hits.hits).toHaveLength(1);
    expect(letter.reason).toMatch(
      /rejected by .*-2026\.04\.01: HTTP 400 (document_parsing_exception|mapper_parsing_exception)/,
    );
    expect(JSON.parse(letter.content)).toEqual(conflicting);
  });
});
