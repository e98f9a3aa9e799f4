import { join } from 'node:path';
import type { Config } from '../shared/core/config.js';
import { ConfigError, describeError } from '../shared/core/errors.js';
import { maskUrl } from '../shared/core/secrets.js';
import { createCircuitBreaker } from '../shared/sinks/circuitBreaker.js';
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

/**
 * An Elasticsearch client from the configuration (ELASTICSEARCH_HOSTS …) or `--elasticsearch-url`. `endpoint` is the
 * hosts as they may be printed: a password in a URL masked.
 */
export function createConfiguredElasticsearchClient(config: Config, url?: string) {
  const options = elasticsearchClientOptionsFrom(config, url);
  const endpoint = parseElasticsearchHosts(options.hosts).map(maskUrl).join(',');
  return { client: createElasticsearchClient(options), endpoint };
}

/** How a run treats a cluster that does not answer at all at the start (the same as `--sink opensearch`). */
export interface UnreachableAtStart {
  keepInDeadLetters: true;
  warn: (message: string) => void;
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
  const prefix = config.OPENSEARCH_INDEX;
  const fallbackPath = join(config.LOG_DIR, 'dead-letters.ndjson');
  try {
    await prepareElasticsearchForWriting(client, { indexPrefix: prefix, where: endpoint });
  } catch (error) {
    await client.close();
    if (unreachable && !answered(error instanceof ConfigError ? error.cause : error)) {
      const reason = `Elasticsearch at ${endpoint} did not answer at the start (${describeError(error)}): not sent`;
      unreachable.warn(`teddy-logs: WARNING: ${reason}; every record is kept in ${fallbackPath}`);
      return keepEverythingSinks(endpoint, reason, fallbackPath);
    }
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `Elasticsearch at ${endpoint} did not accept the index template: ${describeError(error)}. ` +
        'Check that the cluster is up and the hosts and credentials are right, or use --sink file.',
      error,
    );
  }
  const deadLetterIndex = deadLetterIndexName(prefix);
  // One cluster: when it stops answering, the documents and their dead letters stop waiting on it together.
  const breaker = createCircuitBreaker();
  const sink = createElasticsearchSink({ client, indexPrefix: prefix, breaker });
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
      name: `elasticsearch:${endpoint}`,
      deliver: async (documents) => ({ delivered: 0, failed: documents.map((document) => ({ document, reason })) }),
    },
    deadLetters: createFileDeadLetterSink(fallbackPath),
    deadLetterLocation: fallbackPath,
  };
}
