import { type CloudWatchLogsClient, type LogGroup, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';

/**
 * Every log group whose name starts with one of the prefixes, each once (prefixes may nest), in name order.
 * DescribeLogGroups filters by one prefix a call and pages with nextToken.
 */
export async function listLogGroups(client: CloudWatchLogsClient, prefixes: readonly string[]): Promise<LogGroup[]> {
  const byName = new Map<string, LogGroup>();
  for (const prefix of new Set(prefixes)) {
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: prefix })) {
      for (const group of page.logGroups ?? []) {
        if (group.logGroupName && !byName.has(group.logGroupName)) byName.set(group.logGroupName, group);
      }
    }
  }
  return [...byName.values()].sort((a, b) => (a.logGroupName as string).localeCompare(b.logGroupName as string));
}

/** True when the name starts with any of the prefixes. */
export function isUnderAnyPrefix(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => name.startsWith(prefix));
}
