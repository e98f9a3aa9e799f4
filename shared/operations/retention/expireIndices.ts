import type { Client } from '@opensearch-project/opensearch';

const DAY_MS = 86_400_000;
/** Names per DELETE request: keeps the URL far below the HTTP line limit (4 KiB by default) with long prefixes. */
const DELETE_CHUNK = 20;

/** What retention did, or would do, to one daily index. */
export interface IndexRetentionEntry {
  index: string;
  /** The day in the name, YYYY-MM-DD. */
  date: string;
  age_days: number;
}

export interface IndexRetentionReport {
  index_pattern: string;
  retention_days: number;
  /** Indices of the pattern with a date in their name older than this are deleted. */
  cutoff_date: string;
  indices_scanned: number;
  /** Deleted (or, in a dry run, would be). */
  deleted: IndexRetentionEntry[];
  kept: number;
  /** Names under the prefix that are not a daily index of the pattern: never touched. */
  ignored: string[];
}

/**
 * The daily index names the pipeline writes: `<prefix>-YYYY.MM.DD` (the CLI, the OpenSearch sink) and
 * `<prefix>-YYYY-MM-DD` (Firehose's OneDay index rotation). Anchored: nothing else ever matches.
 */
export function compileDailyIndexPattern(prefix: string): RegExp {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}-(\\d{4})([.-])(\\d{2})\\2(\\d{2})$`);
}

/** The UTC day in a daily index name, or undefined when the name is not of the pattern or the date is not real. */
export function parseIndexDate(name: string, pattern: RegExp): Date | undefined {
  const match = pattern.exec(name);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[3]), Number(match[4])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2024.02.31 over to March: a name whose date does not survive the round trip is not a day.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date;
}

/**
 * Deletes the daily indices of `<prefix>-*` whose date in the name is more than `retentionDays` days before today
 * (UTC). The creation date is not used: a restored or reindexed index keeps its day. Anything under the prefix that
 * is not a daily index (`<prefix>-deadletter`, aliases, look-alikes) is listed as ignored and never touched.
 */
export async function deleteExpiredIndices(
  client: Client,
  options: { indexPrefix: string; retentionDays: number; now: Date; dryRun: boolean },
): Promise<IndexRetentionReport> {
  const pattern = compileDailyIndexPattern(options.indexPrefix);
  const today = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate());
  const cutoff = today - options.retentionDays * DAY_MS;
  const response = await client.cat.indices({
    index: `${options.indexPrefix}-*`,
    format: 'json',
    h: ['index'],
    expand_wildcards: 'all',
  });
  const names = (response.body as Array<{ index?: string }>)
    .map((row) => row.index)
    .filter((name): name is string => typeof name === 'string')
    .sort();
  const expired: IndexRetentionEntry[] = [];
  const ignored: string[] = [];
  for (const name of names) {
    const date = parseIndexDate(name, pattern);
    if (!date) {
      ignored.push(name);
      continue;
    }
    if (date.getTime() < cutoff) {
      expired.push({ index: name, date: toDay(date), age_days: Math.round((today - date.getTime()) / DAY_MS) });
    }
  }
  if (!options.dryRun) {
    for (let i = 0; i < expired.length; i += DELETE_CHUNK) {
      const chunk = expired.slice(i, i + DELETE_CHUNK).map((e) => e.index);
      // Belt and braces: the names were matched above; nothing else, and never a wildcard, reaches DELETE.
      if (chunk.some((name) => !pattern.test(name))) throw new Error(`refusing to delete a non-daily index: ${chunk}`);
      await client.indices.delete({ index: chunk, ignore_unavailable: true, expand_wildcards: 'none' });
    }
  }
  return {
    index_pattern: `${options.indexPrefix}-*`,
    retention_days: options.retentionDays,
    cutoff_date: toDay(new Date(cutoff)),
    indices_scanned: names.length,
    deleted: expired,
    kept: names.length - expired.length - ignored.length,
    ignored,
  };
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
