import type { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { DeliveryError } from '../../core/errors.js';
import type { DeadLetterPointer } from '../../sinks/deadLetterQueue.js';
import { deleteMessages, drainQueue, releaseMessages } from '../../sinks/queueDrain.js';
import type { ChildMatcher } from './childMatcher.js';
import { eraseFromObject, ObjectAction } from './eraseFromBucket.js';
import { mentionsChild } from './records.js';

/** Safety cap on messages scanned in one request: far above what a dead-letter queue holds between alarms. */
const DEFAULT_MAX_MESSAGES = 100_000;

export interface QueueErasureOptions {
  queueUrl: string;
  /** The child's hashes and raw id (createChildMatcher): malformed letters hold the raw id. */
  matches: ChildMatcher;
  dryRun: boolean;
  /** How long received messages stay hidden while the queue is scanned; they are released at the end. */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive; SQS samples servers on short polls, so an empty answer is confirmed twice. */
  waitTimeSeconds?: number;
  /** Safety cap on messages scanned in one request. */
  maxMessages?: number;
}

export interface QueueErasureReport {
  queue: string;
  messages_scanned: number;
  /** Deleted (or that would be): the letter, or the S3 object it points to, holds the child's records. */
  messages_deleted: number;
  /** Pointer letters whose S3 object was deleted or rewritten with them. */
  pointer_objects_changed: number;
  /** Those objects, as `s3://bucket/key`. */
  pointer_objects: string[];
  /** Messages another consumer held when the scan began: not seen by this scan (see docs/erasure.md). */
  in_flight_at_start: number;
  /** The scan stopped at maxMessages. */
  truncated: boolean;
}

/**
 * Reads every message of the dead-letter queue, deletes those holding the child's records (the letter's content,
 * or the S3 object a pointer letter names) and makes every other message visible again at once. Messages are
 * held (invisible) during the scan so that each is seen once; a failure releases them before rethrowing.
 */
export async function eraseFromQueue(
  sqs: SQSClient,
  s3: S3Client | undefined,
  options: QueueErasureOptions,
): Promise<QueueErasureReport> {
  const { queueUrl, matches, dryRun } = options;
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }),
  );
  const report: QueueErasureReport = {
    queue: queueUrl,
    messages_scanned: 0,
    messages_deleted: 0,
    pointer_objects_changed: 0,
    pointer_objects: [],
    in_flight_at_start: Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
    truncated: false,
  };
  const toRelease: Message[] = [];
  const toDelete: Message[] = [];
  try {
    const drained = await drainQueue(
      sqs,
      {
        queueUrl,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        waitTimeSeconds: options.waitTimeSeconds,
        maxMessages: options.maxMessages ?? DEFAULT_MAX_MESSAGES,
      },
      async (messages) => {
        for (const message of messages) {
          if (await holdsChild(message.Body ?? '', matches, s3, dryRun, report)) toDelete.push(message);
          else toRelease.push(message);
        }
      },
    );
    report.messages_scanned = drained.received;
    report.truncated = drained.truncated;
    if (!dryRun) {
      const deleted = await deleteMessages(sqs, queueUrl, toDelete);
      if (deleted.failed.length) {
        throw new DeliveryError(
          `could not delete ${deleted.failed.length} dead letter(s): ${deleted.failed.map((f) => f.reason).join('; ')}`,
        );
      }
    }
    report.messages_deleted = toDelete.length;
  } finally {
    // In a dry run the child's letters are released too: nothing may change. One not released reappears by itself.
    await releaseMessages(sqs, queueUrl, dryRun ? [...toRelease, ...toDelete] : toRelease);
  }
  return report;
}

/** A letter holds the child when its body mentions it (a hash or the raw id), or it points to an S3 object whose records all do. */
async function holdsChild(
  body: string,
  matches: ChildMatcher,
  s3: S3Client | undefined,
  dryRun: boolean,
  report: QueueErasureReport,
): Promise<boolean> {
  if (mentionsChild(body, matches)) return true;
  const pointer = parsePointer(body);
  if (!pointer || !s3) return false;
  const result = await eraseFromObject(s3, pointer.bucket, pointer.key, matches, dryRun);
  if (result.action !== ObjectAction.UNTOUCHED) {
    report.pointer_objects_changed += 1;
    report.pointer_objects.push(`s3://${pointer.bucket}/${pointer.key}`);
  }
  // A rewritten object still holds other letters the message must keep pointing to.
  return result.action === ObjectAction.DELETED;
}

/** A letter too large for SQS, kept whole in the dead-letter bucket: the queue holds a DeadLetterPointer to it. */
function parsePointer(body: string): { bucket: string; key: string } | undefined {
  if (!body.includes('"content_s3"')) return undefined;
  try {
    const pointer = (JSON.parse(body) as Partial<DeadLetterPointer>).content_s3;
    if (typeof pointer?.bucket === 'string' && typeof pointer.key === 'string') {
      return { bucket: pointer.bucket, key: pointer.key };
    }
  } catch {
    // Not JSON: not a pointer.
  }
  return undefined;
}
