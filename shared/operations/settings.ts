import * as z from 'zod/mini';
import { type AwsClientOptions, resolveAwsRegion } from '../core/awsClients.js';
import { type Config, describeConfigProblems, loadConfig } from '../core/config.js';
import { OPERATIONS_SETTINGS, resolveAliases, shapeOf } from '../core/configSchema.js';
import { ConfigError } from '../core/errors.js';
import type { OpenSearchClientOptions } from '../sinks/opensearch/client.js';

/** The pipeline's own Lambda log groups when PIPELINE_LOG_GROUP_PREFIXES is not set (serverless names them so). */
export const DEFAULT_PIPELINE_LOG_GROUP_PREFIXES = ['/aws/lambda/teddy-logs-'] as const;

/**
 * The variables only the operations functions read (retention, onboard, erase), beside the shared Config; each is
 * described in configSchema.ts. The stack sets them (serverless.yml); the CLI reads them from the shell.
 */
const OperationsSchema = z.object(shapeOf(OPERATIONS_SETTINGS));

/** Everything the retention, onboard and erase functions need to know, validated once. */
export interface OperationsSettings {
  config: Config;
  /** Application log group prefixes: CLOUDWATCH_LOG_GROUP plus CLOUDWATCH_LOG_GROUP_PREFIXES, deduplicated. */
  logGroupPrefixes: string[];
  pipelineLogGroupPrefixes: string[];
  excludedLogGroupPrefixes: string[];
  destinationArn?: string;
  subscriptionRoleArn?: string;
  metricNamespace?: string;
  firehoseBackupBucket?: string;
  /** How to reach OpenSearch; absent without OPENSEARCH_URL. */
  openSearch?: OpenSearchClientOptions;
}

// Amazon OpenSearch Service and Serverless endpoints only take SigV4-signed requests.
const AWS_OPENSEARCH_HOST = /\.(es|aoss)\.amazonaws\.com(\.cn)?$/;

/**
 * Reads the shared Config and the operations variables from an environment. Throws a ConfigError naming the
 * variable when one is invalid (CLOUDWATCH_RETENTION_DAYS must be a value CloudWatch Logs accepts).
 */
export function loadOperationsSettings(env: Record<string, string | undefined>): OperationsSettings {
  const config = loadConfig(env);
  const parsed = OperationsSchema.safeParse(resolveAliases(env, OPERATIONS_SETTINGS).values);
  if (!parsed.success) throw new ConfigError(describeConfigProblems(parsed.error));
  const extra = parsed.data;
  const pipeline = extra.PIPELINE_LOG_GROUP_PREFIXES?.length
    ? extra.PIPELINE_LOG_GROUP_PREFIXES
    : [...DEFAULT_PIPELINE_LOG_GROUP_PREFIXES];
  return {
    config,
    logGroupPrefixes: [...new Set([...config.CLOUDWATCH_LOG_GROUP, ...(extra.CLOUDWATCH_LOG_GROUP_PREFIXES ?? [])])],
    pipelineLogGroupPrefixes: pipeline,
    excludedLogGroupPrefixes: extra.ONBOARD_EXCLUDE_PREFIXES ?? [],
    destinationArn: extra.DESTINATION_ARN ?? extra.SHIP_FUNCTION_ARN,
    subscriptionRoleArn: extra.SUBSCRIPTION_ROLE_ARN,
    metricNamespace: extra.METRIC_NAMESPACE,
    firehoseBackupBucket: extra.FIREHOSE_BACKUP_BUCKET,
    openSearch: openSearchOptionsFrom(config),
  };
}

/**
 * The OpenSearch connection. An Amazon OpenSearch Service endpoint with OPENSEARCH_AUTH left at `none` is signed with
 * SigV4 anyway: the stack sets only the endpoint, and an unsigned request there can only fail.
 */
function openSearchOptionsFrom(config: Config): OpenSearchClientOptions | undefined {
  if (!config.OPENSEARCH_URL) return undefined;
  const host = new URL(config.OPENSEARCH_URL).hostname;
  const managed = AWS_OPENSEARCH_HOST.exec(host);
  const auth = config.OPENSEARCH_AUTH === 'none' && managed ? 'sigv4' : config.OPENSEARCH_AUTH;
  return {
    url: config.OPENSEARCH_URL,
    auth,
    username: config.OPENSEARCH_USERNAME,
    password: config.OPENSEARCH_PASSWORD,
    region: config.AWS_REGION,
    service: managed?.[1] === 'aoss' ? 'aoss' : 'es',
  };
}

/**
 * AWS client options from an environment other than the process's own (the CLI's injected env): the region, and an
 * endpoint (AWS_ENDPOINT_URL, e.g. moto) and static credentials when that environment names them. The SDK reads the
 * process environment by itself; this makes a test's or a wrapper's env count too.
 */
export function awsClientOptionsFrom(env: Record<string, string | undefined>): AwsClientOptions {
  const {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SESSION_TOKEN: sessionToken,
  } = env;
  return {
    region: resolveAwsRegion(env),
    endpoint: env.AWS_ENDPOINT_URL || undefined,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken } : undefined,
  };
}

/** The retention run's options as the deployed function and the CLI both derive them from the settings. */
export function toRetentionOptions(settings: OperationsSettings, dryRun: boolean) {
  const { config } = settings;
  return {
    logGroupPrefixes: settings.logGroupPrefixes,
    pipelineLogGroupPrefixes: settings.pipelineLogGroupPrefixes,
    cloudWatchRetentionDays: config.CLOUDWATCH_RETENTION_DAYS,
    indexPrefix: config.OPENSEARCH_INDEX,
    logRetentionDays: config.LOG_RETENTION_DAYS,
    logArchiveDays: config.LOG_ARCHIVE_DAYS,
    deadLetterQueue: config.DEAD_LETTER_QUEUE_URL,
    deadLetterBucket: config.DEAD_LETTER_BUCKET,
    backupBucket: settings.firehoseBackupBucket,
    dryRun,
  };
}

/** The onboarding run's options as the deployed function and the CLI both derive them from the settings. */
export function toOnboardOptions(
  settings: OperationsSettings,
  run: { destinationArn: string; logGroupNames?: string[]; dryRun: boolean },
) {
  return {
    prefixes: settings.logGroupPrefixes,
    excludedPrefixes: settings.excludedLogGroupPrefixes,
    pipelinePrefixes: settings.pipelineLogGroupPrefixes,
    roleArn: settings.subscriptionRoleArn,
    metricNamespace: settings.metricNamespace,
    retentionDays: settings.config.CLOUDWATCH_RETENTION_DAYS,
    ...run,
  };
}

/** The old name of awsClientOptionsFrom, kept while callers move (cli/commands/doctor.ts). */
export const describeAwsClients = awsClientOptionsFrom;
