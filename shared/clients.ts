/**
 * The one module that constructs AWS and OpenSearch clients. Handlers and the CLI call these once per container or
 * run and pass the clients into the sinks; stages never construct a client themselves.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';

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

function toAwsConfig(options: AwsClientOptions) {
  return {
    ...(options.region ? { region: options.region } : {}),
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
  return new FirehoseClient(toAwsConfig(options));
}

/** An SQS client for the dead-letter queue. */
export function createSqsClient(options: AwsClientOptions = {}): SQSClient {
  return new SQSClient(toAwsConfig(options));
}

/** An S3 client; with a custom endpoint it addresses buckets by path, which moto and most S3 look-alikes need. */
export function createS3Client(options: AwsClientOptions = {}): S3Client {
  return new S3Client({ ...toAwsConfig(options), forcePathStyle: Boolean(options.endpoint) });
}

/** An SSM client for the child-id key parameter. */
export function createSsmClient(options: AwsClientOptions = {}): SSMClient {
  return new SSMClient(toAwsConfig(options));
}

/** A CloudWatch Logs client for onboarding and retention. */
export function createCloudWatchLogsClient(options: AwsClientOptions = {}): CloudWatchLogsClient {
  return new CloudWatchLogsClient(toAwsConfig(options));
}

export const OpenSearchAuth = { NONE: 'none', BASIC: 'basic', SIGV4: 'sigv4' } as const;
export type OpenSearchAuthName = (typeof OpenSearchAuth)[keyof typeof OpenSearchAuth];

export interface OpenSearchClientOptions {
  url: string;
  /** `none` (local node), `basic` (self-managed with the security plugin), `sigv4` (Amazon OpenSearch Service). */
  auth?: OpenSearchAuthName;
  username?: string;
  password?: string;
  /** Region of the Amazon OpenSearch Service domain (sigv4). */
  region?: string;
  /** `es` for a managed domain, `aoss` for OpenSearch Serverless (sigv4). */
  service?: 'es' | 'aoss';
  requestTimeoutMs?: number;
  /** The client's own retries of a request that failed to connect or answered 502/503/504 (its default is 3). */
  maxRetries?: number;
}

/**
 * An OpenSearch client. Basic auth needs a username and password; SigV4 signs with the credentials of the default
 * AWS provider chain (the Lambda role, or the profile / environment on a laptop).
 */
export function createOpenSearchClient(options: OpenSearchClientOptions): Client {
  const auth = options.auth ?? OpenSearchAuth.NONE;
  const common = {
    node: options.url,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS * 3,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
  if (auth === OpenSearchAuth.BASIC) {
    if (!options.username || !options.password) {
      throw new Error('OpenSearch basic auth needs a username and a password');
    }
    return new Client({ ...common, auth: { username: options.username, password: options.password } });
  }
  if (auth === OpenSearchAuth.SIGV4) {
    if (!options.region) throw new Error('OpenSearch SigV4 signing needs the region of the domain');
    const credentials = fromNodeProviderChain();
    return new Client({
      ...common,
      ...AwsSigv4Signer({
        region: options.region,
        service: options.service ?? 'es',
        getCredentials: () => credentials(),
      }),
    });
  }
  return new Client(common);
}
