import { z } from 'zod';
import { ConfigError } from './errors.js';

/** Values AWS accepts for a log group's retention (PutRetentionPolicy, `retentionInDays`). */
export const CLOUDWATCH_RETENTION_VALUES = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'TRUE', 'FALSE', 'True', 'False'])
  .transform((v) => ['true', '1', 'yes'].includes(v.toLowerCase()));
const positiveInt = z.coerce.number().int().positive();
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * Every environment variable the pipeline reads, with its default. The guide's names keep their meaning; the
 * README's configuration table documents each one. Parsed once per process (cold start or CLI start).
 */
const ConfigSchema = z.object({
  STAGE: z.string().default('dev'),
  AWS_REGION: z.string().default('us-east-1'),
  LOG_LEVEL: z
    .string()
    .default('INFO')
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'])),
  LOG_DIR: z.string().default('./logs'),
  LOG_BATCH_SIZE: positiveInt.default(100),
  LOG_FLUSH_INTERVAL: positiveInt.default(5),
  LOG_MAX_QUEUE_SIZE: positiveInt.default(10_000),
  LOG_RETENTION_DAYS: positiveInt.default(90),
  LOG_ARCHIVE_DAYS: positiveInt.default(30),
  CLOUDWATCH_LOG_GROUP: csv.default(['/aws/ai-teddy-bear/']),
  CLOUDWATCH_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .refine((d) => (CLOUDWATCH_RETENTION_VALUES as readonly number[]).includes(d), {
      message: `must be one of ${CLOUDWATCH_RETENTION_VALUES.join(', ')} (the values CloudWatch Logs accepts)`,
    })
    .default(30),
  ENABLE_CONSOLE_LOGGING: flag.default(true),
  ENABLE_FILE_LOGGING: flag.default(false),
  OPENSEARCH_ENDPOINT: z.url().optional(),
  OPENSEARCH_INDEX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lower-case OpenSearch index prefix')
    .default('ai-teddy-bear-logs'),
  OPENSEARCH_AUTH: z.enum(['none', 'basic', 'sigv4']).default('none'),
  OPENSEARCH_USERNAME: z.string().optional(),
  OPENSEARCH_PASSWORD: z.string().optional(),
  FIREHOSE_STREAM_NAME: z.string().optional(),
  DEAD_LETTER_QUEUE_URL: z.url().optional(),
  DEAD_LETTER_BUCKET: z.string().optional(),
  REDACTION_RULES_PATH: z.string().optional(),
  CHILD_ID_KEY_PARAMETER: z.string().optional(),
  CHILD_ID_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CHILD_ID_KEY_FILE: z.string().optional(),
  CHILD_ID_KEY_VERSION: z
    .string()
    .regex(/^v\d+$/, 'must look like v1, v2, ...')
    .default('v1'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The variables ConfigSchema knows, with the guide's Elasticsearch names accepted as aliases. */
const ALIASES: Record<string, keyof Config> = {
  ELASTICSEARCH_HOSTS: 'OPENSEARCH_ENDPOINT',
  ELASTICSEARCH_INDEX: 'OPENSEARCH_INDEX',
  ELASTICSEARCH_USERNAME: 'OPENSEARCH_USERNAME',
  ELASTICSEARCH_PASSWORD: 'OPENSEARCH_PASSWORD',
};

/**
 * Reads and validates the configuration from an environment. Throws a ConfigError naming every bad variable and
 * what it must be. Empty strings count as unset.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = new Set(Object.keys(ConfigSchema.shape));
  const input: Record<string, string> = {};
  for (const [alias, name] of Object.entries(ALIASES)) {
    const value = env[alias];
    if (value) input[name] = alias === 'ELASTICSEARCH_HOSTS' ? toUrl(value.split(',')[0] ?? '') : value;
  }
  for (const [name, value] of Object.entries(env)) {
    if (known.has(name) && value !== undefined && value !== '') input[name] = value;
  }
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}. Fix the environment variable(s) named.`);
  }
  return parsed.data;
}

/** `elasticsearch-1:9200` (the guide's form) becomes `http://elasticsearch-1:9200`. */
function toUrl(host: string): string {
  return /^https?:\/\//.test(host) ? host : `http://${host.trim()}`;
}
