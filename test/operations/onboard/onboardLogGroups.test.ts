import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { METRIC_FILTERS, METRIC_NAMESPACE } from '../../../shared/engines/filterPattern/metricFilters.js';
import {
  formatOnboardLine,
  groupNamesFromEvent,
  type OnboardOptions,
  onboardLogGroups,
  SUBSCRIPTION_FILTER_NAME,
} from '../../../shared/operations/onboard/index.js';
import { motoClientConfig, requireMoto, uniqueName } from '../../support/services.js';

// moto checks that a subscription's destination exists; Firehose streams stand in for the ship function and for
// other teams' destinations (the code does not care which kind of ARN it is given).
const ROLE = 'arn:aws:iam::123456789012:role/cwl-to-firehose';

/** A CloudTrail CreateLogGroup management event as EventBridge delivers it. */
function aCreateLogGroupEvent(logGroupName: string, overrides: Record<string, unknown> = {}) {
  return {
    version: '0',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.logs',
    detail: {
      eventSource: 'logs.amazonaws.com',
      eventName: 'CreateLogGroup',
      requestParameters: { logGroupName },
      ...overrides,
    },
  };
}

describe('onboarding log groups', () => {
  let logs: CloudWatchLogsClient;
  let ship: string;
  let foreign: string;
  const run = uniqueName('onb');
  const app = `/aws/ai-teddy-bear/${run}/`;
  const pipeline = `/aws/lambda/teddy-logs-${run}-`;
  const groups = {
    fresh: `${app}fresh`,
    stale: `${app}stale`,
    full: `${app}full`,
    stack: `${app}stack`,
    excluded: `${app}excluded/batch`,
    own: `${pipeline}ship`,
  };
  // moto allows 50 delivery streams per account and region, and the test services are shared: remove ours after.
  const createdStreams: string[] = [];
  afterAll(async () => {
    const firehose = new FirehoseClient(motoClientConfig(await requireMoto()));
    for (const arn of createdStreams) {
      await firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: arn.split('/').pop() }));
    }
  });
  const options = (overrides: Partial<OnboardOptions> = {}): OnboardOptions => ({
    prefixes: [app, pipeline],
    excludedPrefixes: [`${app}excluded/`],
    pipelinePrefixes: [pipeline],
    destinationArn: ship,
    roleArn: ROLE,
    retentionDays: 30,
    dryRun: false,
    ...overrides,
  });

  async function aFirehoseStream(): Promise<string> {
    const config = motoClientConfig(await requireMoto());
    const bucket = uniqueName('onboard-dest');
    await new S3Client(config).send(new CreateBucketCommand({ Bucket: bucket }));
    const response = await new FirehoseClient(config).send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: uniqueName('dest'),
        ExtendedS3DestinationConfiguration: { BucketARN: `arn:aws:s3:::${bucket}`, RoleARN: ROLE },
      }),
    );
    createdStreams.push(response.DeliveryStreamARN as string);
    return response.DeliveryStreamARN as string;
  }

  async function subscribe(logGroupName: string, filterName: string, destinationArn: string) {
    await logs.send(
      new PutSubscriptionFilterCommand({ logGroupName, filterName, filterPattern: '', destinationArn, roleArn: ROLE }),
    );
  }

  async function subscriptionsOf(logGroupName: string) {
    const response = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName }));
    return (response.subscriptionFilters ?? []).map((f) => [f.filterName, f.destinationArn]).sort();
  }

  async function metricFiltersOf(logGroupName: string) {
    const response = await logs.send(new DescribeMetricFiltersCommand({ logGroupName }));
    return (response.metricFilters ?? []).map((f) => f.filterName).sort();
  }

  async function retentionOf(name: string) {
    const response = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    return response.logGroups?.find((g) => g.logGroupName === name)?.retentionInDays;
  }

  beforeAll(async () => {
    logs = new CloudWatchLogsClient(motoClientConfig(await requireMoto()));
    ship = await aFirehoseStream();
    foreign = await aFirehoseStream();
    const old = await aFirehoseStream();
    for (const name of Object.values(groups)) await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    await subscribe(groups.stale, SUBSCRIPTION_FILTER_NAME, old);
    await subscribe(groups.full, 'security-team', foreign);
    await subscribe(groups.full, 'analytics-team', foreign);
    await subscribe(groups.stack, 'teddy-logs-dev-ship', ship);
  });

  it('changes nothing in a dry run, and reports what it would do', async () => {
    const report = await onboardLogGroups(logs, options({ dryRun: true }));

    expect(report.summary).toMatchObject({ subscriptions_created: 1, subscriptions_updated: 1, limit_reached: 1 });
    expect(await subscriptionsOf(groups.fresh)).toEqual([]);
    expect(await metricFiltersOf(groups.fresh)).toEqual([]);
    expect(await retentionOf(groups.fresh)).toBeUndefined();
  });

  it('subscribes every group to ship with the three metric filters and the retention policy', async () => {
    const report = await onboardLogGroups(logs, options());

    expect(report.summary.errors).toBe(0);
    expect(await subscriptionsOf(groups.fresh)).toEqual([[SUBSCRIPTION_FILTER_NAME, ship]]);
    expect(await metricFiltersOf(groups.fresh)).toEqual(
      ['teddy-logs-ChildSafetyEvents', 'teddy-logs-ChildSafetyViolations', 'teddy-logs-ErrorCount'].sort(),
    );
    expect(await retentionOf(groups.fresh)).toBe(30);
    const filters = (await logs.send(new DescribeMetricFiltersCommand({ logGroupName: groups.fresh }))).metricFilters;
    for (const definition of METRIC_FILTERS) {
      expect(filters?.find((f) => f.filterName === `teddy-logs-${definition.metricName}`)).toMatchObject({
        filterPattern: definition.pattern,
        metricTransformations: [
          { metricName: definition.metricName, metricNamespace: METRIC_NAMESPACE, metricValue: '1', defaultValue: 0 },
        ],
      });
    }
  });

  it('points a stale filter of ours at ship, and leaves a group the stack already subscribed alone', async () => {
    expect(await subscriptionsOf(groups.stale)).toEqual([[SUBSCRIPTION_FILTER_NAME, ship]]);
    expect(await subscriptionsOf(groups.stack)).toEqual([['teddy-logs-dev-ship', ship]]);
  });

  it('reports a group with two foreign subscription filters and does not touch them', async () => {
    const report = await onboardLogGroups(logs, options({ dryRun: true }));

    expect(report.groups.find((g) => g.log_group === groups.full)).toMatchObject({
      subscription: 'limit-reached',
      foreign_filters: ['security-team', 'analytics-team'].sort(),
    });
    expect(await subscriptionsOf(groups.full)).toEqual([
      ['analytics-team', foreign],
      ['security-team', foreign],
    ]);
  });

  it('never subscribes excluded groups or the pipeline’s own', async () => {
    const report = await onboardLogGroups(logs, options({ dryRun: true }));

    expect(report.groups.find((g) => g.log_group === groups.excluded)?.skipped).toMatch(/excluded/);
    expect(report.groups.find((g) => g.log_group === groups.own)?.skipped).toMatch(/pipeline's own/);
    expect(await subscriptionsOf(groups.excluded)).toEqual([]);
    expect(await subscriptionsOf(groups.own)).toEqual([]);
    expect(await metricFiltersOf(groups.own)).toEqual([]);
  });

  it('changes nothing on a second run', async () => {
    const report = await onboardLogGroups(logs, options());

    expect(report.summary).toMatchObject({
      subscriptions_created: 0,
      subscriptions_updated: 0,
      metric_filters_created: 0,
      limit_reached: 1,
      errors: 0,
    });
    expect(report.groups.every((g) => g.retention_set_from === undefined)).toBe(true);
    expect(JSON.parse(formatOnboardLine(report)).changed.map((g: { log_group: string }) => g.log_group)).toEqual([
      groups.full,
    ]);
  });

  it('onboards just the group a CreateLogGroup event names', async () => {
    const created = `${app}created-later`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: created }));

    const report = await onboardLogGroups(
      logs,
      options({ logGroupNames: groupNamesFromEvent(aCreateLogGroupEvent(created)) }),
    );

    expect(report.trigger).toBe('create-log-group');
    expect(report.groups.map((g) => [g.log_group, g.subscription])).toEqual([[created, 'created']]);
    expect(await subscriptionsOf(created)).toEqual([[SUBSCRIPTION_FILTER_NAME, ship]]);
  });

  it('leaves alone a created group outside the prefixes, and one that no longer exists', async () => {
    const outside = `/aws/elsewhere/${run}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: outside }));

    const report = await onboardLogGroups(logs, options({ logGroupNames: [outside, `${app}gone`] }));

    expect(report.groups.map((g) => g.skipped)).toEqual([
      'outside the configured prefixes',
      'log group does not exist',
    ]);
    expect(await subscriptionsOf(outside)).toEqual([]);
  });
});
