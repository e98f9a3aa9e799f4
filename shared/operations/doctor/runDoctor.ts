import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Client } from '@opensearch-project/opensearch';
import { describeError } from '../../core/errors.js';
import {
  checkAlarms,
  checkBucket,
  checkDeadLetterQueue,
  checkDeliveryStream,
  checkKeyParameter,
  checkLogGroup,
  checkOnCall,
} from './awsChecks.js';
import { type DoctorCheck, missingPiece } from './check.js';
import { type AccountScopedNames, accountIdOf, type DeploymentInput, describeDeployment } from './deployment.js';
import { checkOpenSearch } from './openSearchChecks.js';
import { checkOnboardingTrail, checkShipFunction } from './prerequisiteChecks.js';
import { checkTopology } from './topologyChecks.js';

export interface DoctorClients {
  ssm: SSMClient;
  firehose: FirehoseClient;
  sqs: SQSClient;
  s3: S3Client;
  logs: CloudWatchLogsClient;
  cloudWatch: CloudWatchClient;
  sns: SNSClient;
  lambda: LambdaClient;
  cloudTrail: CloudTrailClient;
  /** Only the kinesis topology calls it. */
  kinesis: KinesisClient;
  /** Absent when the endpoint is unknown. */
  openSearch?: Client;
}

export interface DoctorOptions extends DeploymentInput {
  /** Otherwise learnt from the ARN or URL of the first piece found. */
  accountId?: string;
  openSearchEndpoint?: string;
}

export interface DoctorReport {
  stage: string;
  region: string;
  /** True when every check is ready: the pipeline can carry a log line to Dashboards and page on-call. */
  ready: boolean;
  checks: DoctorCheck[];
}

/**
 * Checks every prerequisite and deployed piece of one stage, in the order a log line meets them: the key, the ship
 * function, Firehose, the dead letters, OpenSearch, the application log groups and the trail that onboards new ones,
 * the alarms, the on-call topic. Reads only.
 */
export async function runDoctor(clients: DoctorClients, options: DoctorOptions): Promise<DoctorReport> {
  const deployment = describeDeployment(options);
  const key = await checkKeyParameter(clients.ssm, deployment);
  const stream = await checkDeliveryStream(clients.firehose, deployment);
  const queue = await checkDeadLetterQueue(clients.sqs, deployment);
  const accountId = options.accountId ?? [stream, queue, key].map((found) => accountIdOf(found.location)).find(Boolean);
  const names: AccountScopedNames | undefined = accountId ? deployment.inAccount(accountId) : undefined;
  const checks: DoctorCheck[] = [key.check];
  checks.push(...(await guard('ship function', async () => [await checkShipFunction(clients.lambda, deployment)])));
  checks.push(...(await guard(`${deployment.topology} topology`, () => checkTopology(clients, deployment))));
  checks.push(stream.check, queue.check);
  checks.push(...(await checkBuckets(clients.s3, deployment, names)));
  checks.push(...(await checkOpenSearch(clients.openSearch, options.openSearchEndpoint, deployment, names)));
  for (const group of deployment.appLogGroups) {
    checks.push(
      ...(await guard(`application log group ${group}`, () =>
        checkLogGroup(clients.logs, group, deployment, names?.shipFunctionArn),
      )),
    );
  }
  checks.push(
    ...(await guard('CloudTrail trail', async () => [await checkOnboardingTrail(clients.cloudTrail, deployment)])),
  );
  checks.push(...(await guard('alarms', () => checkAlarms(clients.cloudWatch, deployment, names?.onCallTopicArn))));
  checks.push(
    ...(names
      ? await guard('on-call topic', async () => [await checkOnCall(clients.sns, deployment, names.onCallTopicArn)])
      : [unknownAccount('on-call topic')]),
  );
  return { stage: deployment.stage, region: deployment.region, ready: checks.every((c) => c.ready), checks };
}

async function checkBuckets(
  s3: S3Client,
  deployment: ReturnType<typeof describeDeployment>,
  names?: AccountScopedNames,
) {
  if (!names) return [unknownAccount('dead-letter and failed-documents buckets')];
  return [
    await checkBucket(s3, 'dead-letter bucket', names.deadLetterBucket, deployment),
    await checkBucket(s3, 'failed-documents bucket', names.failedDocumentsBucket, deployment),
  ];
}

/** A check that could not run at all (no credentials, no permission, no network) is a finding too, not a crash. */
async function guard(piece: string, check: () => Promise<DoctorCheck[]>): Promise<DoctorCheck[]> {
  try {
    return await check();
  } catch (error) {
    return [
      missingPiece(
        piece,
        `cannot be checked: ${describeError(error)}`,
        'check the AWS credentials and region (aws sts get-caller-identity) and the permissions DEPLOY.md lists',
      ),
    ];
  }
}

function unknownAccount(piece: string): DoctorCheck {
  return missingPiece(
    piece,
    'cannot be named: the account id is unknown (no key parameter, stream or queue answered)',
    'pass --account-id, or fix the pieces above first',
  );
}

/** One line a check ("ok" or "MISSING", the fix on the next line), then the verdict. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = report.checks.map((check) =>
    check.ready
      ? `ok       ${check.piece}: ${check.detail}`
      : `MISSING  ${check.piece}: ${check.detail}\n         fix: ${check.fix}`,
  );
  const missing = report.checks.filter((check) => !check.ready).length;
  lines.push(
    missing
      ? `teddy-logs doctor: ${report.stage} in ${report.region} is NOT ready: ${missing} of ${report.checks.length} checks failed`
      : `teddy-logs doctor: ${report.stage} in ${report.region} is ready (${report.checks.length} checks)`,
  );
  return `${lines.join('\n')}\n`;
}
