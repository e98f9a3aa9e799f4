import { type CloudWatchLogsClient, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CLOUDWATCH_RETENTION_VALUES } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { listLogGroups } from './logGroups.js';

/** What retention did, or would do, to one log group. */
export const LogGroupAction = {
  /** No retention (kept forever) or a longer one: set to the policy. */
  SET: 'set',
  /** Already at the policy. */
  COMPLIANT: 'compliant',
  /** Shorter than the policy: stricter, left as it is. */
  SHORTER: 'shorter',
} as const;
export type LogGroupActionName = (typeof LogGroupAction)[keyof typeof LogGroupAction];

export interface LogGroupRetentionEntry {
  log_group: string;
  /** Retention before the run; null means "never expire". */
  previous_days: number | null;
  action: LogGroupActionName;
  /** Pipeline's own group (kept under retention like the application's). */
  pipeline: boolean;
}

export interface CloudWatchRetentionReport {
  retention_days: number;
  prefixes: string[];
  groups_scanned: number;
  /** Groups set to the policy (or that would be, in a dry run). */
  groups_changed: number;
  groups: LogGroupRetentionEntry[];
}

export interface CloudWatchRetentionOptions {
  /** Application prefixes. */
  prefixes: readonly string[];
  /** The pipeline's own prefixes. */
  pipelinePrefixes: readonly string[];
  retentionDays: number;
  dryRun: boolean;
}

/** Throws a ConfigError unless CloudWatch Logs accepts the value as `retentionInDays`. */
export function assertCloudWatchRetentionDays(days: number): void {
  if (!(CLOUDWATCH_RETENTION_VALUES as readonly number[]).includes(days)) {
    throw new ConfigError(
      `CLOUDWATCH_RETENTION_DAYS: ${days} is not a value CloudWatch Logs accepts (one of ${CLOUDWATCH_RETENTION_VALUES.join(', ')})`,
    );
  }
}

/**
 * Puts every log group under the prefixes (application and pipeline) at the retention policy: groups that keep
 * events forever or longer than the policy are set; shorter retention is stricter and stays. A dry run lists the
 * same changes and makes none.
 */
export async function enforceLogGroupRetention(
  client: CloudWatchLogsClient,
  options: CloudWatchRetentionOptions,
): Promise<CloudWatchRetentionReport> {
  assertCloudWatchRetentionDays(options.retentionDays);
  const prefixes = [...new Set([...options.prefixes, ...options.pipelinePrefixes])];
  const groups = await listLogGroups(client, prefixes);
  const entries: LogGroupRetentionEntry[] = [];
  for (const group of groups) {
    const name = group.logGroupName as string;
    const previous = group.retentionInDays ?? null;
    const action = classifyRetention(previous, options.retentionDays);
    if (action === LogGroupAction.SET && !options.dryRun) {
      await client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: options.retentionDays }));
    }
    entries.push({
      log_group: name,
      previous_days: previous,
      action,
      pipeline: options.pipelinePrefixes.some((prefix) => name.startsWith(prefix)),
    });
  }
  return {
    retention_days: options.retentionDays,
    prefixes,
    groups_scanned: entries.length,
    groups_changed: entries.filter((e) => e.action === LogGroupAction.SET).length,
    groups: entries,
  };
}

function classifyRetention(previous: number | null, policy: number): LogGroupActionName {
  if (previous === null || previous > policy) return LogGroupAction.SET;
  return previous === policy ? LogGroupAction.COMPLIANT : LogGroupAction.SHORTER;
}
