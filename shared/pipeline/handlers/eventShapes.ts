import * as z from 'zod/mini';
import '../../core/zodLocale.js';

/**
 * The three event shapes the ship function receives, one per topology. Only the fields the handlers read are
 * validated; anything else a service adds is ignored.
 */

/**
 * A Kinesis event source mapping's batch (topology `kinesis`):
 * ```
 * { "Records": [{ "eventSource": "aws:kinesis", "eventSourceARN": "arn:aws:kinesis:…:stream/teddy-logs-dev",
 *   "awsRegion": "us-east-1", "eventID": "shardId-000000000000:4959…",
 *   "kinesis": { "sequenceNumber": "4959…", "partitionKey": "…", "approximateArrivalTimestamp": 1705314600.123,
 *                "data": "<base64 of the gzipped CloudWatch Logs subscription payload>" } }] }
 * ```
 * https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html. `data` is left unchecked here: a record without it
 * is still a record, and the decode stage dead-letters it with the reason.
 */
export const kinesisEventSchema = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:kinesis'),
      eventSourceARN: z.optional(z.string()),
      awsRegion: z.optional(z.string()),
      kinesis: z.object({ sequenceNumber: z.string(), data: z.unknown() }),
    }),
  ),
});
export type KinesisEvent = z.infer<typeof kinesisEventSchema>;

/**
 * A Firehose data-transformation invocation (topology `firehose`):
 * ```
 * { "invocationId": "…", "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/teddy-logs-dev-ingest",
 *   "region": "us-east-1",
 *   "records": [{ "recordId": "4959…", "approximateArrivalTimestamp": 1705314600123,
 *                 "data": "<base64 of the gzipped CloudWatch Logs subscription payload>" }] }
 * ```
 * https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html
 */
export const firehoseTransformEventSchema = z.object({
  invocationId: z.optional(z.string()),
  deliveryStreamArn: z.string(),
  region: z.optional(z.string()),
  records: z.array(
    z.object({
      recordId: z.string(),
      approximateArrivalTimestamp: z.optional(z.number()),
      data: z.string(),
    }),
  ),
});
export type FirehoseTransformEvent = z.infer<typeof firehoseTransformEventSchema>;

/** The answer Firehose expects: one entry per input record, same recordId, `data` in base64. */
export const FirehoseResult = { OK: 'Ok', DROPPED: 'Dropped', PROCESSING_FAILED: 'ProcessingFailed' } as const;
export type FirehoseResultName = (typeof FirehoseResult)[keyof typeof FirehoseResult];
export interface FirehoseTransformResponse {
  records: Array<{ recordId: string; result: FirehoseResultName; data: string }>;
}

/** The answer a Kinesis event source mapping with `ReportBatchItemFailures` reads. */
export interface KinesisBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

export const EventShape = { SUBSCRIPTION: 'subscription', KINESIS: 'kinesis', FIREHOSE: 'firehose' } as const;
export type EventShapeName = (typeof EventShape)[keyof typeof EventShape];

/**
 * Which topology sent `event`. Anything that is neither a Kinesis batch nor a Firehose transformation is treated as
 * a subscription event, whose decode stage dead-letters it as malformed with the reason: nothing is dropped unseen.
 */
export function classifyEvent(event: unknown): EventShapeName {
  if (typeof event !== 'object' || event === null) return EventShape.SUBSCRIPTION;
  const candidate = event as { Records?: unknown; records?: unknown; deliveryStreamArn?: unknown };
  if (Array.isArray(candidate.Records)) {
    const first = candidate.Records[0] as { eventSource?: unknown } | undefined;
    if (first?.eventSource === 'aws:kinesis') return EventShape.KINESIS;
  }
  if (Array.isArray(candidate.records) && typeof candidate.deliveryStreamArn === 'string') return EventShape.FIREHOSE;
  return EventShape.SUBSCRIPTION;
}
