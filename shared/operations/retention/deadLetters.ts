import type { Client } from '@opensearch-project/opensearch';
import { deadLetterIndexName } from '../../sinks/opensearch/deadLetterIndex.js';
import { type DeleteMethodName, deleteMatchingDocuments } from '../../sinks/opensearch/deleteDocuments.js';

const DAY_MS = 86_400_000;

/** What retention did, or would do, to the dead-letter index of the direct OpenSearch path. */
export interface DeadLetterRetentionReport {
  index: string;
  /** Letters written (`at`) before this are expired. */
  cutoff: string;
  /** Deleted, or in a dry run, would be. */
  expired: number;
  method?: DeleteMethodName;
  /** Why nothing was checked (no such index). */
  skipped?: string;
}

/**
 * Dead letters are kept as long as the logs themselves, no longer: letters in `<prefix>-deadletter` written more than
 * `retentionDays` ago are deleted (judged by their `at` time, since that index is not daily).
 */
export async function expireDeadLetters(
  client: Client,
  options: { indexPrefix: string; retentionDays: number; now: Date; dryRun: boolean },
): Promise<DeadLetterRetentionReport> {
  const index = deadLetterIndexName(options.indexPrefix);
  const cutoff = new Date(options.now.getTime() - options.retentionDays * DAY_MS).toISOString();
  const exists = await client.indices.exists({ index });
  if (!exists.body) return { index, cutoff, expired: 0, skipped: 'no dead-letter index' };
  const query = { range: { at: { lt: cutoff } } };
  if (options.dryRun) {
    const response = await client.count({ index, body: { query } });
    return { index, cutoff, expired: (response.body as { count: number }).count };
  }
  const { deleted, method } = await deleteMatchingDocuments(client, index, query);
  return { index, cutoff, expired: deleted, method };
}
