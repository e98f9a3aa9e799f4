import type { Client } from '@opensearch-project/opensearch';
import type { DeliveryResult, LogDocument, Sink } from '../../core/types.js';
import { chunkBySize } from '../chunk.js';
import type { CircuitBreaker } from '../circuitBreaker.js';
import { computeDocumentId } from '../documentId.js';
import {
  OPENSEARCH_DEFAULT_MAX_BULK_BYTES,
  OPENSEARCH_DEFAULT_MAX_BULK_DOCS,
  OPENSEARCH_MAX_DOCUMENT_BYTES,
} from '../limits.js';
import { type ItemFailure, type RetryOptions, retryFailedItems } from '../retry.js';
import { fitDocument } from '../truncate.js';

/** The index prefix of the guide; daily indices are `<prefix>-YYYY.MM.DD`. */
export const DEFAULT_INDEX_PREFIX = 'ai-teddy-bear-logs';

export interface OpenSearchSinkOptions extends RetryOptions {
  client: Client;
  indexPrefix?: string;
  maxBulkBytes?: number;
  maxBulkDocs?: number;
  maxDocumentBytes?: number;
  /** `wait_for` makes written documents searchable before `deliver` returns (tests, the end of a CLI run). */
  refresh?: boolean | 'wait_for';
  /** Stops sending after consecutive batches that reached nothing (a dead cluster); shared with the dead letters. */
  breaker?: CircuitBreaker;
}

/** One bulk operation: the action line and the document line, and the document they came from. */
interface BulkOperation {
  document: LogDocument;
  index: string;
  id: string;
  lines: string;
  bytes: number;
  /** A request carrying it got no answer: the node may have written it (an acknowledgement lost on the way back). */
  maybeWritten?: boolean;
}

/** The per-item result of a bulk request (only what the classification reads). */
interface BulkItemResult {
  status?: number;
  error?: { type?: string; reason?: string };
}

/**
 * A sink that writes documents straight to OpenSearch with the bulk API: daily indices `<prefix>-YYYY.MM.DD` from
 * `@timestamp` (UTC), deterministic `_id`s (see computeDocumentId) and op_type `index`, so a retry or a replay
 * overwrites the same document instead of adding one; requests bounded by size and count.
 *
 * Each item of a bulk answer is classified like Vector's Elasticsearch sink: 429 and 5xx are retried with backoff,
 * only those items; any other 4xx (a mapping conflict, a document the index rejects) is not retried and comes back
 * in `failed` with the error. The pipeline then keeps it through its DeadLetterSink — for the CLI and self-managed
 * clusters, `createOpenSearchDeadLetterSink` writes it to `<prefix>-deadletter` as a string with the error. So a
 * rejected document is counted once, as dead-lettered, never as delivered, and the ledger adds up. A cluster that
 * cannot be reached ends with every remaining document in `failed` after the retries. The caller owns the client
 * (the dead-letter index shares it) and closes it.
 */
export function createOpenSearchSink(options: OpenSearchSinkOptions): Sink {
  const prefix = options.indexPrefix ?? DEFAULT_INDEX_PREFIX;
  const maxBulkBytes = options.maxBulkBytes ?? OPENSEARCH_DEFAULT_MAX_BULK_BYTES;
  const maxBulkDocs = options.maxBulkDocs ?? OPENSEARCH_DEFAULT_MAX_BULK_DOCS;
  const maxDocumentBytes = options.maxDocumentBytes ?? OPENSEARCH_MAX_DOCUMENT_BYTES;

  const sendBulk = (operations: BulkOperation[]) => sendBulkRequests(options, operations, maxBulkDocs, maxBulkBytes);

  return {
    name: `opensearch:${prefix}`,
    async deliver(documents: LogDocument[]): Promise<DeliveryResult> {
      const open = options.breaker?.check();
      if (open !== undefined) {
        return { delivered: 0, failed: documents.map((document) => ({ document, reason: open })) };
      }
      const { operations, failed } = prepareOperations(documents, prefix, maxDocumentBytes);
      const given = await retryFailedItems(operations, sendBulk, options);
      const undelivered = await reconcileUnknownOutcomes(options.client, given);
      for (const { item, reason } of undelivered) failed.push({ document: item.document, reason });
      reportToBreaker(options.breaker, operations.length, undelivered);
      return { delivered: documents.length - failed.length, failed };
    },
  };
}

/** Each document's bulk operation (daily index, deterministic id, fitted to the size limit), or why it has none. */
function prepareOperations(documents: LogDocument[], prefix: string, maxDocumentBytes: number) {
  const failed: DeliveryResult['failed'] = [];
  const operations: BulkOperation[] = [];
  documents.forEach((document, position) => {
    const index = computeDailyIndexName(prefix, document['@timestamp']);
    if (!index) {
      failed.push({
        document,
        reason: `no valid @timestamp to choose a daily index from: ${String(document['@timestamp'])}`,
      });
      return;
    }
    const fitted = fitDocument(document, maxDocumentBytes);
    if (!fitted.ok) {
      failed.push({ document, reason: fitted.reason });
      return;
    }
    const id = computeDocumentId(document, position);
    const action = JSON.stringify({ index: { _index: index, _id: id } });
    const lines = `${action}\n${fitted.json}\n`;
    // fitDocument has measured the document already: only the action line is left to count.
    operations.push({ document, index, id, lines, bytes: fitted.bytes + Buffer.byteLength(action) + 2 });
  });
  return { operations, failed };
}

/** One round of bulk requests, bounded by size and count; each item's failure classified. */
async function sendBulkRequests(
  options: OpenSearchSinkOptions,
  operations: BulkOperation[],
  maxBulkDocs: number,
  maxBulkBytes: number,
): Promise<ItemFailure<BulkOperation>[]> {
  const failures: ItemFailure<BulkOperation>[] = [];
  const chunks = chunkBySize(operations, { maxItems: maxBulkDocs, maxBytes: maxBulkBytes }, (op) => op.bytes);
  for (const chunk of chunks) {
    try {
      const response = await options.client.bulk({
        // Serialized here, so the size bounds above are exact; the client sends a string body as it is.
        body: chunk.map((op) => op.lines).join('') as unknown as [],
        ...(options.refresh !== undefined ? { refresh: options.refresh } : {}),
      });
      const items = (response.body?.items ?? []) as Array<Record<string, BulkItemResult>>;
      chunk.forEach((op, i) => {
        const result = items[i] ? Object.values(items[i])[0] : undefined;
        const failure = classifyBulkItem(result, op.index);
        if (failure) failures.push({ item: op, ...failure });
      });
    } catch (error) {
      const { reason, retryable, answered } = classifyRequestError(error);
      for (const op of chunk) {
        failures.push({ item: op, reason, retryable });
        if (!answered) op.maybeWritten = true;
      }
    }
  }
  return failures;
}

/**
 * Items given up after requests that got no answer may have been written all the same (the acknowledgement, not the
 * request, was lost). Their ids are deterministic, so the node is asked: those it holds are delivered, not dead
 * letters, and the summary's count is what the store holds. If the node cannot be asked, they stay undelivered (a
 * replay then overwrites by id, never duplicates).
 */
async function reconcileUnknownOutcomes(
  client: Client,
  given: Array<{ item: BulkOperation; reason: string }>,
): Promise<Array<{ item: BulkOperation; reason: string }>> {
  const unknown = given.filter(({ item }) => item.maybeWritten);
  if (unknown.length === 0) return given;
  const stored = await findStoredIds(
    client,
    unknown.map(({ item }) => ({ index: item.index, id: item.id })),
  );
  return stored.size === 0 ? given : given.filter(({ item }) => !stored.has(item.id));
}

/** Ids per request when asking the node what it holds: a small body, answered fast. */
const MGET_BATCH = 1_000;

/**
 * The ids among `documents` that the node holds, asked with `_mget` (no source). Empty when the node cannot be asked:
 * the caller then assumes nothing was written.
 */
export async function findStoredIds(
  client: Client,
  documents: ReadonlyArray<{ index: string; id: string }>,
): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < documents.length; start += MGET_BATCH) {
    const docs = documents.slice(start, start + MGET_BATCH).map(({ index, id }) => ({ _index: index, _id: id }));
    try {
      const response = await client.mget({ body: { docs }, _source: false } as Parameters<Client['mget']>[0]);
      const found = (response.body?.docs ?? []) as Array<{ _id?: string; found?: boolean }>;
      for (const doc of found) if (doc.found && doc._id) stored.add(doc._id);
    } catch {
      return stored;
    }
  }
  return stored;
}

/** A batch that reached nothing because the cluster did not take it counts towards opening the circuit. */
function reportToBreaker(
  breaker: CircuitBreaker | undefined,
  sent: number,
  undelivered: ReadonlyArray<{ reason: string }>,
): void {
  if (!breaker || sent === 0) return;
  const unavailable = undelivered.filter(({ reason }) => reason.includes(UNAVAILABLE_MARK));
  if (undelivered.length === sent && unavailable.length > 0) breaker.recordFailure(unavailable[0]?.reason ?? '');
  else if (undelivered.length < sent) breaker.recordSuccess();
}

const CANONICAL_UTC_TIMESTAMP = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** `<prefix>-YYYY.MM.DD` of the UTC day of `timestamp`, or undefined when it is not a date. */
export function computeDailyIndexName(prefix: string, timestamp: string): string | undefined {
  // Fast path: normalise writes every @timestamp as toISOString() does, whose first ten characters are the UTC day.
  if (CANONICAL_UTC_TIMESTAMP.test(timestamp)) {
    return `${prefix}-${timestamp.slice(0, 4)}.${timestamp.slice(5, 7)}.${timestamp.slice(8, 10)}`;
  }
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return undefined;
  const day = new Date(time).toISOString().slice(0, 10).replaceAll('-', '.');
  return `${prefix}-${day}`;
}

/** undefined when the item was written; else why not, and whether sending it again may succeed. */
export function classifyBulkItem(
  result: BulkItemResult | undefined,
  index: string,
): { reason: string; retryable: boolean } | undefined {
  if (!result || result.status === undefined) {
    return { reason: `no result for this item in the bulk response (${index})`, retryable: true };
  }
  if (result.status >= 200 && result.status < 300) return undefined;
  const error = result.error ? `${result.error.type ?? 'error'}: ${result.error.reason ?? ''}` : 'no error detail';
  const retryable = result.status === 429 || result.status >= 500;
  return {
    reason: retryable
      ? `HTTP ${result.status} from ${index} (${error})`
      : `rejected by ${index}: HTTP ${result.status} ${error}`,
    retryable,
  };
}

/** Every reason for a failed bulk request starts so; the breaker counts batches that failed that way. */
const UNAVAILABLE_MARK = 'bulk request failed: ';

/** A bulk request that failed as a whole: unreachable, timed out, or answered with an error status. */
function classifyRequestError(error: unknown): { reason: string; retryable: boolean; answered: boolean } {
  const e = (error ?? {}) as { name?: string; message?: string; statusCode?: unknown; meta?: { statusCode?: unknown } };
  // The client sets statusCode to null, not undefined, when no answer came at all.
  const raw = e.statusCode ?? e.meta?.statusCode;
  const status = typeof raw === 'number' ? raw : undefined;
  const reason = `${UNAVAILABLE_MARK}${e.name ? `${e.name}: ` : ''}${e.message ?? String(error)}${status ? ` (HTTP ${status})` : ''}`;
  // No status: connection refused or reset, timeout, no living connection — all may heal.
  const retryable = status === undefined || status === 429 || status >= 500;
  return { reason, retryable, answered: status !== undefined };
}
