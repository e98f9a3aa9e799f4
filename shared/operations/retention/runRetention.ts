import { stat } from 'node:fs/promises';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Client } from '@opensearch-project/opensearch';
import { describeError } from '../../core/errors.js';
import { formatLogLine } from '../../core/logLine.js';
import { ensureIsmPolicy, type IsmReport } from '../../sinks/opensearch/ism.js';
import { buildIsmPolicy, nameIsmPolicy } from '../../sinks/opensearch/ismPolicy.js';
import { type CloudWatchRetentionReport, enforceLogGroupRetention, LogGroupAction } from './cloudWatch.js';
import { type DeadLetterRetentionReport, expireDeadLetters } from './deadLetters.js';
import { deleteExpiredIndices, type IndexRetentionReport } from './expireIndices.js';
import { describeStoreLifecycles, type StoreLifecycle } from './lifecycles.js';
import { expireLocalFiles, type LocalFilesRetentionReport } from './localFiles.js';

export interface RetentionDeps {
  logs: CloudWatchLogsClient;
  /** Absent when no OpenSearch endpoint is configured: the report says the index tier was not checked. */
  openSearch?: Client;
  /** Reads the buckets' lifecycles for the report; absent: the stack's settings are reported. */
  s3?: S3Client;
  now?: () => Date;
}

export interface RetentionOptions {
  logGroupPrefixes: readonly string[];
  pipelineLogGroupPrefixes: readonly string[];
  /** CLOUDWATCH_RETENTION_DAYS. */
  cloudWatchRetentionDays: number;
  /** OPENSEARCH_INDEX. */
  indexPrefix: string;
  /** LOG_RETENTION_DAYS. */
  logRetentionDays: number;
  /** LOG_ARCHIVE_DAYS. */
  logArchiveDays: number;
  deadLetterQueue?: string;
  deadLetterBucket?: string;
  backupBucket?: string;
  rolloverAlias?: string;
  /** LOG_DIR of a CLI run: its daily files and dead-letter files follow LOG_RETENTION_DAYS too. */
  localDirectory?: string;
  dryRun: boolean;
}

/** What one retention run found and changed (or, with dry_run, would change): the record a compliance officer keeps. */
export interface RetentionReport {
  report: 'retention';
  generated_at: string;
  dry_run: boolean;
  policy: {
    cloudwatch_retention_days: number;
    log_retention_days: number;
    log_archive_days: number;
    index_pattern: string;
  };
  cloudwatch: CloudWatchRetentionReport | null;
  opensearch:
    | { indices: IndexRetentionReport | null; dead_letters: DeadLetterRetentionReport | null; ism: IsmReport | null }
    | { skipped: string };
  /** The CLI's local files; null when no LOG_DIR was given (the function keeps none) or it does not exist. */
  local_files: LocalFilesRetentionReport | null;
  stores: StoreLifecycle[];
  /** Parts that failed; the others still ran. */
  errors: Array<{ part: string; message: string }>;
  summary: {
    log_groups_scanned: number;
    log_groups_changed: number;
    indices_deleted: number;
    /** In the dead-letter index and the local dead-letter files. */
    dead_letters_expired: number;
    local_files_deleted: number;
    ism: string;
  };
}

/**
 * One retention run over every tier: CloudWatch Logs retention, expired daily indices, the ISM lifecycle policy,
 * and the stores' lifecycles. Each part runs even when another failed; failures are listed in `errors`.
 */
export async function runRetention(deps: RetentionDeps, options: RetentionOptions): Promise<RetentionReport> {
  const now = (deps.now ?? (() => new Date()))();
  const errors: RetentionReport['errors'] = [];
  const attempt = async <T>(part: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      errors.push({ part, message: describeError(error) });
      return null;
    }
  };

  const cloudwatch = await attempt('cloudwatch', () =>
    enforceLogGroupRetention(deps.logs, {
      prefixes: options.logGroupPrefixes,
      pipelinePrefixes: options.pipelineLogGroupPrefixes,
      retentionDays: options.cloudWatchRetentionDays,
      dryRun: options.dryRun,
    }),
  );

  let opensearch: RetentionReport['opensearch'] = {
    skipped: 'no OpenSearch address configured (OPENSEARCH_URL)',
  };
  const client = deps.openSearch;
  if (client) {
    const indices = await attempt('opensearch-indices', () =>
      deleteExpiredIndices(client, {
        indexPrefix: options.indexPrefix,
        retentionDays: options.logRetentionDays,
        now,
        dryRun: options.dryRun,
      }),
    );
    const deadLetters = await attempt('opensearch-dead-letters', () =>
      expireDeadLetters(client, {
        indexPrefix: options.indexPrefix,
        retentionDays: options.logRetentionDays,
        now,
        dryRun: options.dryRun,
      }),
    );
    const policy = buildIsmPolicy({
      indexPrefix: options.indexPrefix,
      retentionDays: options.logRetentionDays,
      rolloverAlias: options.rolloverAlias,
    });
    const ism = await attempt('opensearch-ism', () =>
      ensureIsmPolicy(client, nameIsmPolicy(options.indexPrefix), policy, options.dryRun),
    );
    opensearch = { indices, dead_letters: deadLetters, ism };
  }

  const localDirectory = options.localDirectory;
  const localFiles =
    localDirectory && (await isDirectory(localDirectory))
      ? await attempt('local-files', () =>
          expireLocalFiles(localDirectory, {
            indexPrefix: options.indexPrefix,
            retentionDays: options.logRetentionDays,
            now,
            dryRun: options.dryRun,
          }),
        )
      : null;

  const stores =
    (await attempt('stores', () =>
      describeStoreLifecycles({
        retentionDays: options.logRetentionDays,
        archiveDays: options.logArchiveDays,
        deadLetterQueue: options.deadLetterQueue,
        deadLetterBucket: options.deadLetterBucket,
        backupBucket: options.backupBucket,
        s3: deps.s3,
      }),
    )) ?? [];

  return {
    report: 'retention',
    generated_at: now.toISOString(),
    dry_run: options.dryRun,
    policy: {
      cloudwatch_retention_days: options.cloudWatchRetentionDays,
      log_retention_days: options.logRetentionDays,
      log_archive_days: options.logArchiveDays,
      index_pattern: `${options.indexPrefix}-YYYY.MM.DD`,
    },
    cloudwatch,
    opensearch,
    local_files: localFiles,
    stores,
    errors,
    summary: {
      log_groups_scanned: cloudwatch?.groups_scanned ?? 0,
      log_groups_changed: cloudwatch?.groups_changed ?? 0,
      indices_deleted: 'indices' in opensearch ? (opensearch.indices?.deleted.length ?? 0) : 0,
      dead_letters_expired:
        ('dead_letters' in opensearch ? (opensearch.dead_letters?.expired ?? 0) : 0) +
        (localFiles?.dead_letters_expired ?? 0),
      local_files_deleted: localFiles?.daily_files_deleted.length ?? 0,
      ism: 'ism' in opensearch ? (opensearch.ism?.status ?? 'error') : 'skipped',
    },
  };
}

/**
 * The run as one JSON log line: the summary and what changed (not the groups that were already compliant, so the
 * line stays well under CloudWatch's 256 KiB event limit on large accounts).
 */
export function formatRetentionLine(report: RetentionReport): string {
  const verb = report.dry_run ? 'would set' : 'set';
  const changed = report.cloudwatch?.groups.filter((g) => g.action === LogGroupAction.SET) ?? [];
  const deleted = 'indices' in report.opensearch ? (report.opensearch.indices?.deleted ?? []) : [];
  return formatLogLine({
    timestamp: report.generated_at,
    level: report.errors.length ? 'ERROR' : 'INFO',
    category: 'audit',
    service: 'teddy-logs-retention',
    message:
      `retention${report.dry_run ? ' (dry run)' : ''}: ${verb} ${report.summary.log_groups_changed} of ` +
      `${report.summary.log_groups_scanned} log groups to ${report.policy.cloudwatch_retention_days} days, ` +
      `${report.dry_run ? 'would delete' : 'deleted'} ${report.summary.indices_deleted} indices older than ` +
      `${report.policy.log_retention_days} days and ${report.summary.dead_letters_expired} dead letters, ` +
      `ISM ${report.summary.ism}` +
      (report.errors.length ? `, ${report.errors.length} part(s) failed` : ''),
    dry_run: report.dry_run,
    policy: report.policy,
    summary: report.summary,
    log_groups_changed: changed.map((g) => ({ log_group: g.log_group, previous_days: g.previous_days })),
    indices_deleted: deleted.map((d) => d.index),
    stores: report.stores,
    errors: report.errors,
  });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
