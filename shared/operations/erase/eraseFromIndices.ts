import type { Client } from '@opensearch-project/opensearch';
import { type DeleteMethodName, deleteMatchingDocuments } from '../../sinks/opensearch/deleteDocuments.js';
import { MIN_BARE_ID_LENGTH } from './childMatcher.js';

/** Indices with matches returned by one aggregation; far above the number of daily indices kept (retention). */
const MAX_INDICES = 10_000;

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

/** What the index query looks for: the hashes, and optionally the raw id where a rule may have missed it. */
export interface ChildQueryTerms {
  hashes: readonly string[];
  /** A distinctive raw id (MIN_BARE_ID_LENGTH or longer): also looked for in `message` and `metadata` values. */
  rawId?: string;
}

/**
 * Documents of the child: `child_id` (a keyword) is one of the hashes, or a dead letter's `content` names one; and,
 * for a distinctive raw id, a `message` that holds it as a phrase or a `metadata` value equal to it — where a record
 * written before a redaction rule existed would keep it.
 */
export function buildChildQuery(terms: ChildQueryTerms, excludeIndices: readonly string[] = []) {
  const { hashes, rawId } = terms;
  const raw =
    rawId && rawId.length >= MIN_BARE_ID_LENGTH
      ? [{ match_phrase: { message: rawId } }, { term: { metadata: rawId } }]
      : [];
  return {
    bool: {
      should: [
        { terms: { child_id: [...hashes] } },
        ...hashes.map((hash) => ({ match_phrase: { content: hash } })),
        ...raw,
      ],
      minimum_should_match: 1,
      // Excluded indices are searched another way (the dead-letter index: every letter read).
      ...(excludeIndices.length ? { must_not: [{ terms: { _index: [...excludeIndices] } }] } : {}),
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
  options: {
    indexPrefix: string;
    hashes: readonly string[];
    rawId?: string;
    dryRun: boolean;
    excludeIndices?: readonly string[];
  },
): Promise<IndexErasureReport> {
  const index = `${options.indexPrefix}-*`;
  const query = buildChildQuery({ hashes: options.hashes, rawId: options.rawId }, options.excludeIndices);
  const perIndex = await countPerIndex(client, index, query);
  const deleted: Record<string, number> = {};
  let method: DeleteMethodName | undefined;
  for (const [name, count] of Object.entries(perIndex)) {
    if (options.dryRun) {
      deleted[name] = count;
      continue;
    }
    const result = await deleteMatchingDocuments(client, name, query, method);
    deleted[name] = result.deleted;
    method = result.method;
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
