import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import type { DeliveryResult, LogDocument, Sink } from '../core/types.js';
import { chunkBySize } from './chunk.js';
import { FIREHOSE_MAX_BATCH_BYTES, FIREHOSE_MAX_RECORD_BYTES, FIREHOSE_MAX_RECORDS_PER_BATCH } from './limits.js';
import {
  describeAwsError,
  type ItemFailure,
  isRetryableAwsError,
  type RetryOptions,
  retryFailedItems,
} from './retry.js';
import { fitDocument } from './truncate.js';

export interface FirehoseLimits {
  maxRecordsPerBatch: number;
  maxBatchBytes: number;
  maxRecordBytes: number;
}

export interface FirehoseSinkOptions extends RetryOptions {
  client: FirehoseClient;
  deliveryStreamName: string;
  /** Smaller limits for tests; the defaults are the service's. */
  limits?: Partial<FirehoseLimits>;
}

/** One document ready to send: the NDJSON line Firehose receives, and the document it came from. */
interface FirehoseRecord {
  document: LogDocument;
  data: Uint8Array;
}

/** Per-entry error codes that a later attempt may not get (PutRecordBatch's documented codes are
 * ServiceUnavailableException and InternalFailure; KMS errors on encrypted streams do not heal by waiting). */
function isRetryableEntryError(code: string): boolean {
  return !code.startsWith('KMS.') && code !== 'InvalidArgumentException' && code !== 'AccessDeniedException';
}

/**
 * A sink that writes each document as one NDJSON record (the JSON and a newline) to a Firehose delivery stream with
 * PutRecordBatch, in calls bounded by the service's limits. After each round only the failed entries are resent,
 * with full-jitter backoff, while the invocation's time allows; a call that throws (5xx, throttling, timeout) is
 * retried the same way. A document too large for one record is truncated, not dropped. What is still not delivered
 * comes back in `failed` with the last reason, for the dead letter.
 */
export function createFirehoseSink(options: FirehoseSinkOptions): Sink {
  const limits: FirehoseLimits = {
    maxRecordsPerBatch: options.limits?.maxRecordsPerBatch ?? FIREHOSE_MAX_RECORDS_PER_BATCH,
    maxBatchBytes: options.limits?.maxBatchBytes ?? FIREHOSE_MAX_BATCH_BYTES,
    maxRecordBytes: options.limits?.maxRecordBytes ?? FIREHOSE_MAX_RECORD_BYTES,
  };
  const encoder = new TextEncoder();

  async function putRecords(records: FirehoseRecord[]): Promise<ItemFailure<FirehoseRecord>[]> {
    const failures: ItemFailure<FirehoseRecord>[] = [];
    for (const batch of chunkRecords(records, limits)) {
      try {
        const response = await options.client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: options.deliveryStreamName,
            Records: batch.map((record) => ({ Data: record.data })),
          }),
        );
        const results = response.RequestResponses ?? [];
        batch.forEach((record, i) => {
          const result = results[i];
          if (!result) {
            // An answer without a result for this entry tells nothing; resending risks a duplicate, not a loss.
            failures.push({
              item: record,
              reason: 'PutRecordBatch returned no result for this record',
              retryable: true,
            });
          } else if (result.ErrorCode) {
            failures.push({
              item: record,
              reason: `${result.ErrorCode}: ${result.ErrorMessage ?? 'no message'}`,
              retryable: isRetryableEntryError(result.ErrorCode),
            });
          }
        });
      } catch (error) {
        const reason = `PutRecordBatch failed: ${describeAwsError(error)}`;
        const retryable = isRetryableAwsError(error);
        for (const record of batch) failures.push({ item: record, reason, retryable });
      }
    }
    return failures;
  }

  return {
    name: `firehose:${options.deliveryStreamName}`,
    async deliver(documents: LogDocument[]): Promise<DeliveryResult> {
      const failed: DeliveryResult['failed'] = [];
      const records: FirehoseRecord[] = [];
      for (const document of documents) {
        const fitted = fitDocument(document, limits.maxRecordBytes, true);
        if (fitted.ok) records.push({ document, data: encoder.encode(`${fitted.json}\n`) });
        else failed.push({ document, reason: fitted.reason });
      }
      const undelivered = await retryFailedItems(records, putRecords, options);
      for (const { item, reason } of undelivered) failed.push({ document: item.document, reason });
      return { delivered: documents.length - failed.length, failed };
    },
  };
}

/** Splits records into PutRecordBatch calls of at most `maxRecordsPerBatch` records and `maxBatchBytes` bytes. */
export function chunkRecords<T extends { data: Uint8Array }>(
  records: readonly T[],
  limits: Pick<FirehoseLimits, 'maxRecordsPerBatch' | 'maxBatchBytes'>,
): T[][] {
  return chunkBySize(
    records,
    { maxItems: limits.maxRecordsPerBatch, maxBytes: limits.maxBatchBytes },
    (record) => record.data.byteLength,
  );
}
