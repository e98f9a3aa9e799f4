import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Client } from '@opensearch-project/opensearch';
import { formatLogLine } from '../../core/logLine.js';
import { type BucketErasureReport, eraseFromBucket } from './eraseFromBucket.js';
import { eraseFromIndices, type IndexErasureReport } from './eraseFromIndices.js';
import { eraseFromQueue, type QueueErasureReport } from './eraseFromQueue.js';
import { validateChildId } from './erasureRequest.js';
import { ErasureRequestError } from './errors.js';

/** Firehose holds records at most 900 s before delivering them (BufferingHints.IntervalInSeconds maximum). */
export const FIREHOSE_MAX_BUFFER_SECONDS = 900;
const DAY_MS = 86_400_000;

export interface ErasureDeps {
  /** The child's hash under the current key and every previous key still in use (the redactor's `childIdHashes`). */
  childIdHashes: (childId: string) => string[];
  openSearch?: Client;
  sqs?: SQSClient;
  s3?: S3Client;
  now?: () => Date;
  newId?: () => string;
}

export interface ErasureRequest {
  /** The raw child id as the parent's request names it: validated, hashed, never stored or logged. */
  childId: unknown;
  dryRun: boolean;
  /** Who asked, for the receipt (a ticket number, not a person's name). */
  reference?: string;
}

export interface ErasureTargets {
  indexPrefix: string;
  deadLetterQueueUrl?: string;
  deadLetterBucket?: string;
  backupBucket?: string;
  /** CLOUDWATCH_RETENTION_DAYS: when the raw CloudWatch copies expire. */
  cloudWatchRetentionDays: number;
  /** Only for tests: how long the queue scan waits for more messages. */
  queueWaitTimeSeconds?: number;
}

/** The receipt of one erasure request: an audit record a compliance officer keeps. It never holds the raw id. */
export interface ErasureReceipt {
  receipt: 'erasure';
  category: 'audit';
  receipt_id: string;
  reference?: string;
  generated_at: string;
  dry_run: boolean;
  /** The child's keyed hashes under every key version searched. */
  child_id_hashes: string[];
  stores: {
    opensearch: IndexErasureReport | { skipped: string };
    dead_letter_queue: QueueErasureReport | { skipped: string };
    dead_letter_bucket: BucketErasureReport | { skipped: string };
    firehose_backup_bucket: BucketErasureReport | { skipped: string };
  };
  /** Records removed across the stores (documents + dead letters + backup records). */
  total_removed: number;
  /** What cannot be erased record by record, and when it is gone anyway. */
  not_erasable_record_by_record: Array<{ store: string; gone_by: string; why: string }>;
  /** Run the request again after this time: what was in flight (Firehose's buffer) has landed by then. */
  rerun_after: string;
  /** After this time, and the re-run, no copy of the child's records remains anywhere in the pipeline. */
  everything_gone_by: string;
}

/**
 * Carries out a parent's erasure request: validates the child id (ErasureRequestError when empty or malformed),
 * computes its hash under every key, and removes the child's records from OpenSearch, the dead-letter queue and
 * bucket and the Firehose backups. A store that is not configured is reported as skipped. A dry run counts the same
 * records and removes none. A child with no data yields a receipt with zero counts.
 */
export async function eraseChild(
  deps: ErasureDeps,
  request: ErasureRequest,
  targets: ErasureTargets,
): Promise<ErasureReceipt> {
  const childId = validateChildId(request.childId);
  const hashes = [...new Set(deps.childIdHashes(childId))];
  if (hashes.length === 0) throw new ErasureRequestError('no child-id key is configured: nothing to hash the id with');
  const now = (deps.now ?? (() => new Date()))();
  const { dryRun } = request;

  const opensearch = deps.openSearch
    ? await eraseFromIndices(deps.openSearch, { indexPrefix: targets.indexPrefix, hashes, dryRun })
    : { skipped: 'no OpenSearch endpoint configured (OPENSEARCH_ENDPOINT)' };
  // The queue before the bucket: a pointer letter is judged by its S3 object, which the bucket pass may remove.
  const queue =
    deps.sqs && targets.deadLetterQueueUrl
      ? await eraseFromQueue(deps.sqs, deps.s3, {
          queueUrl: targets.deadLetterQueueUrl,
          hashes,
          dryRun,
          waitTimeSeconds: targets.queueWaitTimeSeconds,
        })
      : { skipped: 'no dead-letter queue configured (DEAD_LETTER_QUEUE_URL)' };
  const handled = new Set('pointer_objects' in queue ? queue.pointer_objects : []);
  const deadLetterBucket =
    deps.s3 && targets.deadLetterBucket
      ? await eraseFromBucket(deps.s3, targets.deadLetterBucket, hashes, dryRun, handled)
      : { skipped: 'no dead-letter bucket configured (DEAD_LETTER_BUCKET)' };
  const backupBucket =
    deps.s3 && targets.backupBucket
      ? await eraseFromBucket(deps.s3, targets.backupBucket, hashes, dryRun, handled)
      : { skipped: 'no Firehose backup bucket configured (FIREHOSE_BACKUP_BUCKET)' };

  const cloudWatchGoneBy = new Date(now.getTime() + (targets.cloudWatchRetentionDays + 1) * DAY_MS);
  const firehoseGoneBy = new Date(now.getTime() + FIREHOSE_MAX_BUFFER_SECONDS * 1000);
  return {
    receipt: 'erasure',
    category: 'audit',
    receipt_id: (deps.newId ?? randomUUID)(),
    reference: request.reference,
    generated_at: now.toISOString(),
    dry_run: dryRun,
    child_id_hashes: hashes,
    stores: {
      opensearch,
      dead_letter_queue: queue,
      dead_letter_bucket: deadLetterBucket,
      firehose_backup_bucket: backupBucket,
    },
    total_removed:
      ('total_deleted' in opensearch ? opensearch.total_deleted : 0) +
      ('messages_deleted' in queue ? queue.messages_deleted : 0) +
      ('records_removed' in deadLetterBucket ? deadLetterBucket.records_removed : 0) +
      ('records_removed' in backupBucket ? backupBucket.records_removed : 0),
    not_erasable_record_by_record: [
      {
        store: 'cloudwatch-logs',
        gone_by: cloudWatchGoneBy.toISOString(),
        why:
          `CloudWatch Logs cannot delete single events; the raw events expire with the log group's retention ` +
          `(CLOUDWATCH_RETENTION_DAYS = ${targets.cloudWatchRetentionDays} days, plus up to a day until CloudWatch purges them)`,
      },
      {
        store: 'firehose-buffer',
        gone_by: firehoseGoneBy.toISOString(),
        why:
          `records in Firehose's buffer (at most ${FIREHOSE_MAX_BUFFER_SECONDS / 60} minutes) were not yet in ` +
          'OpenSearch or S3 when this ran: run the erasure again after rerun_after to remove what they delivered',
      },
    ],
    rerun_after: firehoseGoneBy.toISOString(),
    everything_gone_by: cloudWatchGoneBy.toISOString(),
  };
}

/** The receipt as one JSON audit log line (the full receipt: it is small and holds no raw id). */
export function formatReceiptLine(receipt: ErasureReceipt): string {
  return formatLogLine({
    timestamp: receipt.generated_at,
    level: 'INFO',
    service: 'teddy-logs-erase',
    message:
      `erasure${receipt.dry_run ? ' (dry run)' : ''}: ${receipt.dry_run ? 'would remove' : 'removed'} ` +
      `${receipt.total_removed} record(s) of child ${receipt.child_id_hashes[0]}`,
    ...receipt,
  });
}
