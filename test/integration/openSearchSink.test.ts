import type { Client } from '@opensearch-project/opensearch';
import type { LogDocument } from '../../shared/core/types.js';
import { deliverDocuments } from '../../shared/pipeline/deliver/index.js';
import { createOpenSearchSink } from '../../shared/sinks/opensearch/bulkSink.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import { createOpenSearchDeadLetterSink, deadLetterIndexName } from '../../shared/sinks/opensearch/deadLetterIndex.js';
import { installIndexTemplate } from '../../shared/sinks/opensearch/installTemplates.js';
import { aLogDocument } from '../builders.js';
import { requireOpenSearch, uniqueName } from '../support/services.js';

function aDocumentOn(day: string, n: number, overrides: Partial<LogDocument> = {}): LogDocument {
  return aLogDocument({
    '@timestamp': `${day}T${String(n % 24).padStart(2, '0')}:15:00.000Z`,
    message: `Story ${n} generated for the bedtime session`,
    category: n % 3 === 0 ? 'child_safety' : 'business',
    service: 'story-service',
    environment: 'production',
    tags: n % 3 === 0 ? ['child_safety', 'compliance'] : [],
    client_ip: '203.0.113.0',
    geoip: { country_iso_code: 'GB', continent_code: 'EU' },
    redaction: { email: 1 },
    aws: { ...aLogDocument().aws, event_id: `${day}-${n}` },
    metadata: { story_id: `st_${n}`, word_count: 400 + n, 'odd.key with spaces': { nested: [1, 'two'] } },
    ...overrides,
  });
}

async function countIn(client: Client, index: string): Promise<number> {
  await client.indices.refresh({ index });
  return Number((await client.count({ index })).body.count);
}

describe('the OpenSearch sink against a real node', () => {
  let client: Client;
  const prefix = uniqueName('teddy-it');

  beforeAll(async () => {
    client = createOpenSearchClient({ url: await requireOpenSearch(), maxRetries: 0 });
    await installIndexTemplate(client, prefix);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` });
    await client.indices.deleteIndexTemplate({ name: prefix });
    await client.indices.deleteIndexTemplate({ name: deadLetterIndexName(prefix) });
    await client.close();
  });

  it('installs the index templates idempotently', async () => {
    expect(await installIndexTemplate(client, prefix)).toEqual([prefix, `${prefix}-deadletter`]);
    const { body } = await client.indices.getIndexTemplate({ name: prefix });
    expect(body.index_templates[0]?.index_template.index_patterns).toEqual([`${prefix}-*`]);
  });

  it('writes each document to the daily index of its @timestamp, searchable, under the template mappings', async () => {
    const documents = [
      ...Array.from({ length: 30 }, (_, n) => aDocumentOn('2026-01-15', n)),
      ...Array.from({ length: 12 }, (_, n) => aDocumentOn('2026-01-16', n)),
      aDocumentOn('2026-01-16', 99, { '@timestamp': '2026-01-16T23:30:00.000-05:00' }),
    ];
    const sink = createOpenSearchSink({ client, indexPrefix: prefix, maxBulkDocs: 7, refresh: true });

    expect(await sink.deliver(documents)).toEqual({ delivered: 43, failed: [] });

    expect(await countIn(client, `${prefix}-2026.01.15`)).toBe(30);
    expect(await countIn(client, `${prefix}-2026.01.16`)).toBe(12);
    expect(await countIn(client, `${prefix}-2026.01.17`)).toBe(1); // 23:30 at UTC-5 is the next day in UTC

    const { body: mapping } = await client.indices.getMapping({ index: `${prefix}-2026.01.15` });
    const properties = mapping[`${prefix}-2026.01.15`]?.mappings.properties as Record<string, Record<string, unknown>>;
    expect(properties.metadata?.type).toBe('flat_object');
    expect(properties['@timestamp']?.type).toBe('date');
    expect(properties.level?.type).toBe('keyword');
    expect(properties.client_ip?.type).toBe('ip');
    expect(properties.message).toMatchObject({ type: 'text', fields: { keyword: { type: 'keyword' } } });
    expect(properties.redaction).toMatchObject({ properties: { email: { type: 'integer' } } });

    const { body: found } = await client.search({
      index: `${prefix}-2026.01.15`,
      body: {
        query: {
          bool: { filter: [{ term: { category: 'child_safety' } }, { term: { 'metadata.story_id': 'st_3' } }] },
        },
      },
    });
    expect(found.hits.hits.map((hit) => hit._source?.message)).toEqual(['Story 3 generated for the bedtime session']);
  });

  it('adds no document when the same documents are delivered again', async () => {
    const documents = Array.from({ length: 20 }, (_, n) => aDocumentOn('2026-02-01', n));
    const sink = createOpenSearchSink({ client, indexPrefix: prefix, refresh: true });

    expect(await sink.deliver(documents)).toEqual({ delivered: 20, failed: [] });
    // A replay: the same events, even in another order and in other batches, overwrite themselves.
    expect(await sink.deliver(documents.slice(10))).toEqual({ delivered: 10, failed: [] });
    expect(await sink.deliver([...documents].reverse())).toEqual({ delivered: 20, failed: [] });

    expect(await countIn(client, `${prefix}-2026.02.01`)).toBe(20);
  });

  it('dead-letters a document the mapping rejects, with the error and the document as a string, and delivers the rest', async () => {
    const good = Array.from({ length: 5 }, (_, n) => aDocumentOn('2026-03-01', n));
    const conflicting = aDocumentOn('2026-03-01', 5, { original_size: 'not a number' as unknown as number });
    const sink = createOpenSearchSink({ client, indexPrefix: prefix, refresh: true });
    const deadLetters = createOpenSearchDeadLetterSink({
      client,
      index: deadLetterIndexName(prefix),
      refresh: true,
    });

    const outcome = await deliverDocuments([...good, conflicting], sink, deadLetters);

    expect(outcome.delivered).toEqual(good);
    expect(outcome.deadLettered).toHaveLength(1);
    expect(await countIn(client, `${prefix}-2026.03.01`)).toBe(5);
    const { body } = await client.search({ index: deadLetterIndexName(prefix) });
    const letter = body.hits.hits[0]?._source as Record<string, string>;
    expect(body.hits.hits).toHaveLength(1);
    expect(letter.kind).toBe('undeliverable');
    expect(letter.reason).toMatch(/rejected by .*-2026\.03\.01: HTTP 400 mapper_parsing_exception/);
    expect(JSON.parse(letter.content)).toEqual(conflicting);
  });

  it('accepts strings over 32,766 bytes: keywords kept in _source unindexed, metadata cut with a marker', async () => {
    const huge = 'é'.repeat(20_000); // 40,000 UTF-8 bytes: over Lucene's term limit
    const document = aDocumentOn('2026-05-02', 1, {
      correlation_id: huge,
      service: huge,
      category: huge,
      tags: [huge, 'short'],
      metadata: { stack: huge },
    });
    const sink = createOpenSearchSink({ client, indexPrefix: prefix, refresh: 'wait_for' });

    expect(await sink.deliver([document])).toEqual({ delivered: 1, failed: [] });
    const { body } = await client.search({
      index: `${prefix}-2026.05.02`,
      body: { query: { term: { tags: 'short' } } },
    });
    expect(body.hits.hits).toHaveLength(1);
    expect(body.hits.hits[0]?._source?.correlation_id).toBe(huge);
    expect(body.hits.hits[0]?._source?.metadata?.stack).toMatch(/^é+…\[truncated: 40000 bytes\]$/);
    expect(body.hits.hits[0]?._source?.truncated).toBe(true);
  });
});
