import { join } from 'node:path';
import type { Config } from '../shared/core/config.js';
import { ConfigError, describeError } from '../shared/core/errors.js';
import { maskUrl } from '../shared/core/secrets.js';
import { ClusterFlavor, explainWrongCluster } from '../shared/sinks/elasticsearch/index.js';
import { createOpenSearchClient } from '../shared/sinks/opensearch/client.js';
import { installIndexTemplate } from '../shared/sinks/opensearch/installTemplates.js';
import {
  answered,
  ClusterKind,
  createClusterRunSinks,
  keepEverythingForReplay,
  type UnreachableAtStart,
} from './clusterSinks.js';
import type { RunSinks } from './process.js';

/**
 * An OpenSearch client from the configuration, or a ConfigError that says which setting is missing. `endpoint` is
 * the address as it may be printed: a password in it masked (it ends up in summaries and dead-letter reasons).
 */
export function createConfiguredOpenSearchClient(config: Config, url?: string) {
  const address = url ?? config.OPENSEARCH_URL;
  if (!address) {
    throw new ConfigError('no OpenSearch address: pass --opensearch-url http://host:9200 or set OPENSEARCH_URL');
  }
  const endpoint = maskUrl(address);
  try {
    const client = createOpenSearchClient({
      url: address,
      auth: config.OPENSEARCH_AUTH,
      username: config.OPENSEARCH_USERNAME,
      password: config.OPENSEARCH_PASSWORD,
      region: config.AWS_REGION,
    });
    return { client, endpoint };
  } catch (error) {
    throw new ConfigError(`${describeError(error)} (OPENSEARCH_AUTH=${config.OPENSEARCH_AUTH})`, error);
  }
}

/**
 * `--sink opensearch`: bulk into daily indices; rejected documents into the `<prefix>-deadletter` index, and what the
 * cluster does not take at all into LOG_DIR/dead-letters.ndjson. The index template is installed first (idempotent),
 * so a fresh cluster gets the document contract's mappings before the first document.
 */
export async function createOpenSearchRunSinks(
  config: Config,
  url?: string,
  unreachable?: UnreachableAtStart,
): Promise<RunSinks> {
  const { client, endpoint } = createConfiguredOpenSearchClient(config, url);
  const cluster = {
    kind: ClusterKind.OPENSEARCH,
    client,
    endpoint,
    indexPrefix: config.OPENSEARCH_INDEX,
    fallbackPath: join(config.LOG_DIR, 'dead-letters.ndjson'),
  };
  try {
    await installIndexTemplate(client, cluster.indexPrefix);
  } catch (error) {
    // Elasticsearch refuses the OpenSearch template (flat_object): say which --sink writes to that cluster instead.
    const wrongCluster = answered(error)
      ? await explainWrongCluster(client, ClusterFlavor.OPENSEARCH, endpoint)
      : undefined;
    await client.close();
    if (wrongCluster) throw new ConfigError(wrongCluster, error);
    if (unreachable && !answered(error)) return keepEverythingForReplay(cluster, error, unreachable);
    throw new ConfigError(
      `OpenSearch at ${endpoint} did not accept the index template: ${describeError(error)}. ` +
        'Check that the cluster is up and the URL and credentials are right, or use --sink file.',
      error,
    );
  }
  return createClusterRunSinks(cluster);
}
