import type { DeadLetterSink, Sink } from '../../core/types.js';
import { createOpenSearchSink, type OpenSearchSinkOptions } from '../opensearch/bulkSink.js';
import { createOpenSearchDeadLetterSink, type OpenSearchDeadLetterSinkOptions } from '../opensearch/deadLetterIndex.js';

/**
 * The Elasticsearch bulk sink: the OpenSearch one on an Elasticsearch client (see client.ts for why one client
 * serves both) — daily indices `<prefix>-YYYY.MM.DD`, deterministic ids (documentId.ts) with op_type `index` so a
 * replay overwrites, byte and count bounds per request, 429/5xx items retried, other rejections returned for the
 * dead-letter index. Daily indices rather than a data stream: a data stream is append-only (op_type `create`), so a
 * replayed document would be a 409 conflict rather than an idempotent overwrite, erasure would need
 * delete-by-query on backing indices, and retention by index date — the same rule as for OpenSearch and Firehose's
 * OneDay rotation — would not apply; the integ-test node has no data-stream module either.
 */
export function createElasticsearchSink(options: OpenSearchSinkOptions): Sink {
  const sink = createOpenSearchSink(options);
  return { ...sink, name: sink.name.replace(/^opensearch:/, 'elasticsearch:') };
}

/** Dead letters as documents of `<prefix>-deadletter` in Elasticsearch, with deterministic ids. */
export function createElasticsearchDeadLetterSink(options: OpenSearchDeadLetterSinkOptions): DeadLetterSink {
  const sink = createOpenSearchDeadLetterSink(options);
  return { ...sink, name: sink.name.replaceAll('opensearch:', 'elasticsearch:') };
}
