import type { ParsedRecord } from '../../core/types.js';
import type { JsonRecord } from './safeJson.js';

/**
 * A FireLens (Fluent Bit) envelope around one container line:
 * ```
 * {"container_id":"…","container_name":"app","ecs_cluster":"teddy","ecs_task_arn":"arn:aws:ecs:…:task/teddy/5f…",
 *  "ecs_task_definition":"app:7","source":"stdout","log":"{\"level\":\"info\",…}"}
 * ```
 * The inner `log` is the app's line and is parsed again; the envelope's fields become `ecs`.
 */
const ENVELOPE_MARKERS = ['container_name', 'container_id', 'ecs_cluster', 'ecs_task_arn'] as const;

/** True when `json` is a FireLens envelope. */
export function isFireLensEnvelope(json: JsonRecord): boolean {
  return typeof json.log === 'string' && ENVELOPE_MARKERS.some((key) => key in json);
}

/** Merges the envelope into the record parsed from its inner `log` line. */
export function wrapFireLens(json: JsonRecord, inner: ParsedRecord): ParsedRecord {
  const ecs: Record<string, string> = { ...inner.ecs };
  for (const [key, value] of Object.entries(json)) {
    if (key === 'log' || value === undefined || value === null) continue;
    ecs[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { ...inner, format: 'firelens', ecs };
}

/**
 * Docker's json-file (and Fluent Bit's default docker parser) envelope around one container line:
 * `{"log":"<the app's line>\n","stream":"stderr","time":"2026-01-15T10:30:00.123456789Z"}`. Nothing but those keys.
 */
const DOCKER_KEYS: ReadonlySet<string> = new Set(['log', 'stream', 'time', 'attrs']);

/** True when `json` is a Docker json-file envelope. */
export function isDockerEnvelope(json: JsonRecord): boolean {
  return (
    typeof json.log === 'string' &&
    typeof json.stream === 'string' &&
    Object.keys(json).every((key) => DOCKER_KEYS.has(key))
  );
}

/** The record of the inner line, with the envelope's time (when the line has none) and stream. */
export function wrapDocker(json: JsonRecord, inner: ParsedRecord): ParsedRecord {
  const record: ParsedRecord = { ...inner, fields: { ...inner.fields } };
  if (record.runtimeTimestamp === undefined && typeof json.time === 'string') record.runtimeTimestamp = json.time;
  if (!Object.hasOwn(record.fields, 'stream')) record.fields.stream = json.stream;
  return record;
}
