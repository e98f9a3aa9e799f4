import type { Client } from '@opensearch-project/opensearch';
import esTemplate from '../../../elasticsearch/index-template.json';
import osTemplate from '../../../opensearch/index-template.json';
import {
  buildElasticsearchIndexTemplates,
  createElasticsearchClient,
  IlmStatus,
  installElasticsearchTemplates,
  setupElasticsearch,
} from '../../../shared/sinks/elasticsearch/index.js';
import { installIndexTemplate } from '../../../shared/sinks/opensearch/installTemplates.js';
import { elasticsearchNodesUnderTest, requireElasticsearch, uniqueName } from '../../support/services.js';

/** The setting names of a template body. */
function settingsOf(body: Record<string, unknown> | undefined): string[] {
  return Object.keys((body?.template as { settings?: object } | undefined)?.settings ?? {});
}

describe('the Elasticsearch index template', () => {
  it('is the OpenSearch template with flattened where OpenSearch has flat_object, and nothing else changed', () => {
    const normalise = (template: object) =>
      JSON.parse(JSON.stringify({ ...template, _meta: {} }).replaceAll('"flat_object"', '"flattened"'));
    expect(normalise(esTemplate)).toEqual(normalise(osTemplate));
    expect(JSON.stringify(esTemplate.template)).not.toContain('flat_object');
    expect(esTemplate.template.mappings.properties.metadata).toEqual({ type: 'flattened' });
  });

  it('names the ILM policy only when asked', () => {
    const [plain] = buildElasticsearchIndexTemplates('p');
    const [managed, deadLetters] = buildElasticsearchIndexTemplates('p', { lifecyclePolicy: 'p-lifecycle' });
    expect(plain?.body).toMatchObject({ template: { settings: { 'index.number_of_shards': 1 } } });
    expect(settingsOf(plain?.body)).not.toContain('index.lifecycle.name');
    expect(managed?.body).toMatchObject({
      index_patterns: ['p-*'],
      template: { settings: { 'index.lifecycle.name': 'p-lifecycle' } },
    });
    expect(deadLetters?.body).toMatchObject({ index_patterns: ['p-deadletter*'] });
    expect(settingsOf(deadLetters?.body)).not.toContain('index.lifecycle.name');
  });
});

describe.each(elasticsearchNodesUnderTest())('templates on the real $label node', ({ url }) => {
  let client: Client;
  const prefix = uniqueName('teddy-es-tpl');

  beforeAll(async () => {
    client = createElasticsearchClient({ hosts: [await requireElasticsearch(url)], maxRetries: 0 });
  });
  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    for (const name of [prefix, `${prefix}-deadletter`, `${prefix}-os`]) {
      await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    }
    await client.close();
  });

  it('refuses the OpenSearch template (flat_object), as the issue reported', async () => {
    await expect(installIndexTemplate(client, `${prefix}-os`)).rejects.toThrow(/flat_object|invalid/);
  });

  it('takes the Elasticsearch templates idempotently, and a new daily index gets flattened metadata', async () => {
    expect(await installElasticsearchTemplates(client, prefix)).toEqual([prefix, `${prefix}-deadletter`]);
    expect(await installElasticsearchTemplates(client, prefix)).toEqual([prefix, `${prefix}-deadletter`]);
    await client.index({
      index: `${prefix}-2026.04.01`,
      body: { '@timestamp': '2026-04-01T10:00:00Z', level: 'INFO', metadata: { a: { b: 'c' }, n: 3 } },
      refresh: true,
    });
    const { body } = await client.indices.getMapping({ index: `${prefix}-2026.04.01` });
    const properties = (body as Record<string, { mappings: { properties: Record<string, { type?: string }> } }>)[
      `${prefix}-2026.04.01`
    ]?.mappings.properties;
    expect(properties?.metadata?.type).toBe('flattened');
    expect(properties?.level?.type).toBe('keyword');
    const { body: found } = await client.count({
      index: `${prefix}-2026.04.01`,
      body: { query: { term: { 'metadata.a.b': 'c' } } },
    });
    expect(found.count).toBe(1);
  });

  it('rejects index.lifecycle.name on this ILM-less node, which is why setup only sets it where ILM answers', async () => {
    // A prefix of its own: one nested under `prefix` would overlap its template at the same priority.
    const [managed] = buildElasticsearchIndexTemplates(`${prefix}x`, { lifecyclePolicy: 'x' });
    await expect(client.indices.putIndexTemplate({ name: `${prefix}x`, body: managed?.body as never })).rejects.toThrow(
      /index\.lifecycle\.name/,
    );
    const report = await setupElasticsearch(client, {
      indexPrefix: prefix,
      retentionDays: 90,
      archiveDays: 30,
      dryRun: false,
      where: url,
    });
    expect(report.ilm.status).toBe(IlmStatus.UNAVAILABLE);
    expect(report.templates).toEqual([prefix, `${prefix}-deadletter`]);
  });
});
