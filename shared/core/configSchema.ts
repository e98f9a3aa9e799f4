/**
 * Every setting of teddy-logs, in one place: its name, the older or foreign spellings still accepted, its type and
 * default, who reads it (functions, CLI commands, the app logger, the stack) and the stack parameter that sets it.
 * config.ts and operations/settings.ts validate with the `schema` of each entry; the README's configuration table
 * is generated from this list (`teddy-logs config --markdown`) and a test fails when the two differ.
 */
import * as z from 'zod/mini';
import { MIN_SECRET_BYTES } from './childIdKeyText.js';
import {
  type Reading,
  readFlag,
  readHttpUrl,
  readKeyVersion,
  readLogLevel,
  readPositiveInteger,
} from './validators.js';
import './zodLocale.js';

/** Values AWS accepts for a log group's retention (PutRetentionPolicy, `retentionInDays`). */
export const CLOUDWATCH_RETENTION_VALUES = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Where AWS clients go when neither AWS_REGION nor AWS_DEFAULT_REGION says: the guide's region. */
export const DEFAULT_AWS_REGION = 'us-east-1';

/** Who reads a setting: a function (at cold start), a CLI command, the app logger, or the stack at package time. */
export type Reader =
  | 'ship'
  | 'erase'
  | 'retention'
  | 'onboard'
  | 'cli'
  | 'cli process'
  | 'cli replay'
  | 'cli erase'
  | 'cli retention'
  | 'cli onboard'
  | 'cli setup'
  | 'logger'
  | 'stack';

export interface Alias {
  name: string;
  /** Deprecated: still read, with a one-line warning naming the replacement. Otherwise a lasting synonym (the
   * guide's own name). */
  deprecated: boolean;
  /** The alias's text, made into the setting's (`host:9200` to `http://host:9200`, the first of a list). */
  convert?: (value: string) => string;
}

/** What the README says about a setting. */
export interface SettingDoc {
  type: string;
  /** As shown; absent: unset by default. */
  default?: string;
  description: string;
  readBy: readonly Reader[];
  aliases?: readonly Alias[];
  /** The serverless.yml param that sets it for the deployed functions. */
  stackParameter?: string;
  /** A secret: never printed (`teddy-logs config` masks it). */
  secret?: boolean;
}

export interface Setting<S = unknown> extends SettingDoc {
  schema: S;
}

// A setting read through one of the shared readers (validators.ts): the same words accepted everywhere.
function readWith<T>(reader: (raw: string) => Reading<T>) {
  return z.pipe(
    z.string(),
    z.transform((raw: string, context) => {
      const reading = reader(raw);
      if (reading.ok) return reading.value;
      context.issues.push({ code: 'custom', message: reading.problem, input: raw });
      return z.NEVER;
    }),
  );
}

const flag = readWith(readFlag);
const positiveInt = readWith(readPositiveInteger);
const httpUrl = readWith(readHttpUrl);
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

/** `elasticsearch-1:9200,elasticsearch-2:9200` (the guide's form) to the first host as a URL. */
function firstHostAsUrl(hosts: string): string {
  const host = (hosts.split(',')[0] ?? '').trim();
  return /^https?:\/\//.test(host) ? host : `http://${host}`;
}

const setting = <S>(entry: Setting<S>): Setting<S> => entry;

/** The settings config.ts validates: every process reads them once at start. */
export const CONFIG_SETTINGS = {
  STAGE: setting({
    schema: withDefault(z.string(), 'dev'),
    type: 'text',
    default: 'dev',
    description: '`dev` or `prod`; prod refuses to start without a child-id key parameter',
    readBy: ['ship', 'erase', 'cli'],
  }),
  AWS_REGION: setting({
    schema: withDefault(z.string(), DEFAULT_AWS_REGION),
    type: 'text',
    default: DEFAULT_AWS_REGION,
    description: 'Region of every AWS client; `AWS_DEFAULT_REGION` is read when it is unset',
    readBy: ['ship', 'erase', 'retention', 'onboard', 'cli'],
    aliases: [{ name: 'AWS_DEFAULT_REGION', deprecated: false }],
  }),
  LOG_LEVEL: setting({
    schema: withDefault(readWith(readLogLevel), 'INFO'),
    type: 'level',
    default: 'INFO',
    description: 'Lowest level written: TRACE, DEBUG, INFO, WARN (WARNING), ERROR, FATAL (CRITICAL), SILENT (OFF)',
    readBy: ['logger', 'stack'],
    stackParameter: 'logLevel',
  }),
  LOG_DIR: setting({
    schema: withDefault(z.string(), './logs'),
    type: 'path',
    default: './logs',
    description:
      'Daily NDJSON files and `dead-letters.ndjson` of the file sink; searched by `erase`, expired by `retention`',
    readBy: ['cli', 'logger'],
  }),
  LOG_BATCH_SIZE: setting({
    schema: withDefault(positiveInt, 100),
    type: 'count',
    default: '100',
    description:
      'Raw lines per pipeline batch in `process`. Not the stack: its Firehose buffer size is `firehoseBufferSizeMb` (MiB)',
    readBy: ['cli process'],
  }),
  LOG_FLUSH_INTERVAL: setting({
    schema: withDefault(positiveInt, 5),
    type: 'seconds',
    default: '5',
    description:
      "The guide's name; read by nothing here (the logger writes synchronously). The stack's Firehose interval is `firehoseBufferIntervalSeconds`",
    readBy: [],
  }),
  LOG_MAX_QUEUE_SIZE: setting({
    schema: withDefault(positiveInt, 10_000),
    type: 'count',
    default: '10000',
    description: 'Upper bound, in lines, of what the app logger buffers',
    readBy: ['logger'],
  }),
  LOG_RETENTION_DAYS: setting({
    schema: withDefault(positiveInt, 90),
    type: 'days',
    default: '90',
    description:
      'OpenSearch indices, dead letters (index and files), backups and local daily files older than this are deleted',
    readBy: ['retention', 'cli retention', 'stack'],
    stackParameter: 'logRetentionDays',
  }),
  LOG_ARCHIVE_DAYS: setting({
    schema: withDefault(positiveInt, 30),
    type: 'days',
    default: '30',
    description: 'S3 objects move to an archive storage class after this many days',
    readBy: ['retention', 'cli retention', 'stack'],
    stackParameter: 'logArchiveDays',
  }),
  CLOUDWATCH_LOG_GROUP: setting({
    schema: withDefault(csv, ['/aws/ai-teddy-bear/']),
    type: 'list',
    default: '/aws/ai-teddy-bear/',
    description:
      "The guide's name: the application log group prefix(es), comma-separated; `CLOUDWATCH_LOG_GROUP_PREFIXES` adds more",
    readBy: ['retention', 'onboard', 'cli retention', 'cli onboard', 'stack'],
    stackParameter: 'appLogGroup',
  }),
  CLOUDWATCH_RETENTION_DAYS: setting({
    schema: withDefault(
      z.coerce.number().check(
        z.int(),
        z.refine((d: number) => (CLOUDWATCH_RETENTION_VALUES as readonly number[]).includes(d), {
          message: `must be one of ${CLOUDWATCH_RETENTION_VALUES.join(', ')} (the values CloudWatch Logs accepts)`,
        }),
      ),
      30,
    ),
    type: 'days',
    default: '30',
    description: 'Retention set on every managed log group (1, 3, 5, 7, 14, 30, 60, 90, … as CloudWatch accepts)',
    readBy: ['retention', 'onboard', 'erase', 'cli retention', 'cli onboard', 'cli erase', 'stack'],
    stackParameter: 'cloudwatchRetentionDays',
  }),
  ENABLE_CONSOLE_LOGGING: setting({
    schema: withDefault(flag, true),
    type: 'switch',
    default: 'true',
    description: 'The app logger writes to stdout',
    readBy: ['logger'],
  }),
  ENABLE_FILE_LOGGING: setting({
    schema: withDefault(flag, false),
    type: 'switch',
    default: 'false',
    description: 'The app logger also writes daily files under `LOG_DIR` (local runs; ignored on Lambda)',
    readBy: ['logger'],
  }),
  OPENSEARCH_URL: setting({
    schema: z.optional(httpUrl),
    type: 'url',
    description:
      'OpenSearch address (`http://host:9200`) for `--sink opensearch`, setup, replay, retention and erase (`--opensearch-url`)',
    readBy: ['erase', 'retention', 'cli process', 'cli replay', 'cli setup', 'cli erase', 'cli retention', 'stack'],
    aliases: [
      { name: 'OPENSEARCH_ENDPOINT', deprecated: true },
      { name: 'ELASTICSEARCH_HOSTS', deprecated: false, convert: firstHostAsUrl },
    ],
    stackParameter: 'openSearchEndpoint',
  }),
  OPENSEARCH_INDEX: setting({
    schema: withDefault(
      z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lower-case OpenSearch index prefix')),
      'ai-teddy-bear-logs',
    ),
    type: 'text',
    default: 'ai-teddy-bear-logs',
    description: 'Index prefix; daily indices are `<prefix>-YYYY.MM.DD`, dead letters `<prefix>-deadletter`',
    readBy: ['ship', 'erase', 'retention', 'cli', 'stack'],
    aliases: [{ name: 'ELASTICSEARCH_INDEX', deprecated: false }],
    stackParameter: 'openSearchIndex',
  }),
  OPENSEARCH_AUTH: setting({
    schema: withDefault(z.enum(['none', 'basic', 'sigv4']), 'none'),
    type: 'none | basic | sigv4',
    default: 'none',
    description: '`basic` (self-managed) or `sigv4` (Amazon OpenSearch Service; chosen by itself for its endpoints)',
    readBy: ['erase', 'retention', 'cli'],
  }),
  OPENSEARCH_USERNAME: setting({
    schema: z.optional(z.string()),
    type: 'text',
    description: 'Basic-auth user',
    readBy: ['erase', 'retention', 'cli'],
    aliases: [{ name: 'ELASTICSEARCH_USERNAME', deprecated: false }],
  }),
  OPENSEARCH_PASSWORD: setting({
    schema: z.optional(z.string()),
    type: 'secret',
    description: 'Basic-auth password',
    readBy: ['erase', 'retention', 'cli'],
    aliases: [{ name: 'ELASTICSEARCH_PASSWORD', deprecated: false }],
    secret: true,
  }),
  ELASTICSEARCH_HOSTS: setting({
    schema: z.optional(csv),
    type: 'list',
    description:
      "The guide's Elasticsearch hosts (`host:9200,host2:9200`): every host for the Elasticsearch sink; the first also sets `OPENSEARCH_URL`",
    readBy: ['cli process', 'cli setup'],
  }),
  ELASTICSEARCH_TIMEOUT: setting({
    schema: withDefault(positiveInt, 30),
    type: 'seconds',
    default: '30',
    description: 'Request timeout of the Elasticsearch sink',
    readBy: ['cli process', 'cli setup'],
  }),
  FIREHOSE_STREAM_NAME: setting({
    schema: z.optional(z.string()),
    type: 'name',
    description: 'The delivery stream ship puts documents to (set by the stack)',
    readBy: ['ship'],
  }),
  DEAD_LETTER_QUEUE_URL: setting({
    schema: z.optional(httpUrl),
    type: 'url',
    description: 'SQS queue of dead letters: ship writes, `replay` reads (default of `--queue-url`), `erase` searches',
    readBy: ['ship', 'erase', 'retention', 'cli replay', 'cli erase', 'cli retention'],
  }),
  DEAD_LETTER_BUCKET: setting({
    schema: z.optional(z.string()),
    type: 'bucket',
    description: 'S3 bucket of dead letters too large for SQS; searched by `erase`',
    readBy: ['ship', 'erase', 'retention', 'cli erase', 'cli retention'],
  }),
  REDACTION_RULES_PATH: setting({
    schema: z.optional(z.string()),
    type: 'path',
    description: 'JSON or YAML file that adds, disables or overrides redaction rules (`--rules`)',
    readBy: ['ship', 'cli process', 'cli replay', 'cli'],
  }),
  DROP_FILTER_PATTERNS: setting({
    schema: z.optional(z.string()),
    type: 'JSON list',
    description:
      'JSON array of CloudWatch Logs filter patterns; matching documents are dropped and counted as `filtered` (`--drop`)',
    readBy: ['ship', 'cli process', 'cli replay', 'stack'],
    stackParameter: 'dropFilterPatterns',
  }),
  CHILD_ID_KEY_PARAMETER: setting({
    schema: z.optional(z.string()),
    type: 'SSM name',
    description: 'SSM SecureString holding the child-id key; read first by every entry point (required in prod)',
    readBy: ['ship', 'erase', 'cli', 'logger', 'stack'],
    stackParameter: 'childIdKeyParameter',
  }),
  CHILD_ID_KEY: setting({
    schema: z.optional(
      z.string().check(z.minLength(MIN_SECRET_BYTES, `must be at least ${MIN_SECRET_BYTES} characters`)),
    ),
    type: 'secret',
    description:
      'The child-id key (a secret, or `{"current":"v2","keys":{...}}` for rotation); read when no parameter is set',
    readBy: ['ship', 'erase', 'cli', 'logger'],
    secret: true,
  }),
  CHILD_ID_KEY_FILE: setting({
    schema: z.optional(z.string()),
    type: 'path',
    description: 'A file holding what `CHILD_ID_KEY` would; read when neither of those is set',
    readBy: ['ship', 'erase', 'cli', 'logger'],
  }),
  CHILD_ID_KEY_VERSION: setting({
    schema: withDefault(readWith(readKeyVersion), 'v1'),
    type: 'vN',
    default: 'v1',
    description: 'Version stamped into hashes (`hmac-sha256:v1:…`) when the key is a plain secret',
    readBy: ['ship', 'erase', 'cli', 'logger'],
  }),
} as const;

/** The settings only the operations (retention, onboard, erase) read, beside the shared ones. */
export const OPERATIONS_SETTINGS = {
  CLOUDWATCH_LOG_GROUP_PREFIXES: setting({
    schema: z.optional(csv),
    type: 'list',
    description: 'More managed log group prefixes, beside `CLOUDWATCH_LOG_GROUP`',
    readBy: ['retention', 'onboard', 'cli retention', 'cli onboard', 'stack'],
    stackParameter: 'logGroupPrefixes',
  }),
  PIPELINE_LOG_GROUP_PREFIXES: setting({
    schema: z.optional(csv),
    type: 'list',
    default: '/aws/lambda/teddy-logs-',
    description: "The pipeline's own groups: kept under retention, never subscribed (no feedback loop)",
    readBy: ['retention', 'onboard', 'cli retention', 'cli onboard'],
  }),
  ONBOARD_EXCLUDE_PREFIXES: setting({
    schema: z.optional(csv),
    type: 'list',
    description: 'Log groups under these prefixes are never subscribed',
    readBy: ['onboard', 'cli onboard'],
  }),
  SHIP_FUNCTION_ARN: setting({
    schema: z.optional(z.string()),
    type: 'ARN',
    description: 'Where new subscription filters send events: the ship function (the stack sets it)',
    readBy: ['onboard', 'cli onboard'],
  }),
  DESTINATION_ARN: setting({
    schema: z.optional(z.string()),
    type: 'ARN',
    description:
      'Another subscription destination (Kinesis, Firehose); wins over `SHIP_FUNCTION_ARN` (`--destination-arn`)',
    readBy: ['onboard', 'cli onboard'],
  }),
  SUBSCRIPTION_ROLE_ARN: setting({
    schema: z.optional(z.string()),
    type: 'ARN',
    description: 'Role CloudWatch Logs assumes for a Kinesis or Firehose destination (not for Lambda)',
    readBy: ['onboard', 'cli onboard'],
  }),
  METRIC_NAMESPACE: setting({
    schema: z.optional(z.string()),
    type: 'text',
    default: 'AITeddyBear/Logs',
    description: 'Namespace of the ErrorCount / ChildSafety metric filters',
    readBy: ['onboard', 'cli onboard'],
  }),
  FIREHOSE_BACKUP_BUCKET: setting({
    schema: z.optional(z.string()),
    type: 'bucket',
    description: "Bucket of Firehose's failed-document backups; searched by `erase`",
    readBy: ['retention', 'erase', 'cli retention', 'cli erase'],
  }),
} as const;

/** Read outside the schemas (the AWS SDK, the geo database, the logger), documented here all the same. */
export const OTHER_SETTINGS: Record<string, SettingDoc> = {
  AWS_ENDPOINT_URL: {
    type: 'url',
    description: 'Another AWS endpoint for every client (moto in tests, a VPC endpoint)',
    readBy: ['cli'],
  },
  AWS_PROFILE: {
    type: 'name',
    description: 'AWS credentials profile; or `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`)',
    readBy: ['cli'],
  },
  OPENSEARCH_DOMAIN_ARN: {
    type: 'ARN',
    description:
      'An existing Amazon OpenSearch Service domain for the stack (with its https `OPENSEARCH_URL`); unset: the stack creates one',
    readBy: ['stack'],
    stackParameter: 'openSearchDomainArn',
  },
  GEOIP_DATABASE_PATH: {
    type: 'path',
    default: 'the bundled country database',
    description: 'Another `.mmdb` country database',
    readBy: ['ship'],
  },
  SERVICE_NAME: {
    type: 'text',
    default: 'the Lambda function name',
    description: 'Written as `service` by the app logger',
    readBy: ['logger'],
  },
  ENVIRONMENT: {
    type: 'text',
    description: 'Written as `environment` by the app logger',
    readBy: ['logger'],
  },
};

export type ConfigShape = { [K in keyof typeof CONFIG_SETTINGS]: (typeof CONFIG_SETTINGS)[K]['schema'] };
export type OperationsShape = { [K in keyof typeof OPERATIONS_SETTINGS]: (typeof OPERATIONS_SETTINGS)[K]['schema'] };

/** The zod shape of a group of settings. */
export function shapeOf<T extends Record<string, Setting>>(settings: T): { [K in keyof T]: T[K]['schema'] } {
  return Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, s.schema])) as {
    [K in keyof T]: T[K]['schema'];
  };
}

/** Every setting with its name, in the README's order. */
export function listSettings(): Array<SettingDoc & { name: string }> {
  return [
    ...Object.entries(CONFIG_SETTINGS),
    ...Object.entries(OPERATIONS_SETTINGS),
    ...Object.entries(OTHER_SETTINGS),
  ].map(([name, s]) => ({ name, ...s }));
}

/**
 * The environment's values under their settings' names: an alias fills its setting when the setting itself is unset
 * (empty counts as unset). Returns the deprecation warnings too, one line each, for the caller to print once.
 */
export function resolveAliases(
  env: Record<string, string | undefined>,
  settings: Record<string, Setting> = { ...CONFIG_SETTINGS, ...OPERATIONS_SETTINGS },
): { values: Record<string, string>; warnings: string[] } {
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  for (const [name, s] of Object.entries(settings)) {
    const own = env[name];
    if (own !== undefined && own !== '') {
      values[name] = own;
      continue;
    }
    const alias = (s.aliases ?? []).find((a) => env[a.name] !== undefined && env[a.name] !== '');
    if (!alias) continue;
    const value = env[alias.name] as string;
    values[name] = alias.convert ? alias.convert(value) : value;
    if (alias.deprecated) warnings.push(`teddy-logs: WARNING: ${alias.name} is deprecated; set ${name} instead`);
  }
  return { values, warnings };
}

/** Edits (insert, delete, replace) between two short names. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** A name this close to a setting's is taken for a typo of it. */
const TYPO_DISTANCE = 2;

/**
 * One line per variable of the environment that looks like a misspelt setting (`OPENSEARCH_ULR`): it would be
 * ignored without a word. Names far from every setting are the rest of the environment and are left alone.
 */
export function listMisspeltSettings(env: Record<string, string | undefined>): string[] {
  const names = listSettings().flatMap((s) => [s.name, ...(s.aliases ?? []).map((a) => a.name)]);
  const known = new Set(names);
  const warnings: string[] = [];
  for (const variable of Object.keys(env)) {
    if (known.has(variable) || !/^[A-Z][A-Z0-9_]+$/.test(variable)) continue;
    const near = names.find(
      (name) =>
        Math.abs(name.length - variable.length) <= TYPO_DISTANCE && editDistance(name, variable) <= TYPO_DISTANCE,
    );
    if (near) warnings.push(`teddy-logs: WARNING: ${variable} is not a setting and is ignored; did you mean ${near}?`);
  }
  return warnings;
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

/** The README's configuration table, generated: run `teddy-logs config --markdown` after changing a setting. */
export function renderConfigurationTable(): string {
  const rows = listSettings().map((s) => {
    const aliases = (s.aliases ?? []).map((a) => `\`${a.name}\`${a.deprecated ? ' (deprecated)' : ''}`).join(', ');
    const readBy = s.readBy.length ? s.readBy.join(', ') : 'nothing';
    return [
      `\`${s.name}\``,
      aliases || '—',
      s.default ? (s.default.includes(' ') ? s.default : `\`${s.default}\``) : '—',
      readBy,
      s.stackParameter ? `\`${s.stackParameter}\`` : '—',
      escapeCell(s.description),
    ];
  });
  return [
    '| Variable | Also read as | Default | Read by | Stack param | What it does |',
    '|---|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}
