/**
 * The Elasticsearch destination end to end against real nodes (scripts/services.sh: 8.x, and 9.x where a Java 21+
 * is): a stream of our logger's JSON — 600 seeded-random events over three days — goes through the real
 * pipeline (parse, normalise, redact with child-id hashing, enrich) into the Elasticsearch bulk sink, twice. Then
 * every event is there exactly once, in the daily index of its day, `level` a keyword, `metadata` flattened; erase
 * removes exactly one child's documents; retention deletes old daily indices only; every dashboard visualization's
 * query runs.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { LogEvent } from '../../shared/core/types.js';
import { dashboardQueries } from '../../shared/dashboards/queries.js';
import { eraseFromIndices } from '../../shared/operations/erase/eraseFromIndices.js';
import { deleteExpiredIndices } from '../../shared/operations/retention/expireIndices.js';
import { processBatch } from '../../shared/pipeline/pipeline.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact/index.js';
import {
  createElasticsearchClient,
  createElasticsearchDeadLetterSink,
  createElasticsearchSink,
  setupElasticsearch,
} from '../../shared/sinks/elasticsearch/index.js';
import { deadLetterIndexName } from '../../shared/sinks/opensearch/deadLetterIndex.js';
import { aLogSource } from '../builders.js';
import { elasticsearchNodesUnderTest, requireElasticsearch, uniqueName } from '../support/services.js';

const DAYS = ['2026-01-15', '2026-05-20', '2026-05-21'] as const;
const EVENTS_PER_DAY = 200;
const CHILDREN = Array.from({ length: 12 }, (_, i) => `child_${String(i).padStart(3, '0')}`);
const LEVELS = ['DEBUG', 'INFO', 'INFO', 'INFO', 'WARN', 'ERROR'] as const;
const CATEGORIES = ['business', 'child_safety', 'security', 'performance', 'audit'] as const;

/** mulberry32: a small seeded generator, so the stream is the same on every run and every node. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CLOUDWATCH_ID_STEM = '379564381963802841873721862715533740896274244563410';
const PHRASES = ['Story generated', 'Content filter checked a prompt', 'Login succeeded', 'Parental consent recorded'];

/** Our logger's JSON lines, as CloudWatch Logs delivers them, with unique event ids. */
function aStream(seed: number): LogEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return DAYS.flatMap((day, d) =>
    Array.from({ length: EVENTS_PER_DAY }, (_, n) => {
      const timestamp = Date.parse(`${day}T00:00:00.000Z`) + Math.floor(random() * 86_399_000);
      const line = {
        timestamp: new Date(timestamp).toISOString(),
        level: pick(LEVELS),
        category: pick(CATEGORIES),
        message: `${pick(PHRASES)} #${n}`,
        service: 'story-service',
        correlation_id: `corr-${d}-${n}`,
        child_id: pick(CHILDREN),
        duration_ms: 5 + Math.floor(random() * 2_000),
        action: pick(['allowed', 'blocked', 'flagged']),
        story: { id: `st_${d}_${n}`, words: 50 + Math.floor(random() * 900) },
      };
      // Shaped like CloudWatch Logs' 56-digit event ids (a short run of digits could pass for a card number).
      const id = `${CLOUDWATCH_ID_STEM}${d}${String(n).padStart(4, '0')}`;
      return { id, timestamp, message: JSON.stringify(line) };
    }),
  );
}

async function count(client: Client, index: string, query?: object): Promise<number> {
  await client.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  const response = await client.count({ index, ...(query ? { body: { query } } : {}) } as never);
  return Number((response.body as { count: number }).count);
}

describe.each(elasticsearchNodesUnderTest())('the Elasticsearch destination on $label', ({ url }) => {
  let client: Client;
  const prefix = uniqueName('teddy-es-it');
  const stream = aStream(19);

  beforeAll(async () => {
    client = createElasticsearchClient({ hosts: [await requireElasticsearch(url)], maxRetries: 0 });
    await setupElasticsearch(client, {
      indexPrefix: prefix,
      retentionDays: 90,
      archiveDays: 30,
      dryRun: false,
      where: url,
    });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*`, expand_wildcards: 'all' } as never).catch(() => undefined);
    for (const name of [prefix, deadLetterIndexName(prefix)]) {
      await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    }
    await client.close();
  });

  async function deliverStream(): ReturnType<typeof processBatch> {
    const ledger = await processBatch(
      { source: aLogSource(), events: stream },
      {
        redactor: createRedactor({ key: DEV_CHILD_ID_KEY }),
        sink: createElasticsearchSink({ client, indexPrefix: prefix, maxBulkDocs: 150, refresh: true }),
        deadLetters: createElasticsearchDeadLetterSink({ client, index: deadLetterIndexName(prefix), refresh: true }),
      },
    );
    return ledger;
  }

  it('delivers the same stream twice and holds every event once, in the daily index of its day', async () => {
    const first = await deliverStream();
    const second = await deliverStream();

    expect(first).toMatchObject({ records_in: 600, records_out: 600, dead_lettered: 0 });
    expect(second).toMatchObject({ records_in: 600, records_out: 600, dead_lettered: 0 });
    for (const day of DAYS) {
      expect(await count(client, `${prefix}-${day.replaceAll('-', '.')}`)).toBe(EVENTS_PER_DAY);
    }
    expect(await count(client, `${prefix}-2*`)).toBe(600);
    const { body } = await client.search({
      index: `${prefix}-2*`,
      body: { size: 0, aggs: { ids: { cardinality: { field: 'aws.event_id', precision_threshold: 1000 } } } },
    } as never);
    expect((body as unknown as { aggregations: { ids: { value: number } } }).aggregations.ids.value).toBe(600);
  });

  it('maps level as a keyword and metadata as flattened, searchable by its keys', async () => {
    const index = `${prefix}-2026.05.20`;
    const { body: mapping } = await client.indices.getMapping({ index });
    const properties = (mapping as Record<string, { mappings: { properties: Record<string, { type?: string }> } }>)[
      index
    ]?.mappings.properties;
    expect(properties?.level?.type).toBe('keyword');
    expect(properties?.metadata?.type).toBe('flattened');

    const blockedErrors = await count(client, index, {
      bool: { filter: [{ term: { level: 'ERROR' } }, { term: { 'metadata.action': 'blocked' } }] },
    });
    const expected = stream.filter((event) => {
      const line = JSON.parse(event.message) as { level: string; action: string; timestamp: string };
      return line.timestamp.startsWith('2026-05-20') && line.level === 'ERROR' && line.action === 'blocked';
    }).length;
    expect(expected).toBeGreaterThan(0);
    expect(blockedErrors).toBe(expected);
  });

  it('carries the guide’s Logstash filter tags: child_safety → compliance, security → alert', async () => {
    const categoryCount = (category: string) =>
      stream.filter((e) => (JSON.parse(e.message) as { category: string }).category === category).length;
    expect(await count(client, `${prefix}-2*`, { term: { tags: 'compliance' } })).toBe(categoryCount('child_safety'));
    expect(await count(client, `${prefix}-2*`, { term: { tags: 'alert' } })).toBe(categoryCount('security'));
    expect(categoryCount('security')).toBeGreaterThan(0);
  });

  it('runs every dashboard visualization query: no shard failure, and hits wherever the stream has matching events', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThanOrEqual(20);
    const empty: string[] = [];
    for (const query of queries) {
      const { body } = await client.search({ index: `${prefix}-2*`, body: query.body } as never);
      const answer = body as { _shards: { failed: number }; hits: { total: { value: number } }; aggregations?: object };
      expect({ visualization: query.visualization, failedShards: answer._shards.failed }).toEqual({
        visualization: query.visualization,
        failedShards: 0,
      });
      if (Object.keys(query.body.aggs).length > 0) expect(answer.aggregations).toBeDefined();
      if (answer.hits.total.value === 0) empty.push(query.visualization);
    }
    // The stream is application logs only: the Lambda platform REPORT lines these read are not in it.
    const lambdaOnly = queries
      .filter((q) => JSON.stringify(q.body.query).includes('lambda.'))
      .map((q) => q.visualization);
    expect(empty.sort()).toEqual([...new Set(lambdaOnly)].sort());

    const errors = queries.find((q) => q.visualization === 'teddy-error-count');
    const { body } = await client.search({ index: `${prefix}-2*`, body: errors?.body } as never);
    const expectedErrors = stream.filter((e) => (JSON.parse(e.message) as { level: string }).level === 'ERROR').length;
    expect((body as { hits: { total: { value: number } } }).hits.total.value).toBe(expectedErrors);
  });

  it('erases exactly one child’s documents', async () => {
    const { body } = await client.search({
      index: `${prefix}-2*`,
      body: { size: 0, aggs: { children: { terms: { field: 'child_id', size: 50 } } } },
    } as never);
    const buckets = (
      body as unknown as { aggregations: { children: { buckets: Array<{ key: string; doc_count: number }> } } }
    ).aggregations.children.buckets;
    expect(buckets).toHaveLength(CHILDREN.length);
    const [target, ...others] = buckets;
    if (!target) throw new Error('no child in the index');
    const before = await count(client, `${prefix}-2*`);

    const report = await eraseFromIndices(client, { indexPrefix: prefix, hashes: [target.key], dryRun: false });

    expect(report.total_deleted).toBe(target.doc_count);
    expect(report.remaining).toBe(0);
    expect(await count(client, `${prefix}-2*`)).toBe(before - target.doc_count);
    for (const other of others) {
      expect(await count(client, `${prefix}-2*`, { term: { child_id: other.key } })).toBe(other.doc_count);
    }
  });

  it('retention deletes the daily indices older than LOG_RETENTION_DAYS and nothing else', async () => {
    await client.index({ index: deadLetterIndexName(prefix), body: { kind: 'undeliverable', reason: 'kept' } });
    const report = await deleteExpiredIndices(client, {
      indexPrefix: prefix,
      retentionDays: 90,
      now: new Date('2026-06-01T12:00:00Z'),
      dryRun: false,
    });

    expect(report.deleted.map((entry) => entry.index)).toEqual([`${prefix}-2026.01.15`]);
    expect(report.ignored).toEqual([deadLetterIndexName(prefix)]);
    const { body } = await client.cat.indices({ index: `${prefix}-*`, format: 'json', h: ['index'] });
    const left = (body as Array<{ index: string }>).map((row) => row.index).sort();
    expect(left).toEqual([`${prefix}-2026.05.20`, `${prefix}-2026.05.21`, deadLetterIndexName(prefix)].sort());
  });
});
