import { type FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { chunkRecords } from './firehose.js';
import { FIREHOSE_MAX_BATCH_BYTES, FIREHOSE_MAX_RECORDS_PER_BATCH } from './limits.js';
import {
  describeAwsError,
  type ItemFailure,
  isRetryableAwsError,
  type RetryOptions,
  retryFailedItems,
} from './retry.js';

export interface FirehoseReingestOptions extends RetryOptions {
  client: FirehoseClient;
}

interface Payload {
  index: number;
  data: Uint8Array;
}

/**
 * Puts raw payloads back into the Firehose stream a transformation came from (the stream name is the last part of
 * its ARN), with PutRecordBatch in calls bounded by the service's limits, resending only failed entries with
 * full-jitter backoff. Returns the payloads it could not put, by index, with the last reason.
 */
export function createFirehoseReingest(options: FirehoseReingestOptions) {
  return async (
    deliveryStreamArn: string,
    payloads: Uint8Array[],
  ): Promise<Array<{ index: number; reason: string }>> => {
    const deliveryStreamName = deliveryStreamArn.slice(deliveryStreamArn.lastIndexOf('/') + 1);
    const attempt = async (items: Payload[]): Promise<ItemFailure<Payload>[]> => {
      const failures: ItemFailure<Payload>[] = [];
      const limits = { maxRecordsPerBatch: FIREHOSE_MAX_RECORDS_PER_BATCH, maxBatchBytes: FIREHOSE_MAX_BATCH_BYTES };
      for (const batch of chunkRecords(items, limits)) {
        try {
          const response = await options.client.send(
            new PutRecordBatchCommand({
              DeliveryStreamName: deliveryStreamName,
              Records: batch.map((p) => ({ Data: p.data })),
            }),
          );
          const results = response.RequestResponses ?? [];
          batch.forEach((item, i) => {
            const code = results[i]?.ErrorCode;
            if (!results[i]) failures.push({ item, reason: 'no result for this record', retryable: true });
            else if (code)
              failures.push({ item, reason: `${code}: ${results[i]?.ErrorMessage ?? ''}`, retryable: true });
          });
        } catch (error) {
          const reason = `PutRecordBatch failed: ${describeAwsError(error)}`;
          for (const item of batch) failures.push({ item, reason, retryable: isRetryableAwsError(error) });
        }
      }
      return failures;
    };
    const lost = await retryFailedItems(
      payloads.map((data, index) => ({ index, data })),
      attempt,
      options,
    );
    return lost.map(({ item, reason }) => ({ index: item.index, reason }));
  };
}
