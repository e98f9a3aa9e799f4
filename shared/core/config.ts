import * as z from 'zod/mini';
import { MIN_SECRET_BYTES } from '../pipeline/redact/hashChildId.js';
import { ConfigError } from './errors.js';
import './zodLocale.js';

/** Values AWS accepts for a log group's retention (PutRetentionPolicy, `retentionInDays`). */
export const CLOUDWATCH_RETENTION_VALUES = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

// true/false, 1/0, yes/no, on/off, case-insensitive.
const flag = z.stringbool();
const positiveInt = z.coerce.number().check(z.int(), z.positive());
const csv = z.pipe(
  z.string(),
  z.transform((v: string) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
);
const withDefault = z._default;

/**
 * Every environment variable the pipeline reads, with its default. The guide's names keep their meaning; the
 * README's configuration table documents each one. Parsed once per process (cold start or CLI start).
 */
const ConfigSchema = z.object({
  STAGE: withDefault(z.string(), 'dev'),
  AWS_REGION: withDefault(z.string(), 'us-east-1'),
  LOG_LEVEL: withDefault(
    z.pipe(
      z.pipe(
        z.string(),
        z.transform((v: string) => v.toUpperCase()),
      ),
      z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL']),
    ),
    'INFO',
  ),
  LOG_DIR: withDefault(z.string(), './logs'),
  LOG_BATCH_SIZE: withDefault(positiveInt, 100),
  LOG_FLUSH_INTERVAL: withDefault(positiveInt, 5),
  LOG_MAX_QUEUE_SIZE: withDefault(positiveInt, 10_000),
  LOG_RETENTION_DAYS: withDefault(positiveInt, 90),
  LOG_ARCHIVE_DAYS: withDefault(positiveInt, 30),
  CLOUDWATCH_LOG_GROUP: withDefault(csv, ['/aws/ai-teddy-bear/']),
  CLOUDWATCH_RETENTION_DAYS: withDefault(
    z.coerce.number().check(
      z.int(),
      z.refine((d: number) => (CLOUDWATCH_RETENTION_VALUES as readonly number[]).includes(d), {
        message: `must be one of ${CLOUDWATCH_RETENTION_VALUES.join(', ')} (the values CloudWatch Logs accepts)`,
      }),
    ),
    30,
  ),
  ENABLE_CONSOLE_LOGGING: withDefault(flag, true),
  ENABLE_FILE_LOGGING: withDefault(flag, false),
  OPENSEARCH_ENDPOINT: z.optional(z.url()),
  OPENSEARCH_INDEX: withDefault(
    z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lower-case OpenSearch index prefix')),
    'ai-teddy-bear-logs',
  ),
  OPENSEARCH_AUTH: withDefault(z.enum(['none', 'basic', 'sigv4']), 'none'),
  OPENSEARCH_USERNAME: z.optional(z.string()),
  OPENSEARCH_PASSWORD: z.optional(z.string()),
  // The guide's ELK variables the aliases below cannot carry: every host (the alias gives OPENSEARCH_ENDPOINT only
  // the first) and the request timeout in seconds (shared/sinks/elasticsearch/settings.ts).
  ELASTICSEARCH_HOSTS: z.optional(csv),
  ELASTICSEARCH_TIMEOUT: withDefault(positiveInt, 30),
  FIREHOSE_STREAM_NAME: z.optional(z.string()),
  DEAD_LETTER_QUEUE_URL: z.optional(z.url()),
  DEAD_LETTER_BUCKET: z.optional(z.string()),
  REDACTION_RULES_PATH: z.optional(z.string()),
  DROP_FILTER_PATTERNS: z.optional(z.string()),
  CHILD_ID_KEY_PARAMETER: z.optional(z.string()),
  CHILD_ID_KEY: z.optional(
    z.string().check(z.minLength(MIN_SECRET_BYTES, `must be at least ${MIN_SECRET_BYTES} characters`)),
  ),
  CHILD_ID_KEY_FILE: z.optional(z.string()),
  CHILD_ID_KEY_VERSION: withDefault(z.string().check(z.regex(/^v\d+$/, 'must look like v1, v2, ...')), 'v1'),
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
