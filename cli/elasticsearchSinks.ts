import { join } from 'node:path';
import type { Config } from '../shared/core/config.js';
import { ConfigError, describeError } from '../shared/core/errors.js';
import {
  createElasticsearchClient,
  createElasticsearchDeadLetterSink,
  createElasticsearchSink,
  elasticsearchClientOptionsFrom,
  parseElasticsearchHosts,
  prepareElasticsearchForWriting,
} from '../shared/sinks/elasticsearch/index.js';
import { createFileDeadLetterSink } from '../shared/sinks/localDeadLetters.js';
import { deadLetterIndexName } from '../shared/sinks/opensearch/deadLetterIndex.js';
import type { RunSinks } from './process.js';

/** An Elasticsearch client from the configuration (ELASTICSEARCH_HOSTS …) or `--elasticsearch-url`. */
export function createConfiguredElasticsearchClient(config: Config, url?: string) {
  const options = elasticsearchClientOptionsFrom(config, url);
  return { client: createElasticsearchClient(options), endpoint: parseElasticsearchHosts(options.hosts).join(',') };
}

/**
 * `--sink elasticsearch`: checks the cluster is Elasticsearch 8.x/9.x (an OpenSearch cluster is refused in one line
 * naming `--sink opensearch`), installs the index templates, then bulk-indexes into daily indices; rejected documents
 * go to the `<prefix>-deadletter` index, and what the cluster does not take at all to LOG_DIR/dead-letters.ndjson.
 */
export async function createElasticsearchRunSinks(config: Config, url?: string): Promise<RunSinks> {
  const { client, endpoint } = createConfiguredElasticsearchClient(config, url);
  const prefix = config.OPENSEARCH_INDEX;
  try {
    await prepareElasticsearchForWriting(client, { indexPrefix: prefix, where: endpoint });
  } catch (error) {
    await client.close();
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Elasticsearch at ${endpoint} did not accept the index template: ${describeError(error)}. ` +
        'Check that the cluster is up and the hosts and credentials are right, or use --sink file.',
      error,
    );
  }
  const fallbackPath = join(config.LOG_DIR, 'dead-letters.ndjson');
  const deadLetterIndex = deadLetterIndexName(prefix);
  const sink = createElasticsearchSink({ client, indexPrefix: prefix });
  return {
    sink: {
      ...sink,
      name: `elasticsearch:${endpoint}`,
      async close() {
        await client.indices.refresh({ index: `${prefix}-*` }).catch(() => undefined);
        await client.close();
      },
    },
    deadLetters: createElasticsearchDeadLetterSink({
      client,
      index: deadLetterIndex,
      fallback: createFileDeadLetterSink(fallbackPath),
    }),
    deadLetterLocation: `index ${deadLetterIndex} (or ${fallbackPath} when the cluster refuses)`,
  };
}
