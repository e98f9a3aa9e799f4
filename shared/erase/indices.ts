import type { Client } from '@opensearch-project/opensearch';
import { DeliveryError } from '../errors.js';

/** Indices with matches returned by one aggregation; far above the number of daily indices kept (retention). */
const MAX_INDICES = 10_000;
/** Documents per scroll page and bulk request in the fallback path. */
const PAGE_SIZE = 500;

export const DeleteMethod = {
  DELETE_BY_QUERY: 'delete_by_query',
  /** Where `_delete_by_query` is missing (a node without the reindex module): scroll the ids, bulk-delete them. */
  SCROLL_AND_BULK: 'scroll_and_bulk',
} as const;
export type DeleteMethodName = (typeof DeleteMethod)[keyof typeof DeleteMethod];

export interface IndexErasureReport {
  index_pattern: string;
  /** Documents deleted (or that would be) per index; only indices that held the child's documents appear. */
  deleted_per_index: Record<string, number>;
  total_deleted: number;
  /** The child's documents still found after the deletion and a refresh: 0 unless something wrote meanwhile. */
  remaining: number;
  /** Closed indices under the pattern: they cannot be searched, so they could not be checked. */
  closed_indices: string[];
  /** How the documents were deleted; absent in a dry run or when there was nothing to delete. */
  method?: DeleteMethodName;
}

/** Documents of the child: `child_id` (a keyword) is one of the hashes, or a dead letter's `content` names one. */
export function buildChildQuery(hashes: readonly string[]) {
  return {
    bool: {
      should: [{ terms: { child_id: [...hashes] } }, ...hashes.map((hash) => ({ match_phrase: { content: hash } }))],
      minimum_should_match: 1,
    },
  };
}

/**
 * Deletes every document of the child from every index under `<prefix>-*` (the daily indices and anything else the
 * pipeline keeps under the prefix), one delete-by-query per index that holds some, waiting for completion and
 * refreshing, so the counts are per index and the deletion is visible when the call returns. Then counts again.
 */
export async function eraseFromIndices(
  client: Client,
  options: { indexPrefix: string; hashes: readonly string[]; dryRun: boolean },
): Promise<IndexErasureReport> {
  const index = `${options.indexPrefix}-*`;
  const query = buildChildQuery(options.hashes);
  const perIndex = await countPerIndex(client, index, query);
  const deleted: Record<string, number> = {};
  let method: DeleteMethodName | undefined;
  for (const [name, count] of Object.entries(perIndex)) {
    if (options.dryRun) {
      deleted[name] = count;
      continue;
    }
    if (method !== DeleteMethod.SCROLL_AND_BULK) {
      const result = await deleteByQuery(client, name, query);
      if (result !== undefined) {
        deleted[name] = result;
        method = DeleteMethod.DELETE_BY_QUERY;
        continue;
      }
      method = DeleteMethod.SCROLL_AND_BULK;
    }
    deleted[name] = await scrollAndDelete(client, name, query);
  }
  const remaining = options.dryRun
    ? Object.values(perIndex).reduce((a, b) => a + b, 0)
    : Object.values(await countPerIndex(client, index, query)).reduce((a, b) => a + b, 0);
  return {
    index_pattern: index,
    deleted_per_index: deleted,
    total_deleted: Object.values(deleted).reduce((a, b) => a + b, 0),
    remaining: options.dryRun ? 0 : remaining,
    closed_indices: await listClosedIndices(client, index),
    ...(method ? { method } : {}),
  };
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

async function countPerIndex(client: Client, index: string, query: object): Promise<Record<string, number>> {
  const body = {
    size: 0,
    query,
    aggs: { per_index: { terms: { field: '_index', size: MAX_INDICES } } },
  };
  const response = await client.search({
    index,
    // The generated request types do not model a terms aggregation's `field`; the body is plain search DSL.
    body: body as never,
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  const buckets =
    (response.body as { aggregations?: { per_index?: { buckets?: Array<{ key: string; doc_count: number }> } } })
      .aggregations?.per_index?.buckets ?? [];
  return Object.fromEntries(buckets.map((b) => [b.key, b.doc_count]));
}

async function listClosedIndices(client: Client, index: string): Promise<string[]> {
  const response = await client.cat.indices({ index, format: 'json', h: ['index', 'status'], expand_wildcards: 'all' });
  return (response.body as Array<{ index?: string; status?: string }>)
    .filter((row) => row.status === 'close' && row.index)
    .map((row) => row.index as string)
    .sort();
}
