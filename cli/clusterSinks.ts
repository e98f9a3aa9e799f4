import type { Client } from '@opensearch-project/opensearch';
import { describeError } from '../shared/core/errors.js';
import { createCircuitBreaker } from '../shared/sinks/circuitBreaker.js';
import { createElasticsearchDeadLetterSink, createElasticsearchSink } from '../shared/sinks/elasticsearch/index.js';
import { createFileDeadLetterSink } from '../shared/sinks/localDeadLetters.js';
import { createOpenSearchSink } from '../shared/sinks/opensearch/bulkSink.js';
import { createOpenSearchDeadLetterSink, deadLetterIndexName } from '../shared/sinks/opensearch/deadLetterIndex.js';
import type { RunSinks } from './process.js';

/** The search clusters a run can write to; one client and one bulk path serve both (shared/sinks/elasticsearch). */
export const ClusterKind = { OPENSEARCH: 'opensearch', ELASTICSEARCH: 'elasticsearch' } as const;
export type ClusterKindName = (typeof ClusterKind)[keyof typeof ClusterKind];

const CLUSTER_NAMES: Record<ClusterKindName, string> = { opensearch: 'OpenSearch', elasticsearch: 'Elasticsearch' };

/** How a run treats a cluster that does not answer at all at the start. */
export interface UnreachableAtStart {
  keepInDeadLetters: true;
  warn: (message: string) => void;
}

/** A cluster ready for writing, and where a run keeps what it refuses. */
export interface PreparedCluster {
  kind: ClusterKindName;
  client: Client;
  /** The address as it may be printed (a password masked). */
  endpoint: string;
  indexPrefix: string;
  /** LOG_DIR/dead-letters.ndjson: what the cluster does not take at all. */
  fallbackPath: string;
}

/** True when the cluster answered (with an HTTP status), however it answered. */
export function answered(error: unknown): boolean {
  const status = (error as { meta?: { statusCode?: unknown } } | undefined)?.meta?.statusCode;
  return typeof status === 'number';
}

/**
 * The run's sinks on a prepared cluster: bulk into daily indices; rejected documents into the `<prefix>-deadletter`
 * index, and what the cluster does not take at all into the fallback file. One circuit breaker for both: when the
 * cluster stops answering, the documents and their dead letters stop waiting on it together.
 */
export function createClusterRunSinks(cluster: PreparedCluster): RunSinks {
  const { kind, client, endpoint, indexPrefix, fallbackPath } = cluster;
  const deadLetterIndex = deadLetterIndexName(indexPrefix);
  const breaker = createCircuitBreaker();
  const createSink = kind === ClusterKind.OPENSEARCH ? createOpenSearchSink : createElasticsearchSink;
  const createDeadLetters =
    kind === ClusterKind.OPENSEARCH ? createOpenSearchDeadLetterSink : createElasticsearchDeadLetterSink;
  const sink = createSink({ client, indexPrefix, breaker });
  return {
    sink: {
      ...sink,
      name: `${kind}:${endpoint}`,
      async close() {
        // Make the run's documents searchable as soon as the command returns, then let the process exit.
        await client.indices.refresh({ index: `${indexPrefix}-*` }).catch(() => undefined);
        await client.close();
      },
    },
    deadLetters: createDeadLetters({
      client,
      index: deadLetterIndex,
      fallback: createFileDeadLetterSink(fallbackPath),
      breaker,
    }),
    deadLetterLocation: `index ${deadLetterIndex} (or ${fallbackPath} when the cluster refuses)`,
  };
}

/**
 * Sinks for a cluster that did not answer at the start: it is down, not misconfigured, so every record is kept in
 * the dead-letter file for a later replay (exit status 3) and none is sent, so nothing lands in an index without the
 * template's mappings. The warning says so once.
 */
export function keepEverythingForReplay(
  cluster: Omit<PreparedCluster, 'client' | 'indexPrefix'>,
  error: unknown,
  unreachable: UnreachableAtStart,
): RunSinks {
  const { kind, endpoint, fallbackPath } = cluster;
  const reason = `${CLUSTER_NAMES[kind]} at ${endpoint} did not answer at the start (${describeError(error)}): not sent`;
  unreachable.warn(`teddy-logs: WARNING: ${reason}; every record is kept in ${fallbackPath}`);
  return {
    sink: {
      name: `${kind}:${endpoint}`,
      deliver: async (documents) => ({ delivered: 0, failed: documents.map((document) => ({ document, reason })) }),
    },
    deadLetters: createFileDeadLetterSink(fallbackPath),
    deadLetterLocation: fallbackPath,
  };
}
