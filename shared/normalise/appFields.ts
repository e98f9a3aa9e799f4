import { isRecord, safeKey } from '../parse/index.js';

/**
 * The spellings apps use for the fields the document lifts to the top level, in order of preference. The first
 * spelling present with a usable value wins and is removed from what goes to `metadata`; a value that cannot be
 * used (a level "banana", a numeric category) stays in `metadata` under its own name, so nothing is lost.
 */
export const FIELD_SPELLINGS = {
  level: ['level', 'severity', 'levelname', 'log.level', 'log_level', 'loglevel', 'lvl'],
  timestamp: ['@timestamp', 'timestamp', 'time', 'ts'],
  // errorMessage: the Lambda runtimes' error reports carry no `message`.
  message: ['message', 'msg', '@message', 'errorMessage'],
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
} as const;

/** The app's fields not yet lifted; a plain copy with unsafe keys renamed, so the caller may delete from it. */
export type RemainingFields = Record<string, unknown>;

export function copyFields(fields: Record<string, unknown>): RemainingFields {
  const copy: RemainingFields = {};
  if (!isRecord(fields)) return copy;
  for (const key of Object.keys(fields)) copy[safeKey(key)] = fields[key];
  return copy;
}

/** Removes and returns the first spelling whose value `convert` accepts. */
export function takeField<T>(
  fields: RemainingFields,
  spellings: readonly string[],
  convert: (value: unknown) => T | undefined,
): T | undefined {
  for (const key of spellings) {
    if (!Object.hasOwn(fields, key)) continue;
    const converted = convert(fields[key]);
    if (converted !== undefined) {
      delete fields[key];
      return converted;
    }
  }
  return undefined;
}

/**
 * Removes and returns `parent.child` from a nested object (`{"child": {"id": …}}`, `{"log": {"level": …}}`),
 * leaving the parent's other keys in place (and dropping the parent once empty).
 */
export function takeNested<T>(
  fields: RemainingFields,
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
