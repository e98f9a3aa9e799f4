import { join } from 'node:path';
import type { Config } from '../shared/core/config.js';
import { ConfigError, describeError } from '../shared/core/errors.js';
import { maskUrl } from '../shared/core/secrets.js';
import { createCircuitBreaker } from '../shared/sinks/circuitBreaker.js';
import { ClusterFlavor, explainWrongCluster } from '../shared/sinks/elasticsearch/index.js';
import { createFileDeadLetterSink } from '../shared/sinks/localDeadLetters.js';
import { createOpenSearchSink } from '../shared/sinks/opensearch/bulkSink.js';
import { createOpenSearchClient } from '../shared/sinks/opensearch/client.js';
import { createOpenSearchDeadLetterSink, deadLetterIndexName } from '../shared/sinks/opensearch/deadLetterIndex.js';
import { installIndexTemplate } from '../shared/sinks/opensearch/installTemplates.js';
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
  unreachable?: { keepInDeadLetters: true; warn: (message: string) => void },
): Promise<RunSinks> {
  const { client, endpoint } = createConfiguredOpenSearchClient(config, url);
  const prefix = config.OPENSEARCH_INDEX;
  const fallbackPath = join(config.LOG_DIR, 'dead-letters.ndjson');
  try {
    await installIndexTemplate(client, prefix);
  } catch (error) {
    // Elasticsearch refuses the OpenSearch template (flat_object): say which --sink writes to that cluster instead.
    const wrongCluster = answered(error)
      ? await explainWrongCluster(client, ClusterFlavor.OPENSEARCH, endpoint)
      : undefined;
    await client.close();
    if (wrongCluster) throw new ConfigError(wrongCluster, error);
    if (unreachable && !answered(error)) {
      // A cluster that does not answer at all is down, not misconfigured: every record is kept for a later replay
      // (exit status 3), and none is sent, so nothing lands in an index without the template's mappings.
      const reason = `OpenSearch at ${endpoint} did not answer at the start (${describeError(error)}): not sent`;
      unreachable.warn(`teddy-logs: WARNING: ${reason}; every record is kept in ${fallbackPath}`);
      return keepEverythingSinks(endpoint, reason, fallbackPath);
    }
    throw new ConfigError(
      `OpenSearch at ${endpoint} did not accept the index template: ${describeError(error)}. ` +
        'Check that the cluster is up and the URL and credentials are right, or use --sink file.',
      error,
    );
  }
  const deadLetterIndex = deadLetterIndexName(prefix);
  // One cluster: when it stops answering, the documents and their dead letters stop waiting on it together.
  const breaker = createCircuitBreaker();
  const sink = createOpenSearchSink({ client, indexPrefix: prefix, breaker });
  return {
    sink: {
      ...sink,
      name: `opensearch:${endpoint}`,
      async close() {
        // Make the run's documents searchable as soon as the command returns, then let the process exit.
        await client.indices.refresh({ index: `${prefix}-*` }).catch(() => undefined);
        await client.close();
      },
    },
    deadLetters: createOpenSearchDeadLetterSink({
      client,
      index: deadLetterIndex,
      fallback: createFileDeadLetterSink(fallbackPath),
      breaker,
    }),
    deadLetterLocation: `index ${deadLetterIndex} (or ${fallbackPath} when the cluster refuses)`,
  };
}

/** True when the cluster answered (with an HTTP status), however it answered. */
function answered(error: unknown): boolean {
  const status = (error as { meta?: { statusCode?: unknown } } | undefined)?.meta?.statusCode;
  return typeof status === 'number';
}

/** Sinks for a cluster that is down: every document straight to the dead-letter file, with the reason. */
function keepEverythingSinks(endpoint: string, reason: string, fallbackPath: string): RunSinks {
  return {
    sink: {
      name: `opensearch:${endpoint}`,
      deliver: async (documents) => ({ delivered: 0, failed: documents.map((document) => ({ document, reason })) }),
    },
    deadLetters: createFileDeadLetterSink(fallbackPath),
    deadLetterLocation: fallbackPath,
  };
}
