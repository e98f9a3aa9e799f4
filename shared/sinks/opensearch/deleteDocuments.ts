import type { Client } from '@opensearch-project/opensearch';
import { DeliveryError } from '../../core/errors.js';

/** Documents per scroll page and bulk request in the fallback path. */
const PAGE_SIZE = 500;

export const DeleteMethod = {
  DELETE_BY_QUERY: 'delete_by_query',
  /** Where `_delete_by_query` is missing (a node without the reindex module): scroll the ids, bulk-delete them. */
  SCROLL_AND_BULK: 'scroll_and_bulk',
} as const;
export type DeleteMethodName = (typeof DeleteMethod)[keyof typeof DeleteMethod];

/**
 * Deletes every document of `index` that matches `query`, waiting for completion and refreshing, and says how.
 * `_delete_by_query` where the cluster has it; else (a node without the reindex module) the ids are scrolled and
 * bulk-deleted. `known` skips the probe once a previous call found out which method works.
 */
export async function deleteMatchingDocuments(
  client: Client,
  index: string,
  query: object,
  known?: DeleteMethodName,
): Promise<{ deleted: number; method: DeleteMethodName }> {
  if (known !== DeleteMethod.SCROLL_AND_BULK) {
    const deleted = await deleteByQuery(client, index, query);
    if (deleted !== undefined) return { deleted, method: DeleteMethod.DELETE_BY_QUERY };
  }
  return { deleted: await scrollAndDelete(client, index, query), method: DeleteMethod.SCROLL_AND_BULK };
}

/** Deleted count, or undefined when the cluster has no `_delete_by_query` (no reindex module). */
async function deleteByQuery(client: Client, index: string, query: object): Promise<number | undefined> {
  try {
    const response = await client.deleteByQuery({
      index,
      body: { query },
      wait_for_completion: true,
      refresh: true,
      conflicts: 'proceed',
      expand_wildcards: 'none',
    });
    const body = response.body as { deleted?: number; failures?: unknown[] };
    if (body.failures?.length) {
      throw new DeliveryError(`delete by query on ${index} reported ${body.failures.length} failure(s)`);
    }
    return body.deleted ?? 0;
  } catch (error) {
    const meta = (error as { meta?: { statusCode?: number; body?: unknown } }).meta;
    if (meta?.statusCode === 400 && JSON.stringify(meta.body ?? '').includes('no handler found')) return undefined;
    throw error;
  }
}

/** The fallback: every matching id through a scroll, deleted in bulk, then a refresh. */
async function scrollAndDelete(client: Client, index: string, query: object): Promise<number> {
  let deleted = 0;
  let response = await client.search({
    index,
    scroll: '2m',
    body: { size: PAGE_SIZE, _source: false, query, sort: ['_doc'] } as never,
  });
  let scrollId = (response.body as { _scroll_id?: string })._scroll_id;
  try {
    for (;;) {
      const hits = (response.body as { hits: { hits: Array<{ _id: string; _index: string }> } }).hits.hits;
      if (hits.length === 0) break;
      const bulk = await client.bulk({ body: hits.map((hit) => ({ delete: { _index: hit._index, _id: hit._id } })) });
      const items = (bulk.body as { items: Array<{ delete?: { status: number } }> }).items;
      const failed = items.filter((item) => item.delete && item.delete.status >= 300 && item.delete.status !== 404);
      if (failed.length) throw new DeliveryError(`bulk delete on ${index}: ${failed.length} document(s) not deleted`);
      deleted += items.filter((item) => item.delete?.status === 200).length;
      if (!scrollId) break;
      response = await client.scroll({ body: { scroll_id: scrollId, scroll: '2m' } } as never);
      scrollId = (response.body as { _scroll_id?: string })._scroll_id ?? scrollId;
    }
  } finally {
    if (scrollId) await client.clearScroll({ body: { scroll_id: scrollId } } as never).catch(() => undefined);
  }
  await client.indices.refresh({ index });
  return deleted;
}
