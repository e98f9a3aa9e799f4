import { createHash } from 'node:crypto';
import type { Client } from '@opensearch-project/opensearch';
import type { DeadLetter, DeadLetterSink } from '../../core/types.js';
import { chunkBySize } from '../chunk.js';
import type { CircuitBreaker } from '../circuitBreaker.js';
import { OPENSEARCH_DEFAULT_MAX_BULK_BYTES, OPENSEARCH_DEFAULT_MAX_BULK_DOCS } from '../limits.js';
import { type ItemFailure, type RetryOptions, retryFailedItems } from '../retry.js';
import { classifyBulkItem, findStoredIds } from './bulkSink.js';

export interface OpenSearchDeadLetterSinkOptions {
  client: Client;
  /** The dead-letter index, `<prefix>-deadletter` by convention (see deadLetterIndexName). */
  index: string;
  /** Where letters go that the index did not take (an unreachable cluster): a file, stderr. Without one, `write`
   * throws for them, so the caller does not claim them. */
  fallback?: DeadLetterSink;
  retry?: RetryOptions;
  refresh?: boolean | 'wait_for';
  /** The documents' breaker (one cluster): while it is open, letters go straight to `fallback`. */
  breaker?: CircuitBreaker;
}

/**
 * The `_id` of a letter: the SHA-256 of what it is about (kind, stage, source, content), not of when it was written
 * or the retry count in its reason, so replaying the same input overwrites its letters instead of adding more.
 */
export function computeDeadLetterId(letter: DeadLetter): string {
  const about = JSON.stringify([letter.kind, letter.stage, letter.source ?? null, letter.content]);
  return createHash('sha256').update(about).digest('hex');
}

/** The dead-letter index of an index prefix. */
export function deadLetterIndexName(prefix: string): string {
  return `${prefix}-deadletter`;
}

interface LetterOperation {
  letter: DeadLetter;
  id: string;
  lines: string;
  bytes: number;
}

/**
 * A dead letter in OpenSearch itself, for the direct path (CLI, self-managed clusters): each letter is one document
 * of the dead-letter index — kind, stage, the reason (the error) and the content as a string — so rejected documents
 * can be searched beside the logs, with deterministic ids (computeDeadLetterId) so a replay adds no letter. Letters
 * the index does not take go to `fallback`.
 */
export function createOpenSearchDeadLetterSink(options: OpenSearchDeadLetterSinkOptions): DeadLetterSink {
  async function sendBulk(operations: LetterOperation[]): Promise<ItemFailure<LetterOperation>[]> {
    const failures: ItemFailure<LetterOperation>[] = [];
    const chunks = chunkBySize(
      operations,
      { maxItems: OPENSEARCH_DEFAULT_MAX_BULK_DOCS, maxBytes: OPENSEARCH_DEFAULT_MAX_BULK_BYTES },
      (op) => op.bytes,
    );
    for (const chunk of chunks) {
      try {
        const response = await options.client.bulk({
          body: chunk.map((op) => op.lines).join('') as unknown as [],
          ...(options.refresh !== undefined ? { refresh: options.refresh } : {}),
        });
        const items = (response.body?.items ?? []) as Array<Record<string, { status?: number }>>;
        chunk.forEach((op, i) => {
          const failure = classifyBulkItem(items[i] ? Object.values(items[i])[0] : undefined, options.index);
          if (failure) failures.push({ item: op, ...failure });
        });
      } catch (error) {
        const reason = `bulk request to ${options.index} failed: ${(error as Error).message ?? String(error)}`;
        for (const op of chunk) failures.push({ item: op, reason, retryable: true });
      }
    }
    return failures;
  }

  return {
    name: options.fallback
      ? `opensearch:${options.index} (else ${options.fallback.name})`
      : `opensearch:${options.index}`,
    async write(letters: DeadLetter[]): Promise<void> {
      if (letters.length === 0) return;
      const open = options.fallback && options.breaker?.check();
      if (open && options.fallback) {
        await options.fallback.write(letters.map((l) => ({ ...l, reason: `${l.reason}; dead-letter index: ${open}` })));
        return;
      }
      const operations = letters.map((letter) => {
        const id = computeDeadLetterId(letter);
        const action = JSON.stringify({ index: { _index: options.index, _id: id } });
        const lines = `${action}\n${JSON.stringify(letter)}\n`;
        return { letter, id, lines, bytes: Buffer.byteLength(lines) };
      });
      const given = await retryFailedItems(operations, sendBulk, {
        maxAttempts: 3,
        safetyMarginMs: 0,
        ...options.retry,
      });
      // A letter whose acknowledgement was lost may be in the index already: never keep it twice (index and file).
      const inIndex = await findStoredIds(
        options.client,
        given.map(({ item }) => ({ index: options.index, id: item.id })),
      );
      const lost = given.filter(({ item }) => !inIndex.has(item.id));
      if (lost.length === 0) return;
      if (options.fallback) {
        await options.fallback.write(
          lost.map(({ item, reason }) => ({
            ...item.letter,
            reason: `${item.letter.reason}; dead-letter index: ${reason}`,
          })),
        );
        return;
      }
      throw new Error(
        `${lost.length} of ${letters.length} dead letter(s) not accepted by ${options.index}: ${lost[0]?.reason}`,
      );
    },
  };
}
