import type { Client } from '@opensearch-project/opensearch';
import { DeliveryError } from '../../core/errors.js';
import type { ChildMatcher } from './childMatcher.js';
import { mentionsChild } from './records.js';

/** Letters per scroll page and per bulk delete. */
const PAGE_SIZE = 500;

export interface DeadLetterIndexErasureReport {
  index: string;
  letters_scanned: number;
  /** Removed (or in a dry run, that would be). */
  letters_removed: number;
}

/**
 * Removes the child's letters from the dead-letter index (`<prefix>-deadletter`). Every letter is read and judged
 * here, not by a query: a letter's `content` is the input as it came — a raw line with the raw child id, or a base64
 * subscription payload no full-text query can look into — so only the same matcher as for every other store finds
 * them all. The index is small (letters expire with the logs, see retention).
 */
export async function eraseFromDeadLetterIndex(
  client: Client,
  options: { index: string; matches: ChildMatcher; dryRun: boolean },
): Promise<DeadLetterIndexErasureReport> {
  const { index, matches, dryRun } = options;
  const report: DeadLetterIndexErasureReport = { index, letters_scanned: 0, letters_removed: 0 };
  const exists = await client.indices.exists({ index });
  if (!exists.body) return report;
  const ids = await scanMatchingIds(client, index, matches, report);
  report.letters_removed = ids.length;
  if (!dryRun && ids.length > 0) await deleteIds(client, index, ids);
  return report;
}

async function scanMatchingIds(
  client: Client,
  index: string,
  matches: ChildMatcher,
  report: DeadLetterIndexErasureReport,
): Promise<string[]> {
  const ids: string[] = [];
  let response = await client.search({ index, scroll: '2m', size: PAGE_SIZE, body: { query: { match_all: {} } } });
  let scrollId = response.body._scroll_id;
  try {
    for (;;) {
      const hits = response.body.hits.hits;
      if (hits.length === 0) break;
      for (const hit of hits) {
        report.letters_scanned += 1;
        if (hit._id && mentionsChild(JSON.stringify(hit._source ?? {}), matches)) ids.push(hit._id);
      }
      if (!scrollId) break;
      response = await client.scroll({ scroll_id: scrollId, scroll: '2m' });
      scrollId = response.body._scroll_id ?? scrollId;
    }
  } finally {
    if (scrollId) await client.clearScroll({ scroll_id: scrollId }).catch(() => undefined);
  }
  return ids;
}

async function deleteIds(client: Client, index: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += PAGE_SIZE) {
    const body = ids.slice(i, i + PAGE_SIZE).map((id) => ({ delete: { _index: index, _id: id } }));
    const response = await client.bulk({ body, refresh: true });
    const failed = (response.body.items ?? []).filter((item) => {
      const status = item.delete?.status ?? 500;
      return status >= 300 && status !== 404;
    });
    if (failed.length) throw new DeliveryError(`could not delete ${failed.length} letter(s) from ${index}`);
  }
}
