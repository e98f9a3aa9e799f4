/**
 * The doctor's checks of the AWS pieces: each reads one piece with a describe/get call, never changes anything, and
 * answers with what it found and, when the piece is not ready, the command that fixes it.
 */
import type { CloudWatchClient, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient, Subscription } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { parseChildIdKeys } from '../../core/childIdKeys.js';
import { describeError } from '../../core/errors.js';
import { METRIC_FILTERS } from '../../engines/filterPattern/metricFilters.js';
import { SUBSCRIPTION_FILTER_NAME } from '../onboard/index.js';
import { awsErrorName, type DoctorCheck, isNotFound, missingPiece, readyPiece } from './check.js';
import type { Deployment } from './deployment.js';

/** A check's finding and the ARN or URL it read, from which the account id can be learnt. */
export interface Located {
  check: DoctorCheck;
  location?: string;
}

/** The command that (re)creates every stack piece of the stage. */
export function deployFix(deployment: Deployment): string {
  return `npm run deploy -- --stage ${deployment.stage} --region ${deployment.region} (recreates it; DEPLOY.md step 5)`;
}

const NEW_KEY = '"$(openssl rand -base64 48)"';

/** The child-id key: an SSM SecureString the operator can read and decrypt, holding a valid key text. */
export async function checkKeyParameter(ssm: SSMClient, deployment: Deployment): Promise<Located> {
  const { GetParameterCommand } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
  const name = deployment.keyParameter;
  const piece = `child-id key parameter ${name}`;
  const put = `aws ssm put-parameter --region ${deployment.region} --name ${name} --type SecureString`;
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    if (Parameter?.Type !== 'SecureString') {
      return {
        check: missingPiece(
          piece,
          `is a ${Parameter?.Type}, not a SecureString`,
          `${put} --overwrite --value "$VALUE"`,
        ),
        location: Parameter?.ARN,
      };
    }
    parseChildIdKeys(Parameter.Value ?? '', 'v1', name);
    return { check: readyPiece(piece, 'SecureString, readable, a valid key'), location: Parameter.ARN };
  } catch (error) {
    if (isNotFound(error)) return { check: missingPiece(piece, 'missing', `${put} --value ${NEW_KEY}`) };
    return {
      check: missingPiece(
        piece,
        `not usable: ${describeError(error)}`,
        `${put} --overwrite --value ${NEW_KEY} (a new key changes every child hash: DEPLOY.md "Rotate the child-id key")`,
      ),
    };
  }
}

/** The Firehose delivery stream the ship function writes to: present and ACTIVE. */
export function checkDeliveryStream(firehose: FirehoseClient, deployment: Deployment): Promise<Located> {
  return checkFirehoseStream(firehose, deployment.deliveryStream, 'Firehose delivery stream', deployment);
}

/** A Firehose stream of the stack: present and ACTIVE. */
export async function checkFirehoseStream(
  firehose: FirehoseClient,
  name: string,
  label: string,
  deployment: Deployment,
): Promise<Located> {
  const { DescribeDeliveryStreamCommand } =
    require('@aws-sdk/client-firehose') as typeof import('@aws-sdk/client-firehose');
  const piece = `${label} ${name}`;
  try {
    const { DeliveryStreamDescription: stream } = await firehose.send(
      new DescribeDeliveryStreamCommand({ DeliveryStreamName: name }),
    );
    const status = stream?.DeliveryStreamStatus ?? 'unknown';
    const check =
      status === 'ACTIVE'
        ? readyPiece(piece, 'ACTIVE')
        : missingPiece(piece, status, `wait for ACTIVE, or ${deployFix(deployment)}`);
    return { check, location: stream?.DeliveryStreamARN };
  } catch (error) {
    return { check: missingPiece(piece, notFoundOr(error), deployFix(deployment)) };
  }
}

/** The dead-letter queue: present. */
export async function checkDeadLetterQueue(sqs: SQSClient, deployment: Deployment): Promise<Located> {
  const { GetQueueUrlCommand } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  const piece = `dead-letter queue ${deployment.deadLetterQueue}`;
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: deployment.deadLetterQueue }));
    return { check: readyPiece(piece, 'present'), location: QueueUrl };
  } catch (error) {
    return { check: missingPiece(piece, notFoundOr(error), deployFix(deployment)) };
  }
}

/** A bucket of the stack: present and reachable with these credentials. */
export async function checkBucket(s3: S3Client, label: string, bucket: string, deployment: Deployment) {
  const { HeadBucketCommand } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const piece = `${label} ${bucket}`;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return readyPiece(piece, 'present');
  } catch (error) {
    return missingPiece(piece, notFoundOr(error), deployFix(deployment));
  }
}

/**
 * One application log group: it exists, it is subscribed to the ship function (unless the stack uses the account
 * policy), and it carries the three metric filters the alarms count.
 */
export async function checkLogGroup(
  logs: CloudWatchLogsClient,
  group: string,
  deployment: Deployment,
  shipFunctionArn?: string,
): Promise<DoctorCheck[]> {
  const { DescribeLogGroupsCommand, DescribeMetricFiltersCommand } =
    require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
  const onboard = `teddy-logs onboard --log-group ${group}${shipFunctionArn ? ` --destination-arn ${shipFunctionArn}` : ''}`;
  const { logGroups = [] } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
  if (!logGroups.some((found) => found.logGroupName === group)) {
    return [
      missingPiece(
        `application log group ${group}`,
        'missing',
        `${deployFix(deployment)}, or ${onboard} once the app has created it`,
      ),
    ];
  }
  const checks = [await checkSubscription(logs, group, deployment, onboard, shipFunctionArn)];
  const { metricFilters = [] } = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: group }));
  for (const { metricName } of METRIC_FILTERS) {
    const found = metricFilters.some((filter) =>
      filter.metricTransformations?.some(
        (t) => t.metricName === metricName && t.metricNamespace === deployment.metricNamespace,
      ),
    );
    const piece = `metric filter ${metricName} on ${group}`;
    checks.push(found ? readyPiece(piece, 'present') : missingPiece(piece, 'missing', onboard));
  }
  return checks;
}

/**
 * The group's subscription: a filter named as the stack and the onboard function name it (in the Kinesis and
 * Firehose topologies it sends to a stream, not to ship), one to the ship function, or the stack's account-level
 * subscription policy (`accountSubscription`), which covers every group but the pipeline's own.
 */
async function checkSubscription(
  logs: CloudWatchLogsClient,
  group: string,
  deployment: Deployment,
  onboard: string,
  shipFunctionArn?: string,
): Promise<DoctorCheck> {
  const { DescribeSubscriptionFiltersCommand } =
    require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
  const piece = `subscription filter on ${group}`;
  const { subscriptionFilters = [] } = await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName: group }));
  const toShip = subscriptionFilters.find(
    (filter) => filter.filterName === SUBSCRIPTION_FILTER_NAME || filter.destinationArn === shipFunctionArn,
  );
  if (toShip) return readyPiece(piece, `${toShip.filterName} -> ${toShip.destinationArn}`);
  const policy = await findAccountSubscriptionPolicy(logs, deployment);
  if (policy) return readyPiece(piece, `account-level subscription policy ${policy}`);
  return missingPiece(piece, 'no filter sends it to the pipeline, and no account-level subscription policy', onboard);
}

/** The stack's account-level subscription policy (`<service>-<stage>-ship`), if it has one. */
async function findAccountSubscriptionPolicy(
  logs: CloudWatchLogsClient,
  deployment: Deployment,
): Promise<string | undefined> {
  const { DescribeAccountPoliciesCommand } =
    require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
  const name = `${deployment.deliveryStream}-ship`;
  try {
    const { accountPolicies = [] } = await logs.send(
      new DescribeAccountPoliciesCommand({ policyType: 'SUBSCRIPTION_FILTER_POLICY', policyName: name }),
    );
    return accountPolicies.some((policy) => policy.policyName === name) ? name : undefined;
  } catch {
    // No such policy, or an API the endpoint lacks (moto): the per-group answer stands.
    return undefined;
  }
}

/** Every alarm of the stack: present, actions enabled, and paging the on-call topic. */
export async function checkAlarms(
  cloudWatch: CloudWatchClient,
  deployment: Deployment,
  onCallTopicArn?: string,
): Promise<DoctorCheck[]> {
  const { DescribeAlarmsCommand } =
    require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
  const { MetricAlarms = [] } = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: deployment.alarmNames }));
  const byName = new Map(MetricAlarms.map((alarm) => [alarm.AlarmName, alarm]));
  return deployment.alarmNames.map((name) => checkAlarm(name, byName.get(name), deployment, onCallTopicArn));
}

function checkAlarm(name: string, alarm: MetricAlarm | undefined, deployment: Deployment, topicArn?: string) {
  const piece = `alarm ${name}`;
  if (!alarm) return missingPiece(piece, 'missing', deployFix(deployment));
  if (alarm.ActionsEnabled === false) {
    const enable = `aws cloudwatch enable-alarm-actions --region ${deployment.region} --alarm-names ${name}`;
    return missingPiece(piece, 'actions disabled: it would page nobody', enable);
  }
  const actions = alarm.AlarmActions ?? [];
  const pages = topicArn ? actions.includes(topicArn) : actions.length > 0;
  if (!pages) return missingPiece(piece, 'no action sends it to the on-call topic', deployFix(deployment));
  return readyPiece(piece, `pages ${actions.join(', ')}`);
}

/** The on-call topic: present, with at least one confirmed subscription. */
export async function checkOnCall(sns: SNSClient, deployment: Deployment, topicArn: string): Promise<DoctorCheck> {
  const { GetTopicAttributesCommand } = require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns');
  const piece = `on-call topic ${topicArn}`;
  try {
    await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  } catch (error) {
    return missingPiece(piece, notFoundOr(error), deployFix(deployment));
  }
  const subscriptions = await listSubscriptions(sns, topicArn);
  const confirmed = subscriptions.filter((s) => s.SubscriptionArn?.startsWith('arn:'));
  const subscriptionPiece = `confirmed subscription to ${topicArn}`;
  if (confirmed.length) {
    return readyPiece(subscriptionPiece, confirmed.map((s) => `${s.Protocol} ${s.Endpoint}`).join(', '));
  }
  const pending = subscriptions.filter((s) => s.SubscriptionArn === 'PendingConfirmation');
  if (pending.length) {
    return missingPiece(
      subscriptionPiece,
      `PendingConfirmation: ${pending.map((s) => `${s.Protocol} ${s.Endpoint}`).join(', ')}`,
      'open the "AWS Notification - Subscription Confirmation" mail and follow "Confirm subscription" ' +
        '(an HTTPS endpoint must visit the SubscribeURL it was sent), then run doctor again (DEPLOY.md step 7)',
    );
  }
  return missingPiece(
    subscriptionPiece,
    'no subscription: alarms page nobody',
    `aws sns subscribe --region ${deployment.region} --topic-arn ${topicArn} --protocol email --notification-endpoint oncall@example.com ` +
      `(or npm run deploy -- --stage ${deployment.stage} --param="alertEmail=oncall@example.com")`,
  );
}

async function listSubscriptions(sns: SNSClient, topicArn: string): Promise<Subscription[]> {
  const { ListSubscriptionsByTopicCommand } = require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns');
  const all: Subscription[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
    all.push(...(page.Subscriptions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return all;
}

function notFoundOr(error: unknown): string {
  return isNotFound(error) ? 'missing' : `not reachable: ${awsErrorName(error)}: ${describeError(error)}`;
}
