import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { registerOnboard } from '../../../cli/commands/onboard.js';
import { registerRetention } from '../../../cli/commands/retention.js';
import { ConfigError } from '../../../shared/core/errors.js';
import { aCliWith } from '../../support/cli.js';
import { motoClientConfig, requireMoto, uniqueName } from '../../support/services.js';

function aCli(env: Record<string, string | undefined>) {
  return aCliWith((program, io) => {
    registerRetention(program, io);
    registerOnboard(program, io);
  }, env);
}

describe('teddy-logs retention and onboard', () => {
  it('reports in a dry run, through the environment’s endpoint, and changes nothing', async () => {
    const endpoint = await requireMoto();
    const prefix = `/aws/ai-teddy-bear/${uniqueName('cli')}/`;
    const logs = new CloudWatchLogsClient(motoClientConfig(endpoint));
    await logs.send(new CreateLogGroupCommand({ logGroupName: `${prefix}api` }));
    const cli = aCli({
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      CLOUDWATCH_LOG_GROUP: prefix,
      PIPELINE_LOG_GROUP_PREFIXES: `/aws/lambda/${uniqueName('none')}-`,
      CLOUDWATCH_RETENTION_DAYS: '14',
    });

    await cli.run(['retention', '--dry-run']);
    const report = JSON.parse(cli.out());

    expect(report.cloudwatch.groups).toEqual([
      { log_group: `${prefix}api`, previous_days: null, action: 'set', pipeline: false },
    ]);
    expect(report.opensearch).toEqual({ skipped: expect.stringContaining('OPENSEARCH_URL') });
    expect(cli.err()).toMatch(/retention \(dry run\): would set 1 of 1 log groups to 14 days/);
    const group = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: prefix }));
    expect(group.logGroups?.[0].retentionInDays).toBeUndefined();
  });

  it('refuses a retention CloudWatch Logs does not accept, naming the variable', async () => {
    const cli = aCli({ CLOUDWATCH_RETENTION_DAYS: '10' });

    await expect(cli.run(['retention', '--dry-run'])).rejects.toThrow(/CLOUDWATCH_RETENTION_DAYS/);
  });

  it('refuses to onboard without knowing where the ship function is', async () => {
    const cli = aCli({});

    await expect(cli.run(['onboard', '--dry-run'])).rejects.toThrow(ConfigError);
    await expect(cli.run(['onboard', '--dry-run'])).rejects.toThrow(/SHIP_FUNCTION_ARN/);
  });
});
