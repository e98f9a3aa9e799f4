import { join } from 'node:path';
import type { Config } from '../shared/core/config.js';
import { ConfigError, describeError } from '../shared/core/errors.js';
import { maskUrl } from '../shared/core/secrets.js';
import {
  createElasticsearchClient,
  elasticsearchClientOptionsFrom,
  parseElasticsearchHosts,
  prepareElasticsearchForWriting,
} from '../shared/sinks/elasticsearch/index.js';
import {
  answered,
  ClusterKind,
  createClusterRunSinks,
  keepEverythingForReplay,
  type UnreachableAtStart,
} from './clusterSinks.js';
import type { RunSinks } from './process.js';

/**
 * An Elasticsearch client from the configuration (ELASTICSEARCH_HOSTS …) or `--elasticsearch-url`. `endpoint` is the
 * hosts as they may be printed: a password in a URL masked.
 */
export function createConfiguredElasticsearchClient(config: Config, url?: string) {
  const options = elasticsearchClientOptionsFrom(config, url);
  const endpoint = parseElasticsearchHosts(options.hosts).map(maskUrl).join(',');
  return { client: createElasticsearchClient(options), endpoint };
}

/**
 * `--sink elasticsearch`: checks the cluster is Elasticsearch 8.x/9.x (an OpenSearch cluster is refused in one line
 * naming `--sink opensearch`), installs the index templates, then bulk-indexes into daily indices; rejected documents
 * go to the `<prefix>-deadletter` index, and what the cluster does not take at all to LOG_DIR/dead-letters.ndjson.
 * With `unreachable`, a cluster that does not answer at the start is not an error: every record is kept in the
 * dead-letter file for a replay, and none is sent.
 */
export async function createElasticsearchRunSinks(
  config: Config,
  url?: string,
  unreachable?: UnreachableAtStart,
): Promise<RunSinks> {
  const { client, endpoint } = createConfiguredElasticsearchClient(config, url);
  const cluster = {
    kind: ClusterKind.ELASTICSEARCH,
    client,
    endpoint,
    indexPrefix: config.OPENSEARCH_INDEX,
    fallbackPath: join(config.LOG_DIR, 'dead-letters.ndjson'),
  };
  try {
    await prepareElasticsearchForWriting(client, { indexPrefix: cluster.indexPrefix, where: endpoint });
  } catch (error) {
    await client.close();
    if (unreachable && !answered(error instanceof ConfigError ? error.cause : error)) {
      return keepEverythingForReplay(cluster, error, unreachable);
    }
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Elasticsearch at ${endpoint} did not accept the index template: ${describeError(error)}. ` +
        'Check that the cluster is up and the hosts and credentials are right, or use --sink file.',
      error,
    );
  }
  return createClusterRunSinks(cluster);
}
