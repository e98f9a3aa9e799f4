/**
 * The CLI's Elasticsearch pieces against the real nodes: `--sink elasticsearch`'s run sinks (cluster check, template,
 * bulk sink, dead-letter index) and the refusal of the wrong cluster in one line naming the right `--sink`.
 */
import type { Client } from '@opensearch-project/opensearch';
import { createConfiguredElasticsearchClient, createElasticsearchRunSinks } from '../../cli/elasticsearchSinks.js';
import { loadConfig } from '../../shared/core/config.js';
import { ConfigError } from '../../shared/core/errors.js';
import { aLogDocument } from '../builders.js';
import {
  elasticsearchNodesUnderTest,
  requireElasticsearch,
  requireOpenSearch,
  uniqueName,
} from '../support/services.js';

describe.each(elasticsearchNodesUnderTest())('--sink elasticsearch run sinks on $label', ({ url }) => {
  let client: Client;
  const prefix = uniqueName('teddy-es-cli');

  beforeAll(async () => {
    ({ client } = createConfiguredElasticsearchClient(
      loadConfig({ ELASTICSEARCH_HOSTS: await requireElasticsearch(url) }),
    ));
  });
  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    for (const name of [prefix, `${prefix}-deadletter`]) {
      await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    }
    await client.close();
  });

  it('reads ELASTICSEARCH_HOSTS and ELASTICSEARCH_INDEX, installs the template and writes daily indices', async () => {
    const config = loadConfig({ ELASTICSEARCH_HOSTS: `127.0.0.1:1,${new URL(url).host}`, ELASTICSEARCH_INDEX: prefix });
    const sinks = await createElasticsearchRunSinks(config);
    expect(sinks.sink.name).toBe(`elasticsearch:http://127.0.0.1:1,http://${new URL(url).host}`);
    expect(sinks.deadLetterLocation).toMatch(new RegExp(`^index ${prefix}-deadletter`));
    const documents = [1, 2, 3].map((n) =>
      aLogDocument({ '@timestamp': '2026-03-03T10:00:00.000Z', aws: { ...aLogDocument().aws, event_id: `cli-${n}` } }),
    );
    expect(await sinks.sink.deliver(documents)).toEqual({ delivered: 3, failed: [] });
    await sinks.sink.close?.();
    expect((await client.count({ index: `${prefix}-2026.03.03` })).body.count).toBe(3);
  });
});

describe('the wrong cluster', () => {
  it('--sink elasticsearch on OpenSearch stops in one line naming --sink opensearch', async () => {
    const url = await requireOpenSearch();
    const run = createElasticsearchRunSinks(loadConfig({ ELASTICSEARCH_INDEX: uniqueName('teddy-es-cli') }), url);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/^http:\S+ is OpenSearch 2\.\d+\.\d+, not elasticsearch: use --sink opensearch$/);
  });

  it('a cluster that does not answer at the start: every record kept for a replay when asked, else a clear error', async () => {
    const config = loadConfig({ ELASTICSEARCH_HOSTS: '127.0.0.1:1', ELASTICSEARCH_TIMEOUT: '2' });
    const warnings: string[] = [];
    const sinks = await createElasticsearchRunSinks(config, undefined, {
      keepInDeadLetters: true,
      warn: (message) => warnings.push(message),
    });
    const document = aLogDocument();
    const result = await sinks.sink.deliver([document]);
    expect(result.delivered).toBe(0);
    expect(result.failed[0]?.reason).toMatch(/^Elasticsearch at http:\/\/127\.0\.0\.1:1 did not answer at the start/);
    expect(warnings).toEqual([expect.stringMatching(/every record is kept in .*dead-letters\.ndjson$/)]);

    await expect(createElasticsearchRunSinks(config)).rejects.toThrow(/did not answer GET \//);
  });

  it('no host configured is a ConfigError that names ELASTICSEARCH_HOSTS', async () => {
    await expect(createElasticsearchRunSinks(loadConfig({}))).rejects.toThrow(/ELASTICSEARCH_HOSTS/);
  });
});
