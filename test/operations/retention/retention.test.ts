import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { Client } from '@opensearch-project/opensearch';
import {
  formatRetentionLine,
  type RetentionOptions,
  runRetention,
} from '../../../shared/operations/retention/index.js';
import { motoClientConfig, requireMoto, requireOpenSearch, uniqueName } from '../../support/services.js';

// A fixed clock: index ages are judged from the date in the name, against this day.
const NOW = new Date('2026-03-01T10:00:00Z');
const INDEX_PREFIX = 'ai-teddy-bear-logs';

describe('retention across CloudWatch Logs and OpenSearch', () => {
  let logs: CloudWatchLogsClient;
  let openSearch: Client;
  const run = uniqueName('ret');
  const app = `/aws/ai-teddy-bear/${run}/`;
  const pipeline = `/aws/lambda/teddy-logs-${run}-`;
  const groups = {
    forever: `${app}forever`,
    longer: `${app}longer`,
    equal: `${app}equal`,
    shorter: `${app}shorter`,
    ship: `${pipeline}ship`,
    outside: `/aws/elsewhere/${run}`,
  };
  const indices = {
    // 2026-03-01 minus 90 days is 2025-12-01: that day is kept, the day before is not.
    expired: [`${INDEX_PREFIX}-2025.11.30`, `${INDEX_PREFIX}-2025.06.15`, `${INDEX_PREFIX}-2025-10-01`],
    kept: [`${INDEX_PREFIX}-2025.12.01`, `${INDEX_PREFIX}-2026.02.28`, `${INDEX_PREFIX}-2026.03.01`],
    untouchable: [
      `${INDEX_PREFIX}-deadletter`,
      'other-2020.01.01',
      `${INDEX_PREFIX}-2020.13.45`,
      `${INDEX_PREFIX}-x-2020.01.01`,
    ],
  };
  const options = (dryRun: boolean): RetentionOptions => ({
    logGroupPrefixes: [app],
    pipelineLogGroupPrefixes: [pipeline],
    cloudWatchRetentionDays: 30,
    indexPrefix: INDEX_PREFIX,
    logRetentionDays: 90,
    logArchiveDays: 30,
    deadLetterBucket: 'teddy-logs-test-dead-letters',
    dryRun,
  });
  const retention = (dryRun: boolean) => runRetention({ logs, openSearch, now: () => NOW }, options(dryRun));

  beforeAll(async () => {
    logs = new CloudWatchLogsClient(motoClientConfig(await requireMoto()));
    openSearch = new Client({ node: await requireOpenSearch() });
    for (const name of Object.values(groups)) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    const preset: Array<[string, number]> = [
      [groups.longer, 365],
      [groups.equal, 30],
      [groups.shorter, 7],
    ];
    for (const [name, days] of preset) {
      await logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }));
    }
    await openSearch.indices.delete({ index: [`${INDEX_PREFIX}-*`, 'other-*'], ignore_unavailable: true });
    for (const index of [...indices.expired, ...indices.kept, ...indices.untouchable]) {
      await openSearch.indices.create({ index, body: { settings: { number_of_replicas: 0 } } });
    }
  });

  afterAll(async () => {
    await openSearch?.indices.delete({ index: [`${INDEX_PREFIX}-*`, 'other-*'], ignore_unavailable: true });
    await openSearch?.close();
  });

  async function retentionOf(name: string): Promise<number | undefined> {
    const response = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return response.logGroups?.find((g) => g.logGroupName === name)?.retentionInDays;
  }

  async function existingIndices(): Promise<string[]> {
    const all = [...indices.expired, ...indices.kept, ...indices.untouchable];
    const found: string[] = [];
    for (const index of all) if ((await openSearch.indices.exists({ index })).body) found.push(index);
    return found.sort();
  }

  it('reports in a dry run what it would change, and changes nothing', async () => {
    const report = await retention(true);

    expect(report.dry_run).toBe(true);
    expect(report.cloudwatch?.groups.filter((g) => g.action === 'set').map((g) => g.log_group)).toEqual(
      [groups.forever, groups.longer, groups.ship].sort(),
    );
    expect('indices' in report.opensearch && report.opensearch.indices?.deleted.map((d) => d.index).sort()).toEqual(
      [...indices.expired].sort(),
    );
    expect(await retentionOf(groups.forever)).toBeUndefined();
    expect(await retentionOf(groups.longer)).toBe(365);
    expect(await existingIndices()).toEqual([...indices.expired, ...indices.kept, ...indices.untouchable].sort());
  });

  it('puts every group under the prefixes and the pipeline’s own at the policy, and keeps stricter ones', async () => {
    const report = await retention(false);

    expect(report.errors).toEqual([]);
    expect(report.summary.log_groups_changed).toBe(3);
    expect(await retentionOf(groups.forever)).toBe(30);
    expect(await retentionOf(groups.longer)).toBe(30);
    expect(await retentionOf(groups.equal)).toBe(30);
    expect(await retentionOf(groups.ship)).toBe(30);
    expect(await retentionOf(groups.shorter)).toBe(7);
    expect(await retentionOf(groups.outside)).toBeUndefined();
    expect(report.cloudwatch?.groups.find((g) => g.log_group === groups.ship)).toMatchObject({
      pipeline: true,
      previous_days: null,
      action: 'set',
    });
  });

  it('deletes only the daily indices older than LOG_RETENTION_DAYS by the date in their name', async () => {
    // The previous test ran for real; what is left is what retention keeps.
    expect(await existingIndices()).toEqual([...indices.kept, ...indices.untouchable].sort());
  });

  it('says that daily deletion is the enforcement on a cluster without ISM', async () => {
    const report = await retention(true);

    expect('ism' in report.opensearch && report.opensearch.ism).toMatchObject({
      status: 'unavailable',
      detail: expect.stringContaining('daily deletion is the enforcement'),
    });
    expect(report.summary.ism).toBe('unavailable');
  });

  it('changes nothing on a second run', async () => {
    const report = await retention(false);

    expect(report.summary).toMatchObject({ log_groups_changed: 0, indices_deleted: 0 });
    expect(report.cloudwatch?.groups.map((g) => g.action).sort()).toEqual([
      'compliant',
      'compliant',
      'compliant',
      'compliant',
      'shorter',
    ]);
    expect(await existingIndices()).toEqual([...indices.kept, ...indices.untouchable].sort());
  });

  it('keeps a report with the policy, the stores’ lifecycles and the time, and logs it as one line', async () => {
    const report = await retention(true);
    const line = formatRetentionLine(report);

    expect(report).toMatchObject({
      report: 'retention',
      generated_at: NOW.toISOString(),
      policy: { cloudwatch_retention_days: 30, log_retention_days: 90, log_archive_days: 30 },
    });
    expect(report.stores).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ store: 'dead-letter-queue', expire_after_days: 14 }),
        expect.objectContaining({ store: 'dead-letter-bucket', archive_after_days: 30, expire_after_days: 90 }),
        expect.objectContaining({ store: 'firehose-backup-bucket', expire_after_days: 90 }),
      ]),
    );
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ category: 'audit', level: 'INFO', dry_run: true });
  });
});
