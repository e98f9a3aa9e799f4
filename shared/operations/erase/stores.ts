import { stat } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Client } from '@opensearch-project/opensearch';
import { ConfigError, describeError } from '../../core/errors.js';

/** The clients an erasure searches with; a store without its client or its target is not configured. */
export interface ErasureStores {
  openSearch?: Client;
  sqs?: SQSClient;
  s3?: S3Client;
}

export interface StoreTargets {
  indexPrefix: string;
  deadLetterQueueUrl?: string;
  deadLetterBucket?: string;
  backupBucket?: string;
  localDirectory?: string;
}

export type StoreName =
  | 'opensearch'
  | 'dead_letter_queue'
  | 'dead_letter_bucket'
  | 'firehose_backup_bucket'
  | 'local_files';

/** The settings that name a store, for the refusal when none is set. */
export const STORE_VARIABLES =
  'OPENSEARCH_URL, DEAD_LETTER_QUEUE_URL, DEAD_LETTER_BUCKET, FIREHOSE_BACKUP_BUCKET or LOG_DIR (an existing directory)';

async function isDirectory(path: string | undefined): Promise<boolean> {
  if (!path) return false;
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The stores this erasure can search. A LOG_DIR that does not exist holds nothing and is not one. */
export async function listConfiguredStores(stores: ErasureStores, targets: StoreTargets): Promise<StoreName[]> {
  const names: StoreName[] = [];
  if (stores.openSearch) names.push('opensearch');
  if (stores.sqs && targets.deadLetterQueueUrl) names.push('dead_letter_queue');
  if (stores.s3 && targets.deadLetterBucket) names.push('dead_letter_bucket');
  if (stores.s3 && targets.backupBucket) names.push('firehose_backup_bucket');
  if (await isDirectory(targets.localDirectory)) names.push('local_files');
  return names;
}

/**
 * One cheap call to each configured store before anything is erased: an erasure that reached some stores and not
 * others would leave a receipt that looks complete. Throws a ConfigError naming the store's setting and the reason.
 */
export async function assertStoresReachable(
  stores: ErasureStores,
  targets: StoreTargets,
  configured: readonly StoreName[],
): Promise<void> {
  const probes: Record<Exclude<StoreName, 'local_files'>, { variable: string; probe: () => Promise<unknown> }> = {
    // A count under the prefix: the permission erase needs anyway (a cluster-level call might need more).
    opensearch: {
      variable: 'OPENSEARCH_URL',
      probe: () =>
        (stores.openSearch as Client).count({
          index: `${targets.indexPrefix}-*`,
          allow_no_indices: true,
          ignore_unavailable: true,
        }),
    },
    dead_letter_queue: {
      variable: 'DEAD_LETTER_QUEUE_URL',
      probe: async () => {
        const { GetQueueAttributesCommand } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
        return (stores.sqs as SQSClient).send(
          new GetQueueAttributesCommand({ QueueUrl: targets.deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
        );
      },
    },
    dead_letter_bucket: { variable: 'DEAD_LETTER_BUCKET', probe: () => headBucket(stores, targets.deadLetterBucket) },
    firehose_backup_bucket: {
      variable: 'FIREHOSE_BACKUP_BUCKET',
      probe: () => headBucket(stores, targets.backupBucket),
    },
  };
  for (const name of configured) {
    if (name === 'local_files') continue;
    const { variable, probe } = probes[name];
    try {
      await probe();
    } catch (error) {
      throw new ConfigError(
        `cannot reach ${name.replace(/_/g, ' ')} (${variable}): ${describeError(error) || (error as Error).name}; ` +
          'nothing was erased and no receipt was written — fix the setting or the network and run again',
        error,
      );
    }
  }
}

function headBucket(stores: ErasureStores, bucket: string | undefined): Promise<unknown> {
  const { HeadBucketCommand } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  return (stores.s3 as S3Client).send(new HeadBucketCommand({ Bucket: bucket }));
}
