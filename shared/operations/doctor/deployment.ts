/**
 * The names of a deployed stage's pieces, as serverless.yml and resources/ name them. The doctor derives every name
 * from the stage, the region and the account, so it needs no CloudFormation access and finds a piece that was
 * removed by hand as surely as one that was never deployed.
 */

/** The service name of serverless.yml: every resource name starts with it. */
export const SERVICE_NAME = 'teddy-logs';

/** The alarms of resources/alarms.yml, without the stage suffix (prod carries the guide's names exactly). */
export const ALARM_BASE_NAMES = [
  'ai-teddy-bear-error-rate',
  'ai-teddy-bear-child-safety',
  'teddy-logs-ship-errors',
  'teddy-logs-ship-throttles',
  'teddy-logs-ship-destination-failures',
  'teddy-logs-dead-letters',
  'teddy-logs-firehose-delivery',
  'teddy-logs-firehose-freshness',
  'teddy-logs-no-log-events',
] as const;

/** How CloudWatch Logs reaches ship (serverless.yml, `topology`; resources/topologies.yml). */
export const TOPOLOGIES = ['lambda', 'kinesis', 'firehose'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** The alarms a topology adds to ALARM_BASE_NAMES (resources/topologies.yml). */
export const TOPOLOGY_ALARM_BASE_NAMES: Record<Topology, readonly string[]> = {
  lambda: [],
  kinesis: ['teddy-logs-kinesis-iterator-age', 'teddy-logs-kinesis-write-throttled'],
  firehose: ['teddy-logs-firehose-transformation-failures'],
};

/** The stage whose alarms carry no suffix (serverless.yml, params.prod.alarmNameSuffix). */
const UNSUFFIXED_STAGE = 'prod';

/** The pipeline roles that fine-grained access control must map (resources/iam.yml). */
export const MAPPED_ROLE_KINDS = ['firehose', 'retention', 'erase'] as const;

export interface DeploymentInput {
  stage: string;
  region: string;
  /** Application log groups to check; default the stage's own group, /aws/ai-teddy-bear/<stage>. */
  appLogGroups?: string[];
  /** Default /teddy-logs/<stage>/child-id-key (serverless.yml, childIdKeyParameter). */
  keyParameter?: string;
  /** Default '' in prod, -<stage> elsewhere (serverless.yml, alarmNameSuffix). */
  alarmNameSuffix?: string;
  /** OPENSEARCH_INDEX: the index template the domain must hold. */
  indexPrefix?: string;
  metricNamespace?: string;
  /** Default lambda. */
  topology?: Topology;
}

export interface Deployment {
  stage: string;
  region: string;
  partition: string;
  keyParameter: string;
  deliveryStream: string;
  topology: Topology;
  /** The Kinesis stream of the kinesis topology. */
  kinesisStream: string;
  /** The Firehose stream the firehose topology's subscriptions write to (ship transforms it). */
  ingestStream: string;
  shipFunction: string;
  deadLetterQueue: string;
  appLogGroups: string[];
  alarmNames: string[];
  indexPrefix: string;
  metricNamespace: string;
  /** The names that hold the account id, once it is known. */
  inAccount(accountId: string): AccountScopedNames;
}

export interface AccountScopedNames {
  deadLetterBucket: string;
  failedDocumentsBucket: string;
  shipFunctionArn: string;
  onCallTopicArn: string;
  /** IAM role ARNs by kind (firehose, retention, erase). */
  roleArns: Record<(typeof MAPPED_ROLE_KINDS)[number], string>;
}

/** The AWS partition of a region: aws, aws-cn or aws-us-gov. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Every name the doctor looks for in one stage and region. */
export function describeDeployment(input: DeploymentInput): Deployment {
  const { stage, region } = input;
  const prefix = `${SERVICE_NAME}-${stage}`;
  const partition = partitionOf(region);
  const suffix = input.alarmNameSuffix ?? (stage === UNSUFFIXED_STAGE ? '' : `-${stage}`);
  const topology = input.topology ?? 'lambda';
  return {
    stage,
    region,
    partition,
    keyParameter: input.keyParameter ?? `/${SERVICE_NAME}/${stage}/child-id-key`,
    deliveryStream: prefix,
    topology,
    kinesisStream: prefix,
    ingestStream: `${prefix}-ingest`,
    shipFunction: `${prefix}-ship`,
    deadLetterQueue: `${prefix}-dead-letters`,
    appLogGroups: input.appLogGroups?.length ? input.appLogGroups : [`/aws/ai-teddy-bear/${stage}`],
    alarmNames: [...ALARM_BASE_NAMES, ...TOPOLOGY_ALARM_BASE_NAMES[topology]].map((name) => `${name}${suffix}`),
    indexPrefix: input.indexPrefix ?? 'ai-teddy-bear-logs',
    metricNamespace: input.metricNamespace ?? 'AITeddyBear/Logs',
    inAccount: (accountId) => ({
      deadLetterBucket: `${prefix}-dead-letters-${accountId}-${region}`,
      failedDocumentsBucket: `${prefix}-failed-documents-${accountId}-${region}`,
      shipFunctionArn: `arn:${partition}:lambda:${region}:${accountId}:function:${prefix}-ship`,
      onCallTopicArn: `arn:${partition}:sns:${region}:${accountId}:${prefix}-on-call`,
      roleArns: {
        firehose: `arn:${partition}:iam::${accountId}:role/${prefix}-firehose-${region}`,
        retention: `arn:${partition}:iam::${accountId}:role/${prefix}-retention-${region}`,
        erase: `arn:${partition}:iam::${accountId}:role/${prefix}-erase-${region}`,
      },
    }),
  };
}

/** The account id inside an ARN (arn:partition:service:region:ACCOUNT:...) or an SQS queue URL (https://host/ACCOUNT/name). */
export function accountIdOf(arnOrQueueUrl: string | undefined): string | undefined {
  if (!arnOrQueueUrl) return undefined;
  const fromArn = /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arnOrQueueUrl);
  if (fromArn) return fromArn[1];
  return /^https?:\/\/[^/]+\/(\d{12})\//.exec(arnOrQueueUrl)?.[1];
}
