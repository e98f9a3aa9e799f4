import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  type LogGroup,
  type MetricFilter,
  PutMetricFilterCommand,
  PutRetentionPolicyCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { describeError } from '../../core/errors.js';
import { formatLogLine } from '../../core/logLine.js';
import {
  METRIC_FILTERS,
  METRIC_NAMESPACE,
  type MetricFilterDefinition,
} from '../../engines/filterPattern/metricFilters.js';
import { isUnderAnyPrefix, listLogGroups } from '../retention/logGroups.js';

/** The name of the subscription filter onboarding puts on a group. */
export const SUBSCRIPTION_FILTER_NAME = 'teddy-logs-ship';
/** Metric filters are named `<this>-<metric name>`. */
export const METRIC_FILTER_NAME_PREFIX = 'teddy-logs';
/** CloudWatch Logs allows two subscription filters per log group (service quota, not adjustable). */
export const MAX_SUBSCRIPTION_FILTERS = 2;

export const SubscriptionStatus = {
  CREATED: 'created',
  /** Our filter existed with another destination or pattern and was replaced. */
  UPDATED: 'updated',
  /** A filter already sends the group to the destination. */
  PRESENT: 'present',
  /** Two foreign filters already: the AWS limit; left alone and reported. */
  LIMIT: 'limit-reached',
} as const;
export type SubscriptionStatusName = (typeof SubscriptionStatus)[keyof typeof SubscriptionStatus];

export interface OnboardGroupEntry {
  log_group: string;
  /** Why the group was left alone: excluded, the pipeline's own, outside the prefixes, gone. */
  skipped?: string;
  subscription?: SubscriptionStatusName;
  /** Names of the foreign filters when the limit was reached. */
  foreign_filters?: string[];
  metric_filters?: { created: string[]; updated: string[]; unchanged: string[] };
  /** Retention before onboarding, when onboarding set it (null: never expire). */
  retention_set_from?: number | null;
  error?: string;
}

export interface OnboardReport {
  report: 'onboard';
  generated_at: string;
  dry_run: boolean;
  trigger: 'sweep' | 'create-log-group';
  destination_arn: string;
  metric_namespace: string;
  groups: OnboardGroupEntry[];
  summary: {
    groups_scanned: number;
    groups_skipped: number;
    subscriptions_created: number;
    subscriptions_updated: number;
    limit_reached: number;
    metric_filters_created: number;
    errors: number;
  };
}

export interface OnboardOptions {
  prefixes: readonly string[];
  excludedPrefixes: readonly string[];
  pipelinePrefixes: readonly string[];
  /** The ship function (or a Kinesis / Firehose stream). */
  destinationArn: string;
  /** Needed for Kinesis / Firehose destinations only. */
  roleArn?: string;
  metricNamespace?: string;
  /** Sets retention on a group that has none or a longer one, so a new group does not wait for the daily run. */
  retentionDays?: number;
  /** Only these groups (a CreateLogGroup event); absent: a sweep of every group under the prefixes. */
  logGroupNames?: readonly string[];
  dryRun: boolean;
}

/**
 * Puts the subscription filter to ship and the metric filters on every application log group (a sweep), or on the
 * groups named by a CreateLogGroup event. Idempotent: what is already in place is reported as such. Never removes
 * or replaces another team's subscription filter: a group already at the two-filter limit is reported.
 */
export async function onboardLogGroups(
  client: CloudWatchLogsClient,
  options: OnboardOptions,
  now: () => Date = () => new Date(),
): Promise<OnboardReport> {
  const namespace = options.metricNamespace ?? METRIC_NAMESPACE;
  const groups = options.logGroupNames
    ? await describeNamedGroups(client, options.logGroupNames)
    : await listLogGroups(client, options.prefixes);
  const entries: OnboardGroupEntry[] = [];
  for (const group of groups) {
    const name = group.logGroupName as string;
    const skipped = reasonToSkip(name, group, options);
    if (skipped) {
      entries.push({ log_group: name, skipped });
      continue;
    }
    try {
      entries.push(await onboardGroup(client, group as LogGroup & { logGroupName: string }, namespace, options));
    } catch (error) {
      entries.push({ log_group: name, error: describeError(error) });
    }
  }
  const count = (status: SubscriptionStatusName) => entries.filter((e) => e.subscription === status).length;
  return {
    report: 'onboard',
    generated_at: now().toISOString(),
    dry_run: options.dryRun,
    trigger: options.logGroupNames ? 'create-log-group' : 'sweep',
    destination_arn: options.destinationArn,
    metric_namespace: namespace,
    groups: entries,
    summary: {
      groups_scanned: entries.length,
      groups_skipped: entries.filter((e) => e.skipped).length,
      subscriptions_created: count(SubscriptionStatus.CREATED),
      subscriptions_updated: count(SubscriptionStatus.UPDATED),
      limit_reached: count(SubscriptionStatus.LIMIT),
      metric_filters_created: entries.reduce(
        (n, e) => n + (e.metric_filters?.created.length ?? 0) + (e.metric_filters?.updated.length ?? 0),
        0,
      ),
      errors: entries.filter((e) => e.error).length,
    },
  };
}

/** The report as one JSON log line. */
export function formatOnboardLine(report: OnboardReport): string {
  const s = report.summary;
  return formatLogLine({
    timestamp: report.generated_at,
    level: s.errors || s.limit_reached ? 'WARN' : 'INFO',
    category: 'system',
    service: 'teddy-logs-onboard',
    message:
      `onboard ${report.trigger}${report.dry_run ? ' (dry run)' : ''}: ${s.groups_scanned} groups, ` +
      `${s.subscriptions_created} subscribed, ${s.subscriptions_updated} re-subscribed, ${s.limit_reached} at the ` +
      `subscription limit, ${s.metric_filters_created} metric filters put, ${s.groups_skipped} skipped, ${s.errors} errors`,
    dry_run: report.dry_run,
    summary: s,
    changed: report.groups.filter(
      (g) =>
        g.error ||
        g.subscription === SubscriptionStatus.CREATED ||
        g.subscription === SubscriptionStatus.UPDATED ||
        g.subscription === SubscriptionStatus.LIMIT ||
        (g.metric_filters && g.metric_filters.created.length + g.metric_filters.updated.length > 0),
    ),
  });
}

function reasonToSkip(name: string, group: LogGroup, options: OnboardOptions): string | undefined {
  if (!group.arn && !group.creationTime && options.logGroupNames) return 'log group does not exist';
  if (isUnderAnyPrefix(name, options.pipelinePrefixes)) return "the pipeline's own log group (would loop)";
  if (isUnderAnyPrefix(name, options.excludedPrefixes)) return 'excluded (ONBOARD_EXCLUDE_PREFIXES)';
  if (!isUnderAnyPrefix(name, options.prefixes)) return 'outside the configured prefixes';
  return undefined;
}

/** The named groups as DescribeLogGroups sees them; a name that does not exist (yet, or any more) comes back bare. */
async function describeNamedGroups(client: CloudWatchLogsClient, names: readonly string[]): Promise<LogGroup[]> {
  const groups: LogGroup[] = [];
  for (const name of names) {
    const response = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
    groups.push(response.logGroups?.find((g) => g.logGroupName === name) ?? { logGroupName: name });
  }
  return groups;
}

async function onboardGroup(
  client: CloudWatchLogsClient,
  group: LogGroup & { logGroupName: string },
  namespace: string,
  options: OnboardOptions,
): Promise<OnboardGroupEntry> {
  const name = group.logGroupName;
  const entry: OnboardGroupEntry = { log_group: name };
  Object.assign(entry, await subscribeGroup(client, name, options));
  entry.metric_filters = await putMetricFilters(client, name, namespace, options.dryRun);

  const current = group.retentionInDays;
  if (options.retentionDays && (current === undefined || current > options.retentionDays)) {
    if (!options.dryRun) {
      await client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: options.retentionDays }));
    }
    entry.retention_set_from = current ?? null;
  }
  return entry;
}

/** Puts our subscription filter on a group unless one already ships it, or the group has no room for it. */
async function subscribeGroup(
  client: CloudWatchLogsClient,
  name: string,
  options: OnboardOptions,
): Promise<Pick<OnboardGroupEntry, 'subscription' | 'foreign_filters'>> {
  const existing =
    (await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName: name }))).subscriptionFilters ?? [];
  const ours = existing.find((f) => f.filterName === SUBSCRIPTION_FILTER_NAME);
  const foreign = existing.filter((f) => f.filterName !== SUBSCRIPTION_FILTER_NAME);
  if (
    ours?.destinationArn === options.destinationArn ||
    foreign.some((f) => f.destinationArn === options.destinationArn)
  ) {
    return { subscription: SubscriptionStatus.PRESENT };
  }
  if (!ours && foreign.length >= MAX_SUBSCRIPTION_FILTERS) {
    return { subscription: SubscriptionStatus.LIMIT, foreign_filters: foreign.map((f) => f.filterName ?? '').sort() };
  }
  if (!options.dryRun) {
    await client.send(
      new PutSubscriptionFilterCommand({
        logGroupName: name,
        filterName: SUBSCRIPTION_FILTER_NAME,
        filterPattern: '',
        destinationArn: options.destinationArn,
        roleArn: options.destinationArn.includes(':lambda:') ? undefined : options.roleArn,
      }),
    );
  }
  return { subscription: ours ? SubscriptionStatus.UPDATED : SubscriptionStatus.CREATED };
}

async function putMetricFilters(
  client: CloudWatchLogsClient,
  logGroupName: string,
  namespace: string,
  dryRun: boolean,
) {
  const result = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  const existing: MetricFilter[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeMetricFiltersCommand({ logGroupName, nextToken }));
    existing.push(...(page.metricFilters ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  for (const definition of METRIC_FILTERS) {
    const filterName = `${METRIC_FILTER_NAME_PREFIX}-${definition.metricName}`;
    // The stack may have put the same filter under its own name: same pattern and metric counts as present.
    if (existing.some((f) => isSameMetricFilter(f, definition, namespace))) {
      result.unchanged.push(filterName);
      continue;
    }
    const mine = existing.some((f) => f.filterName === filterName);
    if (!dryRun) {
      await client.send(
        new PutMetricFilterCommand({
          logGroupName,
          filterName,
          filterPattern: definition.pattern,
          metricTransformations: [
            { metricName: definition.metricName, metricNamespace: namespace, metricValue: '1', defaultValue: 0 },
          ],
        }),
      );
    }
    (mine ? result.updated : result.created).push(filterName);
  }
  return result;
}

function isSameMetricFilter(filter: MetricFilter, definition: MetricFilterDefinition, namespace: string): boolean {
  const transformation = filter.metricTransformations?.[0];
  return (
    filter.filterPattern === definition.pattern &&
    filter.metricTransformations?.length === 1 &&
    transformation?.metricName === definition.metricName &&
    transformation.metricNamespace === namespace &&
    transformation.metricValue === '1' &&
    transformation.defaultValue === 0
  );
}
