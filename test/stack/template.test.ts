// biome-ignore-all lint/suspicious/noExplicitAny: generated CloudFormation and search responses are untyped JSON.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings, not JS templates.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFilterPattern } from '../../shared/engines/filterPattern/index.js';
import {
  CHILD_SAFETY_EVENTS_PATTERN,
  CHILD_SAFETY_VIOLATIONS_PATTERN,
  ERROR_COUNT_PATTERN,
  METRIC_NAMESPACE,
} from '../../shared/engines/filterPattern/metricFilters.js';
import { METRIC_FILTER_NAME_PREFIX, SUBSCRIPTION_FILTER_NAME } from '../../shared/operations/onboard/index.js';
import {
  FUNCTION_NAMES,
  type PackagedStack,
  packageStack,
  resourcesOfType,
  substitutePlaceholders,
  type Template,
} from './packageStack.js';

let dev: PackagedStack;
let prod: PackagedStack;
let tuned: PackagedStack;
let fromEnvironment: PackagedStack;

beforeAll(async () => {
  // Three packagings (a few seconds each), run one after another: the machine is small.
  dev = await packageStack('dev');
  prod = await packageStack('prod');
  tuned = await packageStack('dev', {
    logRetentionDays: '45',
    logArchiveDays: '7',
    cloudwatchRetentionDays: '14',
    extraLogGroups: '/ecs/voice-service,/aws/lambda/story-fn',
    firehoseBufferIntervalSeconds: '30',
    firehoseBufferSizeMb: '2',
  });
  // The guide's variables, as an operator exports them before `sls deploy`.
  fromEnvironment = await packageStack(
    'dev',
    {},
    {
      LOG_RETENTION_DAYS: '60',
      LOG_ARCHIVE_DAYS: '14',
      CLOUDWATCH_RETENTION_DAYS: '60',
      CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/staging',
      LOG_LEVEL: 'DEBUG',
      OPENSEARCH_INDEX: 'teddy-staging-logs',
      CHILD_ID_KEY_PARAMETER: '/teddy/staging/child-key',
    },
  );
}, 300_000);

function resource(template: Template, id: string) {
  const found = template.Resources[id];
  if (!found) throw new Error(`${id} is not in the template`);
  return found;
}

describe('the delivery stream', () => {
  it('is Direct PUT to OpenSearch, index ai-teddy-bear-logs rotated daily, retried, failed documents to S3', () => {
    const stream = resource(dev.template, 'DeliveryStream');
    expect(stream.Type).toBe('AWS::KinesisFirehose::DeliveryStream');
    expect(stream.Properties.DeliveryStreamType).toBe('DirectPut');
    const destination = stream.Properties.AmazonopensearchserviceDestinationConfiguration;
    expect(destination.IndexName).toBe('ai-teddy-bear-logs');
    expect(destination.IndexRotationPeriod).toBe('OneDay');
    expect(destination.RetryOptions.DurationInSeconds).toBe(300);
    expect(destination.S3BackupMode).toBe('FailedDocumentsOnly');
    expect(destination.S3Configuration.BucketARN).toEqual({ 'Fn::GetAtt': ['FirehoseBackupBucket', 'Arn'] });
    expect(destination.S3Configuration.EncryptionConfiguration.KMSEncryptionConfig.AWSKMSKeyARN).toEqual({
      'Fn::GetAtt': ['PipelineKey', 'Arn'],
    });
    expect(destination.CloudWatchLoggingOptions.Enabled).toBe(true);
    expect(destination.S3Configuration.CloudWatchLoggingOptions.Enabled).toBe(true);
  });

  it('goes to the created domain, or to the existing one given as a parameter', () => {
    const destination = resource(dev.template, 'DeliveryStream').Properties
      .AmazonopensearchserviceDestinationConfiguration;
    expect(destination.DomainARN).toEqual({
      'Fn::If': ['CreateDomain', { 'Fn::GetAtt': ['OpenSearchDomain', 'Arn'] }, { Ref: 'OpenSearchDomainArn' }],
    });
    expect(dev.template.Conditions.CreateDomain).toEqual({ 'Fn::Equals': [{ Ref: 'OpenSearchDomainArn' }, ''] });
    expect(resource(dev.template, 'OpenSearchDomain').Condition).toBe('CreateDomain');
  });

  it('is encrypted with the pipeline key', () => {
    const stream = resource(dev.template, 'DeliveryStream');
    expect(stream.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'CUSTOMER_MANAGED_CMK',
      KeyARN: { 'Fn::GetAtt': ['PipelineKey', 'Arn'] },
    });
  });

  it('buffers by the batch and flush settings', () => {
    const hints = (t: Template) => {
      const { IntervalInSeconds, SizeInMBs } = resource(t, 'DeliveryStream').Properties
        .AmazonopensearchserviceDestinationConfiguration.BufferingHints;
      return [Number(IntervalInSeconds), Number(SizeInMBs)];
    };
    expect(hints(dev.template)).toEqual([60, 5]);
    expect(hints(tuned.template)).toEqual([30, 2]);
  });
});

describe('the created OpenSearch domain', () => {
  it('is encrypted at rest and between nodes, HTTPS only with TLS 1.2+, with fine-grained access control', () => {
    const domain = resource(dev.template, 'OpenSearchDomain').Properties;
    expect(domain.EncryptionAtRestOptions.Enabled).toBe(true);
    expect(domain.EncryptionAtRestOptions.KmsKeyId).toEqual({ 'Fn::GetAtt': ['PipelineKey', 'Arn'] });
    expect(domain.NodeToNodeEncryptionOptions.Enabled).toBe(true);
    expect(domain.DomainEndpointOptions.EnforceHTTPS).toBe(true);
    expect(domain.DomainEndpointOptions.TLSSecurityPolicy).toMatch(/^Policy-Min-TLS-1-2/);
    expect(domain.AdvancedSecurityOptions.Enabled).toBe(true);
  });

  it('opens Dashboards to an internal master user whose generated password lives in Secrets Manager', () => {
    const security = resource(dev.template, 'OpenSearchDomain').Properties.AdvancedSecurityOptions;
    expect(security.InternalUserDatabaseEnabled).toBe(true);
    const [condition, internal, iam] = security.MasterUserOptions['Fn::If'];
    expect(condition).toBe('UseInternalMaster');
    expect(internal).toEqual({
      MasterUserName: { 'Fn::Sub': '{{resolve:secretsmanager:${OpenSearchMasterSecret}:SecretString:username}}' },
      MasterUserPassword: { 'Fn::Sub': '{{resolve:secretsmanager:${OpenSearchMasterSecret}:SecretString:password}}' },
    });
    expect(iam).toEqual({ MasterUserARN: { Ref: 'OpenSearchMasterUserArn' } });
    expect(dev.template.Conditions.UseInternalMaster).toEqual({
      'Fn::And': [{ Condition: 'CreateDomain' }, { 'Fn::Equals': [{ Ref: 'OpenSearchMasterUserArn' }, ''] }],
    });

    const secret = resource(dev.template, 'OpenSearchMasterSecret');
    expect(secret.Condition).toBe('UseInternalMaster');
    expect(secret.Properties.KmsKeyId).toEqual({ Ref: 'PipelineKey' });
    const generated = secret.Properties.GenerateSecretString;
    expect(JSON.parse(generated.SecretStringTemplate)).toEqual({ username: 'teddy-admin' });
    expect(generated.GenerateStringKey).toBe('password');
    // Fine-grained access control: at least 8 characters, one of each type.
    expect(generated.PasswordLength).toBeGreaterThanOrEqual(8);
    expect(generated.RequireEachIncludedType).toBe(true);
    // The domain is retained on stack removal, so is the only password of its master.
    expect((secret as any).DeletionPolicy).toBe('Retain');
    expect(dev.template.Outputs).toHaveProperty('DashboardsUrl');
    expect(dev.template.Outputs).toHaveProperty('OpenSearchMasterSecretArn');
    // The SigV4 way in for operators exists only beside the internal master, and has no rights until it is mapped.
    expect(resource(dev.template, 'OpenSearchAdminRole').Condition).toBe('UseInternalMaster');
    expect(resource(dev.template, 'OpenSearchAdminRole').Properties.Policies).toBeUndefined();
    expect((dev.template.Outputs as Record<string, { Condition?: string }>).OpenSearchAdminRoleArn?.Condition).toBe(
      'UseInternalMaster',
    );
  });

  it('lets fine-grained access control authenticate internal users, and only the pipeline roles in with an IAM master', () => {
    const [condition, internal, iam] = resource(dev.template, 'OpenSearchDomain').Properties.AccessPolicies['Fn::If'];
    expect(condition).toBe('UseInternalMaster');
    expect(internal.Statement[0].Principal).toEqual({ AWS: '*' });
    expect(iam.Statement[0].Principal.AWS).toEqual([
      { 'Fn::GetAtt': ['FirehoseDeliveryRole', 'Arn'] },
      { 'Fn::GetAtt': ['RetentionRole', 'Arn'] },
      { 'Fn::GetAtt': ['EraseRole', 'Arn'] },
      { Ref: 'OpenSearchMasterUserArn' },
    ]);
    for (const policy of [internal, iam]) {
      expect(policy.Statement[0].Resource['Fn::Sub']).toMatch(/:domain\/teddy-logs-dev\/\*$/);
    }
  });

  it('publishes slow logs (search and index) to CloudWatch', () => {
    const logs = resource(dev.template, 'OpenSearchDomain').Properties.LogPublishingOptions;
    for (const kind of ['SEARCH_SLOW_LOGS', 'INDEX_SLOW_LOGS', 'ES_APPLICATION_LOGS', 'AUDIT_LOGS']) {
      expect(logs[kind].Enabled).toBe(true);
      expect(logs[kind].CloudWatchLogsLogGroupArn).toEqual({ 'Fn::GetAtt': ['OpenSearchLogGroup', 'Arn'] });
    }
  });

  it('has zone awareness and three dedicated masters in prod, not in dev', () => {
    expect(prod.template.Parameters.OpenSearchHighAvailability.Default).toBe('true');
    expect(dev.template.Parameters.OpenSearchHighAvailability.Default).toBe('false');
    const cluster = resource(prod.template, 'OpenSearchDomain').Properties.ClusterConfig;
    expect(cluster.ZoneAwarenessEnabled).toEqual({ 'Fn::If': ['HighAvailability', true, false] });
    expect(cluster.DedicatedMasterEnabled).toEqual({ 'Fn::If': ['HighAvailability', true, false] });
    expect(cluster.DedicatedMasterCount).toEqual({ 'Fn::If': ['HighAvailability', 3, { Ref: 'AWS::NoValue' }] });
    // Zone awareness over two AZs needs an even number of data nodes.
    expect(cluster.InstanceCount % 2).toBe(0);
  });
});

describe('storage', () => {
  it('encrypts every bucket, blocks public access and denies plain HTTP', () => {
    const buckets = resourcesOfType(dev.template, 'AWS::S3::Bucket');
    expect(buckets.map(([id]) => id)).toEqual(
      expect.arrayContaining(['DeadLetterBucket', 'FirehoseBackupBucket', 'AccessLogBucket']),
    );
    const policies = resourcesOfType(dev.template, 'AWS::S3::BucketPolicy');
    for (const [id, bucket] of buckets) {
      const encryption = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      expect(['aws:kms', 'AES256']).toContain(encryption.ServerSideEncryptionByDefault.SSEAlgorithm);
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(`"${id}"`));
      expect(policy).toBeDefined();
      const denyHttp = policy?.[1].Properties.PolicyDocument.Statement.find(
        (s: any) => s.Effect === 'Deny' && String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
      );
      expect(denyHttp).toBeDefined();
    }
  });

  it('keeps dead letters and failed documents with the pipeline key', () => {
    for (const id of ['DeadLetterBucket', 'FirehoseBackupBucket']) {
      const rule = resource(dev.template, id).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
      expect(rule.ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': ['PipelineKey', 'Arn'] },
      });
    }
  });

  it('archives after LOG_ARCHIVE_DAYS and expires after LOG_RETENTION_DAYS, from the stage params', () => {
    // Stage params arrive as numbers, --param overrides as strings; CloudFormation accepts both.
    const lifecycle = (t: Template, id: string) => {
      const [rule] = resource(t, id).Properties.LifecycleConfiguration.Rules;
      const [transition] = rule.Transitions;
      return [rule.Status, transition.StorageClass, Number(transition.TransitionInDays), Number(rule.ExpirationInDays)];
    };
    for (const id of ['DeadLetterBucket', 'FirehoseBackupBucket']) {
      expect(lifecycle(dev.template, id)).toEqual(['Enabled', 'GLACIER_IR', 30, 90]);
      expect(lifecycle(tuned.template, id)).toEqual(['Enabled', 'GLACIER_IR', 7, 45]);
    }
  });

  it('lets CloudWatch Logs use the pipeline key for exactly the log groups the stack encrypts with it', () => {
    const statement = resource(dev.template, 'PipelineKey').Properties.KeyPolicy.Statement.find(
      (s: any) => s.Sid === 'LogsEncryptsThisStacksGroups',
    );
    const allowed: string[] = statement.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn'].map(
      (arn: any) => arn['Fn::Sub'],
    );
    for (const arn of allowed) expect(arn).not.toContain('*');
    const encrypted = resourcesOfType(dev.template, 'AWS::Logs::LogGroup')
      .filter(([, group]) => JSON.stringify(group.Properties.KmsKeyId) === '{"Fn::GetAtt":["PipelineKey","Arn"]}')
      .map(
        ([, group]) =>
          `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${group.Properties.LogGroupName}`,
      );
    expect(encrypted).toHaveLength(7);
    expect([...allowed].sort()).toEqual([...encrypted].sort());
  });

  it('encrypts the dead-letter queue and the on-call topic with the pipeline key', () => {
    expect(resource(dev.template, 'DeadLetterQueue').Properties.KmsMasterKeyId).toEqual({ Ref: 'PipelineKey' });
    expect(resource(dev.template, 'OnCallTopic').Properties.KmsMasterKeyId).toEqual({ Ref: 'PipelineKey' });
    expect(resource(dev.template, 'PipelineKey').Properties.EnableKeyRotation).toBe(true);
  });

  it('sets CloudWatch retention from CLOUDWATCH_RETENTION_DAYS on every group the stack creates', () => {
    for (const [, group] of resourcesOfType(tuned.template, 'AWS::Logs::LogGroup')) {
      expect(Number(group.Properties.RetentionInDays)).toBe(14);
      expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': ['PipelineKey', 'Arn'] });
    }
  });
});

describe('subscriptions', () => {
  it('subscribes each configured log group to ship, with the Lambda permission for it', () => {
    const filters = resourcesOfType(tuned.template, 'AWS::Logs::SubscriptionFilter');
    const groups = filters.map(([, f]) => f.Properties.LogGroupName).sort();
    expect(groups).toEqual(['/aws/ai-teddy-bear/dev', '/aws/lambda/story-fn', '/ecs/voice-service']);
    for (const [, filter] of filters) {
      expect(filter.Condition).toBe('UseGroupSubscriptions');
      // Topology lambda (the default) subscribes ship itself; kinesis and firehose a stream (resources/topologies.yml).
      const [condition, , direct] = filter.Properties.DestinationArn['Fn::If'];
      expect(condition).toBe('UseStreamTopology');
      expect(direct).toEqual({ 'Fn::GetAtt': ['ShipLambdaFunction', 'Arn'] });
      expect(filter.Properties.FilterPattern).toBe('');
      const permissionId = [filter.DependsOn].flat().find((id) => String(id).endsWith('ShipPermission'));
      const permission = resource(tuned.template, String(permissionId));
      expect(permission.Properties.Principal).toBe('logs.amazonaws.com');
      expect(permission.Properties.SourceArn['Fn::Sub']).toContain(`log-group:${filter.Properties.LogGroupName}:*`);
    }
  });

  it('offers an account-level subscription policy that excludes the pipeline own log groups', () => {
    const policy = resource(dev.template, 'AccountSubscriptionPolicy');
    expect(policy.Condition).toBe('UseAccountSubscription');
    expect(policy.Properties.PolicyType).toBe('SUBSCRIPTION_FILTER_POLICY');
    const criteria: string = policy.Properties.SelectionCriteria;
    expect(criteria.startsWith('LogGroupName NOT IN ')).toBe(true);
    const excluded = JSON.parse(criteria.slice('LogGroupName NOT IN '.length));
    for (const fn of FUNCTION_NAMES) expect(excluded).toContain(`/aws/lambda/teddy-logs-dev-${fn}`);
    expect(excluded).toContain('/aws/kinesisfirehose/teddy-logs-dev');
    expect(dev.template.Conditions.UseGroupSubscriptions).toEqual({
      'Fn::Not': [{ Condition: 'UseAccountSubscription' }],
    });
  });
});

describe('metric filters', () => {
  it('put ErrorCount, ChildSafetyEvents and ChildSafetyViolations on every application group, default 0', () => {
    const filters = resourcesOfType(tuned.template, 'AWS::Logs::MetricFilter');
    expect(filters).toHaveLength(9);
    for (const [, filter] of filters) {
      const [transformation] = filter.Properties.MetricTransformations;
      expect(transformation.MetricNamespace).toBe(METRIC_NAMESPACE);
      expect(transformation.DefaultValue).toBe(0);
      expect(transformation.MetricValue).toBe('1');
    }
  });

  it('use exactly the patterns of shared/engines/filterPattern/metricFilters.ts, which the offline evaluator accepts', () => {
    const expected: Record<string, string> = {
      ErrorCount: ERROR_COUNT_PATTERN,
      ChildSafetyEvents: CHILD_SAFETY_EVENTS_PATTERN,
      ChildSafetyViolations: CHILD_SAFETY_VIOLATIONS_PATTERN,
    };
    for (const [, filter] of resourcesOfType(dev.template, 'AWS::Logs::MetricFilter')) {
      const name = filter.Properties.MetricTransformations[0].MetricName;
      expect(filter.Properties.FilterPattern).toBe(expected[name]);
      expect(() => compileFilterPattern(filter.Properties.FilterPattern)).not.toThrow();
      expect(filter.Properties.FilterPattern.length).toBeLessThanOrEqual(1024);
    }
  });
});

describe('alarms', () => {
  function alarm(t: Template, id: string) {
    return resource(t, id).Properties;
  }

  it('pages on the guide error rate: ErrorCount sum > 10 over 300 s, 2 periods', () => {
    expect(alarm(prod.template, 'ErrorRateAlarm')).toMatchObject({
      AlarmName: 'ai-teddy-bear-error-rate',
      Namespace: 'AITeddyBear/Logs',
      MetricName: 'ErrorCount',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 2,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm(dev.template, 'ErrorRateAlarm').AlarmName).toBe('ai-teddy-bear-error-rate-dev');
  });

  it('pages on a single child-safety violation', () => {
    expect(alarm(prod.template, 'ChildSafetyAlarm')).toMatchObject({
      AlarmName: 'ai-teddy-bear-child-safety',
      MetricName: 'ChildSafetyViolations',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('watches the pipeline: ship errors and throttles, dead letters, Firehose delivery and freshness, silence', () => {
    const watched = resourcesOfType(dev.template, 'AWS::CloudWatch::Alarm').map(([, a]) => [
      a.Properties.Namespace,
      a.Properties.MetricName,
    ]);
    expect(watched).toEqual(
      expect.arrayContaining([
        ['AWS/Lambda', 'Errors'],
        ['AWS/Lambda', 'Throttles'],
        ['AWS/Lambda', 'DestinationDeliveryFailures'],
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible'],
        ['AWS/Firehose', 'DeliveryToAmazonOpenSearchService.Success'],
        ['AWS/Firehose', 'DeliveryToAmazonOpenSearchService.DataFreshness'],
        ['AWS/Lambda', 'Invocations'],
      ]),
    );
  });

  it('treats missing data as breaching only for the no-log-events alarm, over a configurable window', () => {
    for (const [id, a] of resourcesOfType(dev.template, 'AWS::CloudWatch::Alarm')) {
      expect([id, a.Properties.TreatMissingData]).toEqual([
        id,
        id === 'NoLogEventsAlarm' ? 'breaching' : 'notBreaching',
      ]);
    }
    expect(alarm(dev.template, 'NoLogEventsAlarm').EvaluationPeriods).toBe(12);
    expect(alarm(prod.template, 'NoLogEventsAlarm').EvaluationPeriods).toBe(3);
  });

  it('notifies the on-call topic on alarm and on OK, every one of them', () => {
    const alarms = resourcesOfType(dev.template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(9);
    for (const [, a] of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: 'OnCallTopic' }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: 'OnCallTopic' }]);
    }
  });

  it('subscribes email and HTTPS on-call endpoints when they are given', () => {
    expect(resource(dev.template, 'OnCallEmail')).toMatchObject({
      Condition: 'HasAlertEmail',
      Properties: { Protocol: 'email', Endpoint: { Ref: 'AlertEmail' } },
    });
    expect(resource(dev.template, 'OnCallHttps')).toMatchObject({
      Condition: 'HasAlertHttpsEndpoint',
      Properties: { Protocol: 'https', Endpoint: { Ref: 'AlertHttpsEndpoint' } },
    });
  });
});

describe('the CloudWatch dashboard', () => {
  it('has the guide widgets (error logs, child safety events, log volume) and pipeline health', () => {
    const body = JSON.parse(
      substitutePlaceholders(resource(dev.template, 'LogsDashboard').Properties.DashboardBody['Fn::Sub']),
    );
    const titles = body.widgets.map((w: any) => w.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Error Logs (Last 100)',
        'Child Safety Events',
        'Log Volume',
        'Alarms',
        'Pipeline: ship function',
        'Pipeline: Firehose to OpenSearch',
      ]),
    );
    const errors = body.widgets.find((w: any) => w.properties.title === 'Error Logs (Last 100)');
    expect(errors.properties.query).toContain('limit 100');
    expect(resource(dev.template, 'LogsDashboard').Properties.DashboardBody['Fn::Sub'][1]).toEqual({
      AppLogGroupName: '/aws/ai-teddy-bear/dev',
    });
  });
});

describe('least privilege', () => {
  const roles = () => resourcesOfType(dev.template, 'AWS::IAM::Role');
  const allowStatements = () =>
    roles().flatMap(([id, role]) =>
      (role.Properties.Policies ?? []).flatMap((p: any) =>
        p.PolicyDocument.Statement.filter((s: any) => s.Effect === 'Allow').map((s: any) => ({ id, ...s })),
      ),
    );

  it('gives each function its own role and grants no wildcard action', () => {
    for (const name of FUNCTION_NAMES) {
      const fn = resource(dev.template, `${name[0].toUpperCase()}${name.slice(1)}LambdaFunction`);
      expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [`${name[0].toUpperCase()}${name.slice(1)}Role`, 'Arn'] });
    }
    expect(dev.template.Resources.IamRoleLambdaExecution).toBeUndefined();
    const statements = allowStatements();
    expect(statements.length).toBeGreaterThan(15);
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) expect(`${statement.id} ${action}`).not.toMatch(/\*/);
    }
  });

  it('never grants a bare "*" resource', () => {
    for (const statement of allowStatements()) {
      for (const target of [statement.Resource].flat())
        expect(`${statement.id} ${JSON.stringify(target)}`).not.toMatch(/ "\*"$/);
    }
  });

  it('narrows the guide CloudWatch Logs policy to the configured groups of this account and region', () => {
    const onboard = allowStatements().find((s) => s.id === 'OnboardRole' && s.Sid === 'FilterConfiguredGroups');
    expect(onboard?.Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/ai-teddy-bear/dev*' },
    ]);
  });

  it('lets ship write only to its stream, its queue, its bucket and its key parameter', () => {
    const ship = allowStatements().filter((s) => s.id === 'ShipRole');
    const byAction = Object.fromEntries(ship.flatMap((s) => [s.Action].flat().map((a: string) => [a, s.Resource])));
    expect(byAction['firehose:PutRecordBatch']).toEqual({ 'Fn::GetAtt': ['DeliveryStream', 'Arn'] });
    expect(byAction['sqs:SendMessage']).toEqual({ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] });
    expect(byAction['s3:PutObject']).toEqual({ 'Fn::Sub': '${DeadLetterBucket.Arn}/*' });
    expect(byAction['ssm:GetParameter']['Fn::Sub']).toMatch(/:parameter\/teddy-logs\/dev\/child-id-key$/);
  });
});

describe('the functions', () => {
  it('run the bundles from dist/ on nodejs22.x, each zip holding only its own bundle', () => {
    for (const name of FUNCTION_NAMES) {
      const fn = resource(dev.template, `${name[0].toUpperCase()}${name.slice(1)}LambdaFunction`).Properties;
      expect(fn.Runtime).toBe('nodejs22.x');
      expect(fn.Handler).toBe(`dist/${name}/index.handler`);
      const listing = execFileSync('unzip', ['-Z1', join(dev.dir, `${name}.zip`)], { encoding: 'utf8' });
      expect(listing.trim().split('\n')).toEqual([`dist/${name}/index.js`]);
    }
  });

  it('give ship its stream, dead letters and key parameter, and an on-failure destination to the queue', () => {
    const env = resource(dev.template, 'ShipLambdaFunction').Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'STAGE',
        'LOG_LEVEL',
        'FIREHOSE_STREAM_NAME',
        'DEAD_LETTER_QUEUE_URL',
        'DEAD_LETTER_BUCKET',
        'CHILD_ID_KEY_PARAMETER',
      ]),
    );
    const [, invokeConfig] = resourcesOfType(dev.template, 'AWS::Lambda::EventInvokeConfig')[0];
    expect(invokeConfig.Properties.DestinationConfig.OnFailure.Destination).toEqual({
      'Fn::GetAtt': ['DeadLetterQueue', 'Arn'],
    });
  });

  it('give the operations functions the guide settings', () => {
    const retention = resource(tuned.template, 'RetentionLambdaFunction').Properties.Environment.Variables;
    expect(retention).toMatchObject({
      CLOUDWATCH_RETENTION_DAYS: '14',
      LOG_RETENTION_DAYS: '45',
      LOG_ARCHIVE_DAYS: '7',
      OPENSEARCH_INDEX: 'ai-teddy-bear-logs',
      CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/dev',
    });
    const onboard = resource(dev.template, 'OnboardLambdaFunction').Properties.Environment.Variables;
    expect(onboard.SHIP_FUNCTION_ARN).toEqual({ 'Fn::GetAtt': ['ShipLambdaFunction', 'Arn'] });
  });

  it('trigger onboard on CloudTrail CreateLogGroup and on a schedule, retention daily', () => {
    const rules = resourcesOfType(dev.template, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    const createLogGroup = rules.find((r) => r.EventPattern?.detail?.eventName?.includes('CreateLogGroup'));
    expect(createLogGroup?.EventPattern.source).toEqual(['aws.logs']);
    expect(rules.map((r) => r.ScheduleExpression).filter(Boolean)).toEqual(
      expect.arrayContaining(['cron(17 3 * * ? *)', 'rate(6 hours)']),
    );
  });
});

describe('names shared with the onboard function', () => {
  it('name the stack filters as onboard names its own, so a sweep never adds a second subscription', () => {
    for (const [, filter] of resourcesOfType(dev.template, 'AWS::Logs::SubscriptionFilter')) {
      expect(filter.Properties.FilterName).toBe(SUBSCRIPTION_FILTER_NAME);
    }
    for (const [, filter] of resourcesOfType(dev.template, 'AWS::Logs::MetricFilter')) {
      const metric = filter.Properties.MetricTransformations[0].MetricName;
      expect(filter.Properties.FilterName).toBe(`${METRIC_FILTER_NAME_PREFIX}-${metric}`);
    }
  });
});

describe("the guide's environment variables", () => {
  it('set the stack: retention, archive, CloudWatch retention, log group, log level, index, key parameter', () => {
    const t = fromEnvironment.template;
    const [rule] = resource(t, 'DeadLetterBucket').Properties.LifecycleConfiguration.Rules;
    expect(Number(rule.ExpirationInDays)).toBe(60);
    expect(Number(rule.Transitions[0].TransitionInDays)).toBe(14);
    expect(resource(t, 'AppLogGroup').Properties).toMatchObject({ LogGroupName: '/aws/ai-teddy-bear/staging' });
    expect(Number(resource(t, 'AppLogGroup').Properties.RetentionInDays)).toBe(60);
    const retention = resource(t, 'RetentionLambdaFunction').Properties.Environment.Variables;
    expect(retention).toMatchObject({
      LOG_RETENTION_DAYS: '60',
      LOG_LEVEL: 'DEBUG',
      OPENSEARCH_INDEX: 'teddy-staging-logs',
      CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/staging',
    });
    const ship = resource(t, 'ShipLambdaFunction').Properties.Environment.Variables;
    expect(ship.CHILD_ID_KEY_PARAMETER).toBe('/teddy/staging/child-key');
    expect(resource(t, 'DeliveryStream').Properties.AmazonopensearchserviceDestinationConfiguration.IndexName).toBe(
      'teddy-staging-logs',
    );
  });

  it('fail the packaging, naming the fix, when one is set but would be ignored or misread', async () => {
    await expect(packageStack('dev', {}, { OPENSEARCH_ENDPOINT: 'http://localhost:9200' })).rejects.toThrow(
      /OPENSEARCH_ENDPOINT=http:\/\/localhost:9200 is set, but the stack creates its own domain and would ignore it/,
    );
    await expect(packageStack('dev', {}, { CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/' })).rejects.toThrow(
      /CLOUDWATCH_LOG_GROUP=\/aws\/ai-teddy-bear\/ is a list or a prefix/,
    );
  }, 60_000);
});

describe('DEPLOY.md', () => {
  it('reads only stack outputs the template has', () => {
    const guide = readFileSync(join(__dirname, '../../DEPLOY.md'), 'utf8');
    const used = [...guide.matchAll(/\$\(output (\w+)\)/g)].map((match) => match[1]);
    expect(used.length).toBeGreaterThanOrEqual(8);
    for (const name of used) expect([name, Object.keys(dev.template.Outputs).includes(name)]).toEqual([name, true]);
  });
});
