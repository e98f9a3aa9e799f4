import { isRecord, safeKey } from '../parse/index.js';

/**
 * The spellings apps use for the fields the document lifts to the top level, in order of preference. The first
 * spelling present with a usable value wins and is removed from what goes to `metadata`; a value that cannot be
 * used (a level "banana", a numeric category) stays in `metadata` under its own name, so nothing is lost.
 */
export const FIELD_SPELLINGS = {
  // `@l`: Serilog's compact JSON; `severity_text`: OpenTelemetry; `level_name`: Monolog.
  level: [
    'level',
    'severity',
    'levelname',
    'log.level',
    'log_level',
    'loglevel',
    'lvl',
    'level_name',
    '@l',
    'severity_text',
    'SeverityText',
  ],
  // Python's numeric `levelno` (10 DEBUG … 50 CRITICAL), one step off pino's numbers.
  pythonLevelNumber: ['levelno'],
  otelSeverityNumber: ['severity_number', 'SeverityNumber'],
  // Datadog's convention (`"status":"debug"`); only a level NAME counts, since `status` is also an HTTP status.
  levelWord: ['status'],
  // asctime: Python logging (python-json-logger); @t: Serilog; timeMillis: log4j2 JsonLayout; eventTime: CloudTrail.
  timestamp: ['@timestamp', 'timestamp', 'time', 'ts', 'asctime', '@t', 'timeMillis', 'eventTime', 'datetime'],
  // log4j2 JsonLayout's `"instant":{"epochSecond":…,"nanoOfSecond":…}`.
  timestampInstant: ['instant'],
  // Python logging's `created` (epoch seconds); only a number counts: an app's `created` is often an entity's date.
  timestampCreated: ['created'],
  // errorMessage: the Lambda runtimes' error reports carry no `message`. @m: Serilog's rendered message.
  message: ['message', 'msg', '@message', '@m', 'errorMessage'],
  // Only text counts for these: structlog's `event` is its message, but an app's `event` object is data.
  // @mt: Serilog's message template, when it rendered none; detail-type: an EventBridge event; body: an
  // OpenTelemetry log record.
  messageText: ['event', '@mt', 'detail-type', 'body'],
  category: ['category'],
  service: ['service', 'service.name', 'service_name', 'serviceName'],
  environment: ['environment', 'env', 'deployment.environment'],
  // Decision: a real correlation id first; an app's own request id is the next best thing, since apps propagate
  // it across calls the same way. The Lambda runtime's request id is NOT used: it names one invocation only and is
  // already under `lambda.request_id`.
  correlationId: [
    'correlation_id',
    'correlationId',
    'x-correlation-id',
    'X-Correlation-ID',
    'x_correlation_id',
    'correlation-id',
    'request_id',
    'requestId',
    'x-request-id',
    'X-Request-ID',
    // pino-http and Fastify: `reqId`; bunyan and zerolog's hlog: `req_id`; Go: `requestID`.
    'reqId',
    'req_id',
    'requestID',
    'RequestId',
    'request-id',
  ],
  childId: ['child_id', 'childId', 'child.id'],
  clientIp: [
    'client_ip',
    'clientIp',
    'client.ip',
    'ip',
    'ip_address',
    'remote_addr',
    'remoteAddr',
    'remoteAddress',
    'remote_ip',
    'source_ip',
    'sourceIp',
    'x-forwarded-for',
  ],
  tags: ['tags'],
  // The Lambda request id when the runtime gave none: Powertools' `function_request_id`, the Java runtime's MDC key
  // `AWSRequestId`, Python's `aws_request_id` (the runtime's logging filter), the Node context's `awsRequestId`.
  lambdaRequestId: ['function_request_id', 'AWSRequestId', 'aws_request_id', 'awsRequestId'],
  metadata: ['metadata'],
} as const;

type FieldName = keyof typeof FIELD_SPELLINGS;

/** Every spelling to the field it spells and its preference, built once: one map lookup per app key. */
const SPELLING_INDEX: ReadonlyMap<string, { field: FieldName; rank: number }> = new Map(
  (Object.keys(FIELD_SPELLINGS) as FieldName[]).flatMap((field) =>
    FIELD_SPELLINGS[field].map((key, rank) => [key, { field, rank }] as const),
  ),
);

interface Candidate {
  rank: number;
  key: string;
  value: unknown;
}

/** An app's fields sorted in one pass: candidates for the known fields, and the rest (unsafe keys renamed). */
export interface SortedFields {
  candidates: Partial<Record<FieldName, Candidate[]>>;
  rest: Record<string, unknown>;
  /** True when the app sent nothing but a message: a text line. */
  textOnly: boolean;
}

export function sortFields(fields: Record<string, unknown>): SortedFields {
  const sorted: SortedFields = { candidates: {}, rest: {}, textOnly: true };
  if (!isRecord(fields)) return sorted;
  for (const key of Object.keys(fields)) {
    if (key !== 'message') sorted.textOnly = false;
    const value = fields[key];
    const slot = SPELLING_INDEX.get(key);
    if (slot === undefined) sorted.rest[safeKey(key)] = value;
    else {
      const candidates = sorted.candidates[slot.field];
      if (candidates) candidates.push({ rank: slot.rank, key, value });
      else sorted.candidates[slot.field] = [{ rank: slot.rank, key, value }];
    }
  }
  return sorted;
}

/** The first spelling (by preference) whose value `convert` accepts; the other spellings go to the rest. */
export function takeField<T>(
  sorted: SortedFields,
  field: FieldName,
  convert: (value: unknown) => T | undefined,
): T | undefined {
  const candidates = sorted.candidates[field];
  if (candidates === undefined) return undefined;
  sorted.candidates[field] = undefined;
  if (candidates.length > 1) candidates.sort((a, b) => a.rank - b.rank);
  let taken: T | undefined;
  for (const candidate of candidates) {
    if (taken === undefined) {
      taken = convert(candidate.value);
      if (taken !== undefined) continue;
    }
    sorted.rest[candidate.key] = candidate.value;
  }
  return taken;
}

/**
 * Removes and returns `parent.child` from a nested object (`{"child": {"id": …}}`, `{"log": {"level": …}}`),
 * leaving the parent's other keys in place (and dropping the parent once empty).
 */
export function takeNested<T>(
  fields: Record<string, unknown>,
  parent: string,
  child: string,
  convert: (value: unknown) => T | undefined,
): T | undefined {
  const container = fields[parent];
  if (!Object.hasOwn(fields, parent) || !isRecord(container) || !Object.hasOwn(container, child)) return undefined;
  const converted = convert(container[child]);
  if (converted === undefined) return undefined;
  const { [child]: _taken, ...others } = container;
  if (Object.keys(others).length > 0) fields[parent] = others;
  else delete fields[parent];
  return converted;
}

/** A non-empty string. */
export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An identifier: a non-empty string, or a finite number as text. */
export function asIdentifier(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return asText(value);
}

/** The first address of a client IP field (`x-forwarded-for` lists the client first). */
export function asClientIp(value: unknown): string | undefined {
  const text = asText(value);
  if (text === undefined) return undefined;
  const comma = text.indexOf(',');
  return asText((comma < 0 ? text : text.slice(0, comma)).trim());
}

/** Tags when they are an array of strings; anything else is left for `metadata`. */
export function asTags(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) return undefined;
  return [...value];
}

/** A message as text: strings as they are, other values stringified (JSON for objects and arrays). */
export function asMessage(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
