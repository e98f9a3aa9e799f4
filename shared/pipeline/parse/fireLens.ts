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
