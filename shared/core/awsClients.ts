/**
 * Where AWS clients are constructed (OpenSearch clients: openSearchClient.ts, kept apart so functions that never talk
 * to OpenSearch do not bundle its client). Handlers and the CLI call these once per container or run and pass the
 * clients into the sinks; stages never construct a client themselves.
 */
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
import { DEFAULT_AWS_REGION } from './configSchema.js';

// Each SDK package is required when its factory is first called, not when this module loads: loading one client
// package costs 20-45 ms of cold start, and a function should pay only for the clients it creates (onboard needs
// one of the five).

/** A request that has not answered after this long is abandoned, so a hung connection cannot eat the invocation's
 * whole time budget (the SDK's own default is to wait forever). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface AwsClientOptions {
  region?: string;
  /** A different endpoint: moto in tests, a VPC endpoint in production. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  requestTimeoutMs?: number;
  /** The SDK's own attempts for a thrown call (its default is 3). */
  maxAttempts?: number;
}

/**
 * The region every client uses: AWS_REGION, then AWS_DEFAULT_REGION, then DEFAULT_AWS_REGION — so a laptop without
 * an AWS config gets the documented default instead of the SDK's "Region is missing".
 */
export function resolveAwsRegion(env: Record<string, string | undefined> = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_AWS_REGION;
}

function toAwsConfig(options: AwsClientOptions) {
  return {
    region: options.region ?? resolveAwsRegion(),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without it the SDK only logs a warning when the timeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
      connectionTimeout: 3_000,
    },
  };
}

/** A Firehose client for the ship function's PutRecordBatch calls. */
export function createFirehoseClient(options: AwsClientOptions = {}): FirehoseClient {
  const { FirehoseClient } = require('@aws-sdk/client-firehose') as typeof import('@aws-sdk/client-firehose');
  return new FirehoseClient(toAwsConfig(options));
}

/** An SQS client for the dead-letter queue. */
export function createSqsClient(options: AwsClientOptions = {}): SQSClient {
  const { SQSClient } = require('@aws-sdk/client-sqs') as typeof import('@aws-sdk/client-sqs');
  return new SQSClient(toAwsConfig(options));
}

/** An S3 client; with a custom endpoint it addresses buckets by path, which moto and most S3 look-alikes need. */
export function createS3Client(options: AwsClientOptions = {}): S3Client {
  const { S3Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  return new S3Client({ ...toAwsConfig(options), forcePathStyle: Boolean(options.endpoint) });
}

/** An SSM client for the child-id key parameter. */
export function createSsmClient(options: AwsClientOptions = {}): SSMClient {
  const { SSMClient } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
  return new SSMClient(toAwsConfig(options));
}

/** A CloudWatch Logs client for onboarding and retention. */
export function createCloudWatchLogsClient(options: AwsClientOptions = {}): CloudWatchLogsClient {
  const { CloudWatchLogsClient } =
    require('@aws-sdk/client-cloudwatch-logs') as typeof import('@aws-sdk/client-cloudwatch-logs');
  return new CloudWatchLogsClient(toAwsConfig(options));
}

/** A CloudWatch client: `teddy-logs doctor` reads the alarms. */
export function createCloudWatchClient(options: AwsClientOptions = {}): CloudWatchClient {
  const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch') as typeof import('@aws-sdk/client-cloudwatch');
  return new CloudWatchClient(toAwsConfig(options));
}

/** An SNS client: `teddy-logs doctor` reads the on-call topic's subscriptions. */
export function createSnsClient(options: AwsClientOptions = {}): SNSClient {
  const { SNSClient } = require('@aws-sdk/client-sns') as typeof import('@aws-sdk/client-sns');
  return new SNSClient(toAwsConfig(options));
}

/** A Lambda client: `teddy-logs doctor` reads the ship function. */
export function createLambdaClient(options: AwsClientOptions = {}): LambdaClient {
  const { LambdaClient } = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  return new LambdaClient(toAwsConfig(options));
}

/** A CloudTrail client: `teddy-logs doctor` looks for the trail onboarding relies on. */
export function createCloudTrailClient(options: AwsClientOptions = {}): CloudTrailClient {
  const { CloudTrailClient } = require('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail');
  return new CloudTrailClient(toAwsConfig(options));
}

/**
 * A Kinesis client: `teddy-logs doctor` reads the kinesis topology's stream. Over HTTP/1.1: the SDK's HTTP/2 default
 * serves only SubscribeToShard, and fails against endpoints that do not speak HTTP/2 (moto, some proxies).
 */
export function createKinesisClient(options: AwsClientOptions = {}): KinesisClient {
  const { KinesisClient } = require('@aws-sdk/client-kinesis') as typeof import('@aws-sdk/client-kinesis');
  const { NodeHttpHandler } = require('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler');
  const config = toAwsConfig(options);
  return new KinesisClient({ ...config, requestHandler: new NodeHttpHandler(config.requestHandler) });
}
