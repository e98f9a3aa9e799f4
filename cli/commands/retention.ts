import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createCloudWatchLogsClient, createS3Client } from '../../shared/core/awsClients.js';
import { PipelineError } from '../../shared/core/errors.js';
import { formatRetentionLine, runRetention } from '../../shared/operations/retention/index.js';
import { awsClientOptionsFrom, loadOperationsSettings, toRetentionOptions } from '../../shared/operations/settings.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import type { CliIo } from '../io.js';

/** `teddy-logs retention [--dry-run] [--report PATH]`: the retention function's run, from a laptop or CI. */
export function registerRetention(program: Command, io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>): void {
  program
    .command('retention')
    .description(
      'Enforce retention on every tier: CloudWatch Logs groups under CLOUDWATCH_LOG_GROUP get CLOUDWATCH_RETENTION_DAYS, ' +
        'daily OpenSearch indices older than LOG_RETENTION_DAYS are deleted, the ISM lifecycle policy is installed ' +
        'where the cluster has ISM, daily files and dead letters under LOG_DIR older than LOG_RETENTION_DAYS are removed, ' +
        'and the stores’ lifecycles are reported.',
    )
    .option('--dry-run', 'report what would change and change nothing', false)
    .option('--report <path>', 'also write the JSON report to this file')
    .addHelpText(
      'after',
      '\nThe JSON report goes to stdout, a one-line summary to stderr. Exit status 2 when a part failed.',
    )
    .action(async (options: { dryRun: boolean; report?: string }) => {
      const settings = loadOperationsSettings(io.env);
      const aws = awsClientOptionsFrom(io.env);
      const report = await runRetention(
        {
          logs: createCloudWatchLogsClient(aws),
          s3: createS3Client(aws),
          openSearch: settings.openSearch ? createOpenSearchClient(settings.openSearch) : undefined,
        },
        { ...toRetentionOptions(settings, options.dryRun), localDirectory: settings.config.LOG_DIR },
      );
      const json = `${JSON.stringify(report, null, 2)}\n`;
      io.stdout.write(json);
      if (options.report) await writeFile(options.report, json);
      io.stderr.write(`${JSON.parse(formatRetentionLine(report)).message}\n`);
      if (report.errors.length) {
        throw new PipelineError(report.errors.map((e) => `${e.part}: ${e.message}`).join('; '), { stage: 'retention' });
      }
    });
}
