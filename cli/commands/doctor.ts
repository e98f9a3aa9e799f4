import { type Command, Option } from 'commander';
import {
  createCloudTrailClient,
  createCloudWatchClient,
  createCloudWatchLogsClient,
  createFirehoseClient,
  createKinesisClient,
  createLambdaClient,
  createS3Client,
  createSnsClient,
  createSqsClient,
  createSsmClient,
} from '../../shared/core/awsClients.js';
import { ConfigError, describeError } from '../../shared/core/errors.js';
import { formatDoctorReport, runDoctor, TOPOLOGIES, type Topology } from '../../shared/operations/doctor/index.js';
import { describeAwsClients, loadOperationsSettings } from '../../shared/operations/settings.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import type { CliIo } from '../io.js';
import { collect, parseUrl } from './optionParsers.js';

interface DoctorCommandOptions {
  stage?: string;
  region?: string;
  accountId?: string;
  logGroup: string[];
  keyParameter?: string;
  alarmSuffix?: string;
  topology: Topology;
  opensearchUrl?: string;
  json: boolean;
}

/**
 * `teddy-logs doctor --stage S --region R`: checks every prerequisite and deployed piece of a stage and prints each
 * missing one with its fix. Exit status 0 when the deployment is ready, 1 when a piece is missing or not ready.
 */
export function registerDoctor(
  program: Command,
  io: Pick<CliIo, 'stdout' | 'stderr' | 'env'> & { setExitCode: (code: number) => void },
): void {
  program
    .command('doctor')
    .description(
      'Check a deployed stage: the child-id key parameter, the ship function, the Firehose stream, the dead-letter ' +
        'queue and buckets, the OpenSearch domain (reachable, index template, role mapping), the subscription and ' +
        'metric filters on the application log groups, the CloudTrail trail onboarding relies on, the alarms and ' +
        'their actions, and a confirmed on-call subscription. Reads only.',
    )
    .option('--stage <stage>', 'the stage deployed with sls deploy --stage (default: STAGE, else dev)')
    .option('--region <region>', 'its region (default: AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1)')
    .option('--account-id <id>', 'the AWS account (default: learnt from the pieces found)')
    .option(
      '--log-group <name>',
      'an application log group to check; repeatable (default: /aws/ai-teddy-bear/<stage>)',
      collect,
      [] as string[],
    )
    .option(
      '--key-parameter <name>',
      'the child-id key parameter (default: CHILD_ID_KEY_PARAMETER, else /teddy-logs/<stage>/child-id-key)',
    )
    .addOption(
      new Option('--topology <topology>', 'how CloudWatch Logs reaches ship, as deployed (serverless.yml topology)')
        .choices(TOPOLOGIES)
        .default('lambda'),
    )
    .option('--alarm-suffix <suffix>', "the alarms' name suffix (default: none in prod, -<stage> elsewhere)")
    .option('--opensearch-url <url>', 'the domain endpoint (default: OPENSEARCH_URL)', parseUrl)
    .addOption(new Option('--json', 'print the report as JSON on stdout').default(false))
    .addHelpText(
      'after',
      '\nExit status: 0 when every check is ready; 1 when one is not (each printed with its fix); 2 on a usage error.',
    )
    .action(async (options: DoctorCommandOptions) => {
      const env = { ...io.env, ...(options.opensearchUrl ? { OPENSEARCH_URL: options.opensearchUrl } : {}) };
      const settings = loadOperationsSettings(env);
      const { config } = settings;
      const region = options.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? config.AWS_REGION;
      const aws = { ...describeAwsClients(io.env), region };
      // The same client construction as retention: SigV4 for an Amazon OpenSearch Service endpoint.
      const openSearch = settings.openSearch
        ? createOpenSearchClient({ ...settings.openSearch, region, maxRetries: 0 })
        : undefined;
      const ssm = createSsmClient(aws);
      try {
        await requireCredentials(ssm);
        const report = await runDoctor(
          {
            ssm,
            firehose: createFirehoseClient(aws),
            sqs: createSqsClient(aws),
            s3: createS3Client(aws),
            logs: createCloudWatchLogsClient(aws),
            cloudWatch: createCloudWatchClient(aws),
            sns: createSnsClient(aws),
            lambda: createLambdaClient(aws),
            cloudTrail: createCloudTrailClient(aws),
            kinesis: createKinesisClient(aws),
            openSearch,
          },
          {
            stage: options.stage ?? config.STAGE,
            region,
            accountId: options.accountId,
            appLogGroups: options.logGroup,
            keyParameter: options.keyParameter ?? config.CHILD_ID_KEY_PARAMETER,
            alarmNameSuffix: options.alarmSuffix,
            topology: options.topology,
            indexPrefix: config.OPENSEARCH_INDEX,
            openSearchEndpoint: settings.openSearch?.url,
          },
        );
        io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
        if (!report.ready) io.setExitCode(1);
      } finally {
        await openSearch?.close();
      }
    });
}

/** Without credentials every check would fail alike: say so once, with the fix, and exit 2. */
async function requireCredentials(client: { config: { credentials: () => Promise<unknown> } }): Promise<void> {
  try {
    await client.config.credentials();
  } catch (error) {
    throw new ConfigError(
      `no AWS credentials (${describeError(error)}): set AWS_PROFILE, run \`aws configure\` or \`aws sso login\`, then run doctor again`,
      error,
    );
  }
}
