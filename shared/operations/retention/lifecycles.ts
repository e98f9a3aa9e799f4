import { GetBucketLifecycleConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../../core/errors.js';

/** The dead-letter queue keeps messages 14 days, the SQS maximum (resources/storage.yml, MessageRetentionPeriod). */
export const DEAD_LETTER_QUEUE_RETENTION_DAYS = 14;

export interface StoreLifecycle {
  store: string;
  /** Bucket or queue name, when configured. */
  name?: string;
  /** Moves to an archive storage class after this many days (LOG_ARCHIVE_DAYS). */
  archive_after_days?: number;
  /** Expires after this many days; null when nothing expires it. */
  expire_after_days: number | null;
  /** Where the numbers come from: the stack's settings, or the bucket's lifecycle as read now. */
  source: 'stack' | 'bucket';
  /** Set when the bucket's lifecycle, as read now, differs from the stack's settings or could not be read. */
  problem?: string;
}

/**
 * The lifecycles the stack sets on the dead letters and the failed-document backups (they are CloudFormation's to
 * enforce, not this function's). With an S3 client and bucket names, each bucket's lifecycle is read and checked
 * against the policy, so a hand-edited bucket shows up in the report.
 */
export async function describeStoreLifecycles(options: {
  retentionDays: number;
  archiveDays: number;
  deadLetterQueue?: string;
  deadLetterBucket?: string;
  backupBucket?: string;
  s3?: S3Client;
}): Promise<StoreLifecycle[]> {
  const policy = { archive_after_days: options.archiveDays, expire_after_days: options.retentionDays };
  const stores: StoreLifecycle[] = [
    {
      store: 'dead-letter-queue',
      name: options.deadLetterQueue,
      expire_after_days: DEAD_LETTER_QUEUE_RETENTION_DAYS,
      source: 'stack',
    },
  ];
  for (const [store, bucket] of [
    ['dead-letter-bucket', options.deadLetterBucket],
    ['firehose-backup-bucket', options.backupBucket],
  ] as const) {
    const entry: StoreLifecycle = { store, name: bucket, ...policy, source: 'stack' };
    if (options.s3 && bucket) Object.assign(entry, await readBucketLifecycle(options.s3, bucket, policy));
    stores.push(entry);
  }
  return stores;
}

async function readBucketLifecycle(
  s3: S3Client,
  bucket: string,
  policy: { archive_after_days: number; expire_after_days: number },
): Promise<Partial<StoreLifecycle>> {
  try {
    const response = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    const rules = (response.Rules ?? []).filter((rule) => rule.Status === 'Enabled');
    const expire = Math.min(...rules.map((rule) => rule.Expiration?.Days ?? Number.POSITIVE_INFINITY));
    const archive = Math.min(
      ...rules.flatMap((rule) => (rule.Transitions ?? []).map((t) => t.Days ?? Number.POSITIVE_INFINITY)),
    );
    const read = {
      source: 'bucket' as const,
      expire_after_days: Number.isFinite(expire) ? expire : null,
      archive_after_days: Number.isFinite(archive) ? archive : undefined,
    };
    if (read.expire_after_days === null) return { ...read, problem: 'no enabled expiration rule: kept forever' };
    if (expire > policy.expire_after_days) {
      return {
        ...read,
        problem: `expires after ${expire} days, longer than LOG_RETENTION_DAYS ${policy.expire_after_days}`,
      };
    }
    return read;
  } catch (error) {
    return { problem: `lifecycle could not be read: ${describeError(error)}` };
  }
}
