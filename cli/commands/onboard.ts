import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createCloudWatchLogsClient } from '../../shared/core/awsClients.js';
import { ConfigError } from '../../shared/core/errors.js';
import { formatOnboardLine, onboardLogGroups } from '../../shared/operations/onboard/index.js';
import { awsClientOptionsFrom, loadOperationsSettings, toOnboardOptions } from '../../shared/operations/settings.js';
import type { CliIo } from '../io.js';
import { collect } from './optionParsers.js';

/** `teddy-logs onboard [--dry-run] [--log-group NAME...]`: the onboard function's sweep, from a laptop or CI. */
export function registerOnboard(program: Command, io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>): void {
  program
    .command('onboard')
    .description(
      'Put the subscription filter to the ship function and the metric filters (ErrorCount, ChildSafetyEvents, ' +
        'ChildSafetyViolations) on every log group under CLOUDWATCH_LOG_GROUP, except excluded and the pipeline’s own.',
    )
    .option('--dry-run', 'report what would change and change nothing', false)
    .option(
      '--log-group <name>',
      'only this log group (as a CreateLogGroup event would); repeatable, one name each time',
      collect,
      [] as string[],
    )
    .option('--destination-arn <arn>', 'subscription destination (default: DESTINATION_ARN or SHIP_FUNCTION_ARN)')
    .option('--report <path>', 'also write the JSON report to this file')
    .addHelpText('after', '\nThe JSON report goes to stdout, a one-line summary to stderr.')
    .action(async (options: { dryRun: boolean; logGroup: string[]; destinationArn?: string; report?: string }) => {
      const settings = loadOperationsSettings(io.env);
      const destinationArn = options.destinationArn ?? settings.destinationArn;
      if (!destinationArn) {
        throw new ConfigError(
          'onboard needs the ship function: --destination-arn, DESTINATION_ARN or SHIP_FUNCTION_ARN',
        );
      }
      const report = await onboardLogGroups(
        createCloudWatchLogsClient(awsClientOptionsFrom(io.env)),
        toOnboardOptions(settings, {
          destinationArn,
          logGroupNames: options.logGroup.length ? options.logGroup : undefined,
          dryRun: options.dryRun,
        }),
      );
      const json = `${JSON.stringify(report, null, 2)}\n`;
      io.stdout.write(json);
      if (options.report) await writeFile(options.report, json);
      io.stderr.write(`${JSON.parse(formatOnboardLine(report)).message}\n`);
    });
}
