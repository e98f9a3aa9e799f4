// Resources that repeat per log group, which YAML cannot loop over: for the application log group the stack creates
// and each existing group in `extraLogGroups`, a subscription filter to `ship` (unless the account-level policy is
// on) and the three metric filters; Lambda permissions for those groups and for the onboard prefixes; and the
// optional account-level subscription policy that excludes the pipeline's own groups (no feedback loop).
// Loaded by serverless.yml as `${file(resources/logGroups.cjs):...}`.
'use strict';

// The exact strings of shared/engines/filterPattern/metricFilters.ts; test/stack/template.test.ts fails if they ever differ.
const METRIC_FILTERS = [
  {
    metricName: 'ErrorCount',
    pattern:
      '{ ($.level = %^[Ee][Rr][Rr][Oo][Rr]$|^[Ee][Rr][Rr]$|^[Ss][Ee][Vv][Ee][Rr][Ee]$|^[Ff][Aa][Tt][Aa][Ll]$|^[Cc][Rr][Ii][Tt][Ii][Cc][Aa][Ll]$|^[Cc][Rr][Ii][Tt]$|^[Aa][Ll][Ee][Rr][Tt]$|^[Ee][Mm][Ee][Rr][Gg]$|^[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy]$|^[Pp][Aa][Nn][Ii][Cc]$|^[5-9][0-9]$|^[1-9][0-9]{2,5}$%) || ($.level >= 50) || (($.level NOT EXISTS || $.level IS NULL) && (($.severity = %^[Ee][Rr][Rr][Oo][Rr]$|^[Ee][Rr][Rr]$|^[Ss][Ee][Vv][Ee][Rr][Ee]$|^[Ff][Aa][Tt][Aa][Ll]$|^[Cc][Rr][Ii][Tt][Ii][Cc][Aa][Ll]$|^[Cc][Rr][Ii][Tt]$|^[Aa][Ll][Ee][Rr][Tt]$|^[Ee][Mm][Ee][Rr][Gg]$|^[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy]$|^[Pp][Aa][Nn][Ii][Cc]$|^[5-9][0-9]$|^[1-9][0-9]{2,5}$%) || ($.severity >= 50))) }',
  },
  {
    metricName: 'ChildSafetyEvents',
    pattern: '{ $.category = "child_safety" }',
  },
  {
    metricName: 'ChildSafetyViolations',
    pattern:
      '{ ($.category = "child_safety") && (($.level = %^[Ww][Aa][Rr][Nn]$|^[Ww][Aa][Rr][Nn][Ii][Nn][Gg]$|^[Ee][Rr][Rr][Oo][Rr]$|^[Ee][Rr][Rr]$|^[Ss][Ee][Vv][Ee][Rr][Ee]$|^[Ff][Aa][Tt][Aa][Ll]$|^[Cc][Rr][Ii][Tt][Ii][Cc][Aa][Ll]$|^[Cc][Rr][Ii][Tt]$|^[Aa][Ll][Ee][Rr][Tt]$|^[Ee][Mm][Ee][Rr][Gg]$|^[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy]$|^[Pp][Aa][Nn][Ii][Cc]$|^[4-9][0-9]$|^[1-9][0-9]{2,5}$%) || ($.level >= 40) || (($.level NOT EXISTS || $.level IS NULL) && (($.severity = %^[Ww][Aa][Rr][Nn]$|^[Ww][Aa][Rr][Nn][Ii][Nn][Gg]$|^[Ee][Rr][Rr][Oo][Rr]$|^[Ee][Rr][Rr]$|^[Ss][Ee][Vv][Ee][Rr][Ee]$|^[Ff][Aa][Tt][Aa][Ll]$|^[Cc][Rr][Ii][Tt][Ii][Cc][Aa][Ll]$|^[Cc][Rr][Ii][Tt]$|^[Aa][Ll][Ee][Rr][Tt]$|^[Ee][Mm][Ee][Rr][Gg]$|^[Ee][Mm][Ee][Rr][Gg][Ee][Nn][Cc][Yy]$|^[Pp][Aa][Nn][Ii][Cc]$|^[4-9][0-9]$|^[1-9][0-9]{2,5}$%) || ($.severity >= 40))) || ($.action = "blocked") || ($.action = "flagged")) }',
  },
];

// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template.
const LOG_GROUP_ARN = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:';

// Where subscriptions deliver in each topology (resources/topologies.yml): ship itself, the Kinesis stream or the
// Firehose ingest stream; CloudWatch Logs assumes SubscriptionRole to write to a stream (a Lambda needs no role).
const STREAM_DESTINATION = {
  'Fn::If': ['UseKinesisTopology', { 'Fn::GetAtt': ['LogStream', 'Arn'] }, { 'Fn::GetAtt': ['IngestStream', 'Arn'] }],
};
const SUBSCRIPTION_DESTINATION = {
  'Fn::If': ['UseStreamTopology', STREAM_DESTINATION, { 'Fn::GetAtt': ['ShipLambdaFunction', 'Arn'] }],
};
const SUBSCRIPTION_ROLE = {
  'Fn::If': ['UseStreamTopology', { 'Fn::GetAtt': ['SubscriptionRole', 'Arn'] }, { Ref: 'AWS::NoValue' }],
};

function splitList(value) {
  return String(value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A CloudFormation logical id from a log group name: `/aws/ai-teddy-bear/dev` -> `AwsAiTeddyBearDev`. */
function logicalIdOf(name) {
  const id = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  return `Lg${id}`.slice(0, 200);
}

async function readSettings(resolveVariable) {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const appLogGroup = await resolveVariable('param:appLogGroup');
  const extraLogGroups = splitList(await resolveVariable('param:extraLogGroups'));
  const prefixes = splitList(await resolveVariable('param:logGroupPrefixes'));
  const pipelinePrefixes = splitList(await resolveVariable('self:custom.pipelineLogGroupPrefixes'));
  const retentionDays = Number(await resolveVariable('param:cloudwatchRetentionDays'));
  const namespace = await resolveVariable('self:custom.metricNamespace');
  const functionNames = ['ship', 'retention', 'onboard', 'erase'].map((fn) => `/aws/lambda/${service}-${stage}-${fn}`);
  const pipelineGroups = [
    ...functionNames,
    `/aws/kinesisfirehose/${service}-${stage}`,
    `/aws/opensearch/${service}-${stage}`,
  ];
  for (const group of [appLogGroup, ...extraLogGroups]) {
    if (pipelineGroups.includes(group))
      throw new Error(`${group} is one of the pipeline's own log groups: subscribing it would loop`);
  }
  return {
    service,
    stage,
    appLogGroup,
    extraLogGroups,
    prefixes,
    pipelinePrefixes,
    pipelineGroups,
    retentionDays,
    namespace,
  };
}

/** Lets CloudWatch Logs of this account invoke ship for the log groups `groups` names (a group, a prefix, `*`). */
function shipPermission(groups) {
  return {
    Type: 'AWS::Lambda::Permission',
    Properties: {
      FunctionName: { 'Fn::GetAtt': ['ShipLambdaFunction', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'logs.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::Sub': `${LOG_GROUP_ARN}${groups}` },
    },
  };
}

function subscriptionAndMetricFilters(group, logicalId, settings, dependsOn) {
  const resources = {};
  resources[`${logicalId}ShipPermission`] = shipPermission(`${group}:*`);
  resources[`${logicalId}Subscription`] = {
    Type: 'AWS::Logs::SubscriptionFilter',
    Condition: 'UseGroupSubscriptions',
    DependsOn: [`${logicalId}ShipPermission`, ...dependsOn],
    Properties: {
      // The names the onboard function uses too (shared/operations/onboard), so a sweep recognises these filters as its own.
      FilterName: `${settings.service}-ship`,
      LogGroupName: group,
      FilterPattern: '',
      DestinationArn: SUBSCRIPTION_DESTINATION,
      RoleArn: SUBSCRIPTION_ROLE,
      // Spread over the shards instead of one shard per log stream.
      Distribution: { 'Fn::If': ['UseKinesisTopology', 'Random', { Ref: 'AWS::NoValue' }] },
    },
  };
  for (const { metricName, pattern } of METRIC_FILTERS) {
    resources[`${logicalId}${metricName}Filter`] = {
      Type: 'AWS::Logs::MetricFilter',
      DependsOn: dependsOn,
      Properties: {
        FilterName: `${settings.service}-${metricName}`,
        LogGroupName: group,
        FilterPattern: pattern,
        MetricTransformations: [
          { MetricNamespace: settings.namespace, MetricName: metricName, MetricValue: '1', DefaultValue: 0 },
        ],
      },
    };
  }
  return resources;
}

/** The per-group resources, the onboard prefix permissions and the optional account policy. */
module.exports.resources = async ({ resolveVariable }) => {
  const settings = await readSettings(resolveVariable);
  const Resources = {
    AppLogGroup: {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: settings.appLogGroup,
        RetentionInDays: settings.retentionDays,
        KmsKeyId: { 'Fn::GetAtt': ['PipelineKey', 'Arn'] },
      },
    },
  };
  const seen = new Set();
  for (const [index, group] of [settings.appLogGroup, ...settings.extraLogGroups].entries()) {
    const logicalId = logicalIdOf(group);
    if (seen.has(logicalId)) throw new Error(`log groups ${group} and another one map to the same id ${logicalId}`);
    seen.add(logicalId);
    Object.assign(
      Resources,
      subscriptionAndMetricFilters(group, logicalId, settings, index === 0 ? ['AppLogGroup'] : []),
    );
  }
  // The onboard function subscribes groups created later under these prefixes: ship must accept them.
  for (const prefix of settings.prefixes) {
    Resources[`${logicalIdOf(prefix)}PrefixShipPermission`] = shipPermission(`${prefix}*`);
  }
  // An account-level policy can send any group of the account: the source is every group of this account and
  // region (nothing narrower exists for it); the policy itself excludes the pipeline's own groups.
  Resources.AccountSubscriptionShipPermission = { ...shipPermission('*'), Condition: 'UseAccountSubscription' };
  Resources.AccountSubscriptionPolicy = {
    Type: 'AWS::Logs::AccountPolicy',
    Condition: 'UseAccountSubscription',
    DependsOn: ['AccountSubscriptionShipPermission'],
    Properties: {
      PolicyName: `${settings.service}-${settings.stage}-ship`,
      PolicyType: 'SUBSCRIPTION_FILTER_POLICY',
      Scope: 'ALL',
      PolicyDocument: {
        'Fn::If': [
          'UseStreamTopology',
          {
            'Fn::Sub': [
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template.
              '{"DestinationArn":"${Destination}","RoleArn":"${Role}","FilterPattern":"","Distribution":"Random"}',
              { Destination: STREAM_DESTINATION, Role: { 'Fn::GetAtt': ['SubscriptionRole', 'Arn'] } },
            ],
          },
          {
            'Fn::Sub': [
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not a JS template.
              '{"DestinationArn":"${ShipArn}","FilterPattern":"","Distribution":"Random"}',
              { ShipArn: { 'Fn::GetAtt': ['ShipLambdaFunction', 'Arn'] } },
            ],
          },
        ],
      },
      SelectionCriteria: `LogGroupName NOT IN ${JSON.stringify(settings.pipelineGroups)}`,
    },
  };
  return { Resources };
};

function prefixArns(names) {
  return [...new Set(names)].map((name) => ({ 'Fn::Sub': `${LOG_GROUP_ARN}${name}*` }));
}

/** The application groups the onboard function may filter: the configured prefixes and groups. */
module.exports.appLogGroupArns = async ({ resolveVariable }) => {
  const settings = await readSettings(resolveVariable);
  return prefixArns([...settings.prefixes, settings.appLogGroup, ...settings.extraLogGroups]);
};

/** Every group the retention function keeps under policy: the application groups and the pipeline's own. */
module.exports.managedLogGroupArns = async ({ resolveVariable }) => {
  const settings = await readSettings(resolveVariable);
  return prefixArns([
    ...settings.prefixes,
    settings.appLogGroup,
    ...settings.extraLogGroups,
    ...settings.pipelinePrefixes,
  ]);
};

/** The groups the stack creates encrypted with the pipeline key: the only ones its key policy lets CloudWatch Logs use it for. */
module.exports.encryptedLogGroupArns = async ({ resolveVariable }) => {
  const settings = await readSettings(resolveVariable);
  return [settings.appLogGroup, ...settings.pipelineGroups].map((name) => ({ 'Fn::Sub': `${LOG_GROUP_ARN}${name}` }));
};

module.exports.METRIC_FILTERS = METRIC_FILTERS;
