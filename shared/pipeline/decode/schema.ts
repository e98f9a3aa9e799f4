import * as z from 'zod/mini';
import { MAX_DATE_MS } from '../../core/dates.js';
import '../../core/zodLocale.js';

/**
 * The JSON inside `awslogs.data`, as CloudWatch Logs writes it:
 * ```
 * { "messageType": "DATA_MESSAGE" | "CONTROL_MESSAGE", "owner": "123456789012", "logGroup": "/aws/lambda/fn",
 *   "logStream": "2024/01/15/[$LATEST]abc", "subscriptionFilters": ["ship"],
 *   "logEvents": [{ "id": "3795...", "timestamp": 1705314600000, "message": "..." }] }
 * ```
 * Real CloudWatch sends `id` as a string of digits; moto sends an integer, so both are accepted and kept as a string.
 */
/** One entry of `logEvents`. */
export const logEventSchema = z.object({
  id: z.pipe(
    z.union([z.string(), z.number().check(z.int())], { error: 'expected a string (or an integer)' }),
    z.transform((id: string | number) => String(id)),
  ),
  timestamp: z.number().check(z.gte(-MAX_DATE_MS), z.lte(MAX_DATE_MS)),
  message: z.string(),
});

const payloadFields = {
  messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE']),
  owner: z.string(),
  logGroup: z.string(),
  logStream: z.string(),
  subscriptionFilters: z.optional(z.array(z.string())),
};

export const subscriptionPayloadSchema = z.object({ ...payloadFields, logEvents: z.array(logEventSchema) });

/** The payload with its events left unchecked, so each can be checked (and rejected) on its own. */
export const subscriptionEnvelopeSchema = z.object({ ...payloadFields, logEvents: z.array(z.unknown()) });

/** What Lambda receives from a subscription: `{ "awslogs": { "data": "<base64 of gzip of the JSON above>" } }`. */
export const subscriptionEventSchema = z.object({
  awslogs: z.object({ data: z.string() }),
});

export type SubscriptionPayload = z.infer<typeof subscriptionPayloadSchema>;

/** Zod's issues as one line naming each field: `logEvents[2].timestamp: Invalid input: expected number, ...`. */
export function describeIssues(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  limit = 3,
): string {
  const described = error.issues.slice(0, limit).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return described.join('; ') + more;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
