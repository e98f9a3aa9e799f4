/**
 * `teddy-logs doctor` against moto and the real OpenSearch node: a stage deployed piece by piece as the stack names
 * them, then each piece removed on its own stage; every removal is reported by name with a fix and fails the verdict,
 * and the whole stage passes. The security plugin's role-mapping API, absent from the local node, is answered by a
 * proxy in front of it.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DisableAlarmActionsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteMetricFilterCommand,
  DeleteSubscriptionFilterCommand,
  DescribeAccountPoliciesCommand,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeSubscriptionFiltersCommand,
  PutMetricFilterCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateDeliveryStreamCommand, DeleteDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateStreamCommand, DeleteStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  DeleteEventSourceMappingCommand,
  DeleteFunctionCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Client } from '@opensearch-project/opensearch';
import { mockClient } from 'aws-sdk-client-mock';
import { registerDoctor } from '../../../cli/commands/doctor.js';
import { createKinesisClient } from '../../../shared/core/awsClients.js';
import { METRIC_FILTERS, METRIC_NAMESPACE } from '../../../shared/engines/filterPattern/metricFilters.js';
import {
  type DoctorClients,
  type DoctorReport,
  describeDeployment,
  ROLES_MAPPING_PATH,
  runDoctor,
  type Topology,
} from '../../../shared/operations/doctor/index.js';
import { createOpenSearchClient } from '../../../shared/sinks/opensearch/client.js';
import { installIndexTemplate } from '../../../shared/sinks/opensearch/installTemplates.js';
import { aCliWith } from '../../support/cli.js';
import { type FaultProxy, startFaultProxy } from '../../support/faultProxy.js';
import { motoClientConfig, requireMoto, requireOpenSearch } from '../../support/services.js';

const ROOT = join(__dirname, '../../..');
const ACCOUNT = '123456789012'; // moto's default account
// Not us-east-1: moto allows 50 Firehose streams per region for every suite on the machine together, and suites that
// leave theirs behind fill us-east-1. Only a multi-region trail of another suite would cover this region's checks.
const REGION = 'eu-west-3';

let moto: string;
let openSearchUrl: string;
let aws: ReturnType<typeof motoClientConfig>;
let clients: Omit<DoctorClients, 'openSearch'>;
let openSearch: Client;
let iam: IAMClient;
const openClients: Client[] = [];

beforeAll(async () => {
  moto = await requireMoto();
  openSearchUrl = await requireOpenSearch();
  aws = { ...motoClientConfig(moto), region: REGION };
  clients = {
    ssm: new SSMClient(aws),
    firehose: new FirehoseClient(aws),
    sqs: new SQSClient(aws),
    s3: new S3Client(aws),
    logs: new CloudWatchLogsClient(aws),
    cloudWatch: new CloudWatchClient(aws),
    sns: new SNSClient(aws),
    lambda: new LambdaClient(aws),
    cloudTrail: new CloudTrailClient(aws),
    kinesis: createKinesisClient(aws),
  };
  iam = new IAMClient(aws);
  openSearch = createOpenSearchClient({ url: openSearchUrl });
  await removeLeftoverTrails();
}, 60_000);

/** A trail an interrupted run of this suite left behind would cover the region and hide the "no trail" finding. */
async function removeLeftoverTrails() {
  const { trailList = [] } = await clients.cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
  for (const trail of trailList) {
    if (/^teddy-logs-doc[a-z0-9]{6}-trail$/.test(trail.Name ?? '') && trail.HomeRegion === REGION) {
      await clients.cloudTrail.send(new DeleteTrailCommand({ Name: trail.Name }));
    }
  }
}

// moto holds at most 50 delivery streams for every suite on the machine together: give each one back. Trails go too:
// one left behind would cover the region for every later check of this suite.
const deployed: Array<{ streams: string[]; trail: string; ship: string; kinesis: string }> = [];
afterEach(async () => {
  for (const { streams, trail, ship, kinesis } of deployed.splice(0)) {
    for (const stream of streams) {
      await clients.firehose
        .send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: stream }))
        .catch(() => undefined);
    }
    await clients.kinesis.send(new DeleteStreamCommand({ StreamName: kinesis })).catch(() => undefined);
    await clients.cloudTrail.send(new DeleteTrailCommand({ Name: trail })).catch(() => undefined);
    await clients.lambda.send(new DeleteFunctionCommand({ FunctionName: ship })).catch(() => undefined);
  }
});

/** The smallest valid zip (an empty archive's end record): moto stores the code, it never runs it here. */
const EMPTY_ZIP = Buffer.from(`504b0506${'00'.repeat(18)}`, 'hex');

afterAll(async () => {
  for (const client of [openSearch, ...openClients]) await client.close();
});

/** A stage name no other run uses; lower case and short: it lands in bucket names (63 characters at most). */
function aStage(): string {
  return `doc${Math.random().toString(36).slice(2, 8)}`;
}

/** Every piece the stack of `stage` creates, in moto and on the OpenSearch node, named as the stack names them. */
async function deployStage(stage: string, topology: Topology = 'lambda') {
  const deployment = describeDeployment({ stage, region: REGION, indexPrefix: `doctor-${stage}`, topology });
  const names = deployment.inAccount(ACCOUNT);
  await clients.ssm.send(
    new PutParameterCommand({ Name: deployment.keyParameter, Type: 'SecureString', Value: 'k'.repeat(48) }),
  );
  for (const bucket of [names.deadLetterBucket, names.failedDocumentsBucket]) {
    await clients.s3.send(
      new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
    );
  }
  const trail = `teddy-logs-${stage}-trail`;
  const ship = `teddy-logs-${stage}-ship`;
  deployed.push({
    streams: [deployment.deliveryStream, deployment.ingestStream],
    trail,
    ship,
    kinesis: deployment.kinesisStream,
  });
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: `teddy-logs-${stage}-ship-${REGION}`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await clients.lambda.send(
    new CreateFunctionCommand({
      FunctionName: ship,
      Runtime: 'nodejs22.x',
      Role: Role?.Arn,
      Handler: 'dist/ship/index.handler',
      Code: { ZipFile: EMPTY_ZIP },
    }),
  );
  await clients.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: deployment.deliveryStream,
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        BucketARN: `arn:aws:s3:::${names.failedDocumentsBucket}`,
        RoleARN: names.roleArns.firehose,
      },
    }),
  );
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: deployment.deadLetterQueue }));
  const [group] = deployment.appLogGroups;
  await clients.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  // moto accepts a Lambda destination only for a function it holds; the stack's filter name is what doctor reads.
  await clients.logs.send(
    new PutSubscriptionFilterCommand({
      logGroupName: group,
      filterName: 'teddy-logs-ship',
      filterPattern: '',
      destinationArn: `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/${deployment.deliveryStream}`,
      roleArn: names.roleArns.firehose,
    }),
  );
  for (const { metricName, pattern } of METRIC_FILTERS) {
    await clients.logs.send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: `teddy-logs-${metricName}`,
        filterPattern: pattern,
        metricTransformations: [{ metricNamespace: METRIC_NAMESPACE, metricName, metricValue: '1', defaultValue: 0 }],
      }),
    );
  }
  const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: `teddy-logs-${stage}-on-call` }));
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  // moto confirms every subscription at once; the unconfirmed case is a client mock below.
  const { SubscriptionArn } = await clients.sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }),
  );
  for (const alarmName of deployment.alarmNames) {
    await clients.cloudWatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName,
        Namespace: METRIC_NAMESPACE,
        MetricName: 'ErrorCount',
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [TopicArn as string],
        OKActions: [TopicArn as string],
      }),
    );
  }
  await clients.cloudTrail.send(new CreateTrailCommand({ Name: trail, S3BucketName: names.failedDocumentsBucket }));
  await clients.cloudTrail.send(new StartLoggingCommand({ Name: trail }));
  if (topology === 'kinesis') await deployKinesisTopology(deployment, ship);
  if (topology === 'firehose') {
    await clients.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: deployment.ingestStream,
        DeliveryStreamType: 'DirectPut',
        ExtendedS3DestinationConfiguration: {
          BucketARN: `arn:aws:s3:::${names.failedDocumentsBucket}`,
          RoleARN: names.roleArns.firehose,
        },
      }),
    );
  }
  await installIndexTemplate(openSearch, deployment.indexPrefix);
  return {
    trail,
    ship,
    deployment,
    names,
    group,
    queueUrl: QueueUrl as string,
    subscriptionArn: SubscriptionArn as string,
  };
}

/** The kinesis topology's stream, and ship reading it. */
async function deployKinesisTopology(deployment: ReturnType<typeof describeDeployment>, ship: string) {
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: deployment.kinesisStream, ShardCount: 1 }));
  const { StreamDescriptionSummary } = await clients.kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: deployment.kinesisStream }),
  );
  await clients.lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: ship,
      EventSourceArn: StreamDescriptionSummary?.StreamARN,
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
    }),
  );
}

type Deployed = Awaited<ReturnType<typeof deployStage>>;

/** Runs doctor on a deployed stage; `url` null: no OpenSearch endpoint given. */
async function doctor(
  deployed: Deployed,
  url: string | null = openSearchUrl,
  topology: Topology = 'lambda',
): Promise<DoctorReport> {
  const client = url ? createOpenSearchClient({ url, maxRetries: 0, requestTimeoutMs: 5_000 }) : undefined;
  if (client) openClients.push(client);
  return runDoctor(
    { ...clients, openSearch: client },
    {
      stage: deployed.deployment.stage,
      region: REGION,
      indexPrefix: deployed.deployment.indexPrefix,
      openSearchEndpoint: url ?? undefined,
      topology,
    },
  );
}

function missing(report: DoctorReport) {
  return report.checks.filter((check) => !check.ready);
}

describe('teddy-logs doctor', () => {
  it('finds every piece of a complete stage and calls it ready', async () => {
    const deployed = await deployStage(aStage());
    const report = await doctor(deployed);
    expect(missing(report)).toEqual([]);
    expect(report.ready).toBe(true);
    const pieces = report.checks.map((check) => check.piece);
    expect(pieces).toEqual(
      expect.arrayContaining([
        `child-id key parameter ${deployed.deployment.keyParameter}`,
        `ship function ${deployed.ship}`,
        `CloudTrail trail recording CreateLogGroup in ${REGION}`,
        `Firehose delivery stream ${deployed.deployment.deliveryStream}`,
        `dead-letter queue ${deployed.deployment.deadLetterQueue}`,
        `dead-letter bucket ${deployed.names.deadLetterBucket}`,
        `failed-documents bucket ${deployed.names.failedDocumentsBucket}`,
        `OpenSearch domain ${openSearchUrl}`,
        `index template ${deployed.deployment.indexPrefix}`,
        'role mapping of the pipeline roles',
        `subscription filter on ${deployed.group}`,
        `metric filter ChildSafetyViolations on ${deployed.group}`,
        `alarm ai-teddy-bear-child-safety-${deployed.deployment.stage}`,
        `confirmed subscription to ${deployed.names.onCallTopicArn}`,
      ]),
    );
    // The nine alarms, three metric filters and the rest: nothing is counted twice or left out.
    expect(pieces).toHaveLength(24);
  }, 60_000);

  const removals: Array<[string, (d: Deployed) => Promise<unknown>, (d: Deployed) => string, RegExp]> = [
    [
      'the child-id key parameter',
      (d) => clients.ssm.send(new DeleteParameterCommand({ Name: d.deployment.keyParameter })),
      (d) => `child-id key parameter ${d.deployment.keyParameter}`,
      /aws ssm put-parameter .* --type SecureString/,
    ],
    [
      'a key parameter stored as plain String',
      (d) =>
        clients.ssm.send(
          new PutParameterCommand({
            Name: d.deployment.keyParameter,
            Type: 'String',
            Value: 'k'.repeat(48),
            Overwrite: true,
          }),
        ),
      (d) => `child-id key parameter ${d.deployment.keyParameter}`,
      /--type SecureString --overwrite/,
    ],
    [
      'the ship function',
      (d) => clients.lambda.send(new DeleteFunctionCommand({ FunctionName: d.ship })),
      (d) => `ship function ${d.ship}`,
      /npm run deploy/,
    ],
    [
      'the CloudTrail trail',
      (d) => clients.cloudTrail.send(new DeleteTrailCommand({ Name: d.trail })),
      () => `CloudTrail trail recording CreateLogGroup in ${REGION}`,
      /DEPLOY.md step 4/,
    ],
    [
      'a trail that stopped logging',
      (d) => clients.cloudTrail.send(new StopLoggingCommand({ Name: d.trail })),
      () => `CloudTrail trail recording CreateLogGroup in ${REGION}`,
      /aws cloudtrail start-logging/,
    ],
    [
      'the Firehose delivery stream',
      (d) =>
        clients.firehose.send(new DeleteDeliveryStreamCommand({ DeliveryStreamName: d.deployment.deliveryStream })),
      (d) => `Firehose delivery stream ${d.deployment.deliveryStream}`,
      /npm run deploy -- --stage doc/,
    ],
    [
      'the dead-letter queue',
      (d) => clients.sqs.send(new DeleteQueueCommand({ QueueUrl: d.queueUrl })),
      (d) => `dead-letter queue ${d.deployment.deadLetterQueue}`,
      /npm run deploy/,
    ],
    [
      'the dead-letter bucket',
      (d) => clients.s3.send(new DeleteBucketCommand({ Bucket: d.names.deadLetterBucket })),
      (d) => `dead-letter bucket ${d.names.deadLetterBucket}`,
      /npm run deploy/,
    ],
    [
      'the subscription filter',
      (d) =>
        clients.logs.send(
          new DeleteSubscriptionFilterCommand({ logGroupName: d.group, filterName: 'teddy-logs-ship' }),
        ),
      (d) => `subscription filter on ${d.group}`,
      /teddy-logs onboard --log-group \/aws\/ai-teddy-bear\/doc/,
    ],
    [
      'a metric filter',
      (d) =>
        clients.logs.send(
          new DeleteMetricFilterCommand({ logGroupName: d.group, filterName: 'teddy-logs-ChildSafetyViolations' }),
        ),
      (d) => `metric filter ChildSafetyViolations on ${d.group}`,
      /teddy-logs onboard --log-group/,
    ],
    [
      'the application log group',
      (d) => clients.logs.send(new DeleteLogGroupCommand({ logGroupName: d.group })),
      (d) => `application log group ${d.group}`,
      /npm run deploy/,
    ],
    [
      'an alarm',
      (d) =>
        clients.cloudWatch.send(
          new DeleteAlarmsCommand({ AlarmNames: [`ai-teddy-bear-error-rate-${d.deployment.stage}`] }),
        ),
      (d) => `alarm ai-teddy-bear-error-rate-${d.deployment.stage}`,
      /npm run deploy/,
    ],
    [
      "an alarm's actions",
      (d) =>
        clients.cloudWatch.send(
          new DisableAlarmActionsCommand({ AlarmNames: [`teddy-logs-dead-letters-${d.deployment.stage}`] }),
        ),
      (d) => `alarm teddy-logs-dead-letters-${d.deployment.stage}`,
      /aws cloudwatch enable-alarm-actions/,
    ],
    [
      'the on-call subscription',
      (d) => clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: d.subscriptionArn })),
      (d) => `confirmed subscription to ${d.names.onCallTopicArn}`,
      /aws sns subscribe/,
    ],
    [
      'the on-call topic',
      (d) => clients.sns.send(new DeleteTopicCommand({ TopicArn: d.names.onCallTopicArn })),
      (d) => `on-call topic ${d.names.onCallTopicArn}`,
      /npm run deploy/,
    ],
    [
      'the index template',
      (d) => openSearch.indices.deleteIndexTemplate({ name: d.deployment.indexPrefix }),
      (d) => `index template ${d.deployment.indexPrefix}`,
      /teddy-logs setup opensearch/,
    ],
  ];

  it.each(removals)(
    'reports %s by name, with its fix, and is not ready',
    async (_what, remove, piece, fix) => {
      const deployed = await deployStage(aStage());
      await remove(deployed);
      const report = await doctor(deployed);
      expect(report.ready).toBe(false);
      const found = missing(report);
      expect(found.map((check) => check.piece)).toEqual([piece(deployed)]);
      expect(found[0].fix).toMatch(fix);
    },
    60_000,
  );

  describe('topologies', () => {
    it('checks the kinesis topology: its stream, ship reading it, and its alarms', async () => {
      const deployed = await deployStage(aStage(), 'kinesis');
      const report = await doctor(deployed, openSearchUrl, 'kinesis');
      expect(missing(report)).toEqual([]);
      const stage = deployed.deployment.stage;
      expect(report.checks.map((c) => c.piece)).toEqual(
        expect.arrayContaining([
          `Kinesis stream teddy-logs-${stage}`,
          `event source mapping teddy-logs-${stage} -> teddy-logs-${stage}-ship`,
          `alarm teddy-logs-kinesis-iterator-age-${stage}`,
          `alarm teddy-logs-kinesis-write-throttled-${stage}`,
        ]),
      );
      // The same stage checked as the lambda topology does not ask for them.
      const asLambda = await doctor(deployed);
      expect(asLambda.checks.some((c) => c.piece.startsWith('Kinesis stream'))).toBe(false);
    }, 60_000);

    it('reports the Kinesis stream, and a stream nobody reads', async () => {
      const deployed = await deployStage(aStage(), 'kinesis');
      const { EventSourceMappings = [] } = await clients.lambda.send(
        new ListEventSourceMappingsCommand({ FunctionName: deployed.ship }),
      );
      await clients.lambda.send(new DeleteEventSourceMappingCommand({ UUID: EventSourceMappings[0]?.UUID }));
      const stage = deployed.deployment.stage;
      expect(missing(await doctor(deployed, openSearchUrl, 'kinesis')).map((c) => c.piece)).toEqual([
        `event source mapping teddy-logs-${stage} -> teddy-logs-${stage}-ship`,
      ]);
      await clients.kinesis.send(new DeleteStreamCommand({ StreamName: deployed.deployment.kinesisStream }));
      const [check] = missing(await doctor(deployed, openSearchUrl, 'kinesis'));
      expect([check.piece, check.detail]).toEqual([`Kinesis stream teddy-logs-${stage}`, 'missing']);
    }, 60_000);

    it('checks the firehose topology: the ingest stream ship transforms, and its alarm', async () => {
      const deployed = await deployStage(aStage(), 'firehose');
      const stage = deployed.deployment.stage;
      const report = await doctor(deployed, openSearchUrl, 'firehose');
      expect(missing(report)).toEqual([]);
      expect(report.checks.map((c) => c.piece)).toEqual(
        expect.arrayContaining([
          `Firehose ingest stream teddy-logs-${stage}-ingest`,
          `alarm teddy-logs-firehose-transformation-failures-${stage}`,
        ]),
      );
      await clients.firehose.send(
        new DeleteDeliveryStreamCommand({ DeliveryStreamName: deployed.deployment.ingestStream }),
      );
      expect(missing(await doctor(deployed, openSearchUrl, 'firehose')).map((c) => c.piece)).toEqual([
        `Firehose ingest stream teddy-logs-${stage}-ingest`,
      ]);
    }, 60_000);
  });

  it('reports an OpenSearch domain it cannot reach, and one it was not told', async () => {
    const deployed = await deployStage(aStage());
    const unreachable = await doctor(deployed, 'http://127.0.0.1:9');
    expect(missing(unreachable).map((check) => [check.piece, check.detail.slice(0, 15)])).toEqual([
      ['OpenSearch domain http://127.0.0.1:9', 'not reachable: '],
    ]);
    const unknown = await doctor(deployed, null);
    expect(missing(unknown).map((check) => check.piece)).toEqual(['OpenSearch endpoint']);
    expect(missing(unknown)[0].fix).toContain("OutputKey=='OpenSearchEndpoint'");
  }, 60_000);

  describe('role mapping (the security plugin answered by a proxy in front of the node)', () => {
    let proxy: FaultProxy;
    afterEach(() => proxy?.close());

    async function withMappings(mappings: object) {
      proxy = await startFaultProxy(openSearchUrl, (request) =>
        request.path.startsWith(ROLES_MAPPING_PATH)
          ? {
              kind: 'respond',
              status: 200,
              body: JSON.stringify(mappings),
              headers: { 'content-type': 'application/json' },
            }
          : undefined,
      );
      return proxy.url;
    }

    it('passes when the firehose, retention and erase roles are backend roles of some OpenSearch role', async () => {
      const deployed = await deployStage(aStage());
      const { firehose, retention, erase } = deployed.names.roleArns;
      const url = await withMappings({
        teddy_logs_writer: { backend_roles: [firehose] },
        teddy_logs_operations: { backend_roles: [retention, erase], users: [] },
      });
      const report = await doctor(deployed, url);
      expect(missing(report)).toEqual([]);
    }, 60_000);

    it('names each role that is not mapped', async () => {
      const deployed = await deployStage(aStage());
      const url = await withMappings({ all_access: { backend_roles: [deployed.names.roleArns.firehose] } });
      const [check] = missing(await doctor(deployed, url));
      expect(check.piece).toBe('role mapping of the pipeline roles');
      expect(check.detail).toContain(`retention ${deployed.names.roleArns.retention}`);
      expect(check.detail).toContain(`erase ${deployed.names.roleArns.erase}`);
      expect(check.detail).not.toContain('firehose');
      expect(check.fix).toContain('DEPLOY.md step 6');
    }, 60_000);
  });

  it("counts the stack's account-level subscription policy for a group without its own filter", async () => {
    const deployed = await deployStage(aStage());
    await clients.logs.send(
      new DeleteSubscriptionFilterCommand({ logGroupName: deployed.group, filterName: 'teddy-logs-ship' }),
    );
    // moto has no account policies (PutAccountPolicy, DescribeAccountPolicies): that call is a client mock, the rest
    // goes to moto.
    const logs = new CloudWatchLogsClient(aws);
    const mocked = mockClient(logs);
    mocked.on(DescribeLogGroupsCommand).callsFake((input) => clients.logs.send(new DescribeLogGroupsCommand(input)));
    mocked
      .on(DescribeSubscriptionFiltersCommand)
      .callsFake((input) => clients.logs.send(new DescribeSubscriptionFiltersCommand(input)));
    mocked
      .on(DescribeMetricFiltersCommand)
      .callsFake((input) => clients.logs.send(new DescribeMetricFiltersCommand(input)));
    const run = (policyName: string) => {
      mocked.on(DescribeAccountPoliciesCommand).resolves({
        accountPolicies: [{ policyName, policyType: 'SUBSCRIPTION_FILTER_POLICY', scope: 'ALL' }],
      });
      return runDoctor(
        { ...clients, logs, openSearch },
        {
          stage: deployed.deployment.stage,
          region: REGION,
          indexPrefix: deployed.deployment.indexPrefix,
          openSearchEndpoint: openSearchUrl,
        },
      );
    };
    const covered = await run(`teddy-logs-${deployed.deployment.stage}-ship`);
    expect(missing(covered)).toEqual([]);
    expect(covered.checks.find((c) => c.piece === `subscription filter on ${deployed.group}`)?.detail).toBe(
      `account-level subscription policy teddy-logs-${deployed.deployment.stage}-ship`,
    );
    const otherStage = await run('teddy-logs-someotherstage-ship');
    expect(missing(otherStage).map((c) => c.piece)).toEqual([`subscription filter on ${deployed.group}`]);
    mocked.restore();
  }, 60_000);

  it('tells a subscription waiting for confirmation from a confirmed one', async () => {
    const deployed = await deployStage(aStage());
    // moto confirms every subscription at once: the pending state is a client mock.
    const sns = new SNSClient(aws);
    const mocked = mockClient(sns);
    // GetTopicAttributes answers (the topic is there); the subscriptions wait for their confirmation.
    mocked.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'oncall@example.com' }],
    });
    const report = await runDoctor(
      { ...clients, sns, openSearch },
      {
        stage: deployed.deployment.stage,
        region: REGION,
        indexPrefix: deployed.deployment.indexPrefix,
        openSearchEndpoint: openSearchUrl,
      },
    );
    const [check] = missing(report);
    expect(check.piece).toBe(`confirmed subscription to ${deployed.names.onCallTopicArn}`);
    expect(check.detail).toBe('PendingConfirmation: email oncall@example.com');
    expect(check.fix).toContain('Confirm subscription');
    mocked.restore();
  }, 60_000);
});

describe('the doctor command', () => {
  it('says once that there are no AWS credentials, with the fix, and exits 2', () => {
    const home = mkdtempSync(join(tmpdir(), 'teddy-doctor-home-'));
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/teddy-logs.js'), 'doctor', '--stage', 'dev'], {
      encoding: 'utf8',
      // Nothing the default provider chain could find: no variables, no ~/.aws, no instance metadata.
      env: { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true', NODE_NO_WARNINGS: '1' },
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('teddy-logs:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no AWS credentials .*: set AWS_PROFILE, run `aws configure` or `aws sso login`/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  }, 60_000);

  function aDoctorCli(env: Record<string, string>) {
    let exitCode = 0;
    const cli = aCliWith(
      (program, io) =>
        registerDoctor(program, {
          ...io,
          setExitCode: (code) => {
            exitCode = code;
          },
        }),
      {
        AWS_ENDPOINT_URL: moto,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: REGION,
        ...env,
      },
    );
    return { ...cli, exitCode: () => exitCode };
  }

  it('exits 0 and prints each piece when the stage is ready', async () => {
    const deployed = await deployStage(aStage());
    const cli = aDoctorCli({ OPENSEARCH_URL: openSearchUrl, OPENSEARCH_INDEX: deployed.deployment.indexPrefix });
    await cli.run(['doctor', '--stage', deployed.deployment.stage]);
    expect(cli.exitCode()).toBe(0);
    expect(cli.out()).toContain(`ok       Firehose delivery stream ${deployed.deployment.deliveryStream}: ACTIVE`);
    expect(cli.out()).toContain(`teddy-logs doctor: ${deployed.deployment.stage} in ${REGION} is ready (24 checks)`);
  }, 60_000);

  it('exits 1 and prints the missing piece with its fix', async () => {
    const deployed = await deployStage(aStage());
    await clients.ssm.send(new DeleteParameterCommand({ Name: deployed.deployment.keyParameter }));
    const cli = aDoctorCli({ OPENSEARCH_URL: openSearchUrl, OPENSEARCH_INDEX: deployed.deployment.indexPrefix });
    await cli.run(['doctor', '--stage', deployed.deployment.stage, '--json']);
    expect(cli.exitCode()).toBe(1);
    const report = JSON.parse(cli.out());
    expect(report.ready).toBe(false);
    expect(report.checks.filter((c: { ready: boolean }) => !c.ready)).toEqual([
      expect.objectContaining({
        piece: `child-id key parameter /teddy-logs/${deployed.deployment.stage}/child-id-key`,
        detail: 'missing',
      }),
    ]);
  }, 60_000);
});
