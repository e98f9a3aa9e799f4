import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { describeStoreLifecycles } from '../../../shared/operations/retention/lifecycles.js';
import { motoClientConfig, requireMoto, uniqueName } from '../../support/services.js';

describe('the stores’ lifecycles in the retention report', () => {
  let s3: S3Client;

  beforeAll(async () => {
    s3 = new S3Client(motoClientConfig(await requireMoto()));
  });

  async function aBucketExpiringAfter(days: number | undefined): Promise<string> {
    const bucket = uniqueName('lifecycle');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'archive-then-expire',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              Transitions: [{ Days: 30, StorageClass: 'GLACIER_IR' }],
              ...(days ? { Expiration: { Days: days } } : {}),
            },
          ],
        },
      }),
    );
    return bucket;
  }

  it('reads each bucket’s lifecycle and flags one that keeps objects longer than LOG_RETENTION_DAYS', async () => {
    const compliant = await aBucketExpiringAfter(90);
    const tooLong = await aBucketExpiringAfter(365);

    const stores = await describeStoreLifecycles({
      retentionDays: 90,
      archiveDays: 30,
      deadLetterBucket: compliant,
      backupBucket: tooLong,
      s3,
    });

    expect(stores.find((s) => s.store === 'dead-letter-bucket')).toEqual({
      store: 'dead-letter-bucket',
      name: compliant,
      source: 'bucket',
      archive_after_days: 30,
      expire_after_days: 90,
    });
    expect(stores.find((s) => s.store === 'firehose-backup-bucket')).toMatchObject({
      expire_after_days: 365,
      problem: expect.stringContaining('longer than LOG_RETENTION_DAYS 90'),
    });
  });

  it('flags a bucket whose lifecycle never expires anything, and one that cannot be read', async () => {
    const forever = await aBucketExpiringAfter(undefined);

    const stores = await describeStoreLifecycles({
      retentionDays: 90,
      archiveDays: 30,
      deadLetterBucket: forever,
      backupBucket: uniqueName('missing'),
      s3,
    });

    expect(stores.find((s) => s.store === 'dead-letter-bucket')).toMatchObject({
      expire_after_days: null,
      problem: expect.stringContaining('kept forever'),
    });
    expect(stores.find((s) => s.store === 'firehose-backup-bucket')?.problem).toMatch(/could not be read/);
  });

  it('reports the stack’s settings when no bucket can be read', async () => {
    const stores = await describeStoreLifecycles({ retentionDays: 90, archiveDays: 30 });

    expect(stores.map((s) => [s.store, s.archive_after_days, s.expire_after_days, s.source])).toEqual([
      ['dead-letter-queue', undefined, 14, 'stack'],
      ['dead-letter-bucket', 30, 90, 'stack'],
      ['firehose-backup-bucket', 30, 90, 'stack'],
    ]);
  });
});
