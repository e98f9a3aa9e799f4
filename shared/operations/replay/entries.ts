import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../../core/errors.js';
import { type DeadLetter, DeadLetterKind, type DeadLetterKindName } from '../../core/types.js';

/**
 * One thing a dead-letter store holds, recognised from its text:
 * - a pipeline dead letter `{kind, stage, reason, content, source?, at}` (SQS body, or a line of the CLI's
 *   dead-letters.ndjson), also in the CLI's stderr form `{"dead_letter": {...}}`;
 * - an SQS pointer `{kind, stage, reason, source?, at, content_s3: {bucket, key, bytes}}` for a letter kept in S3;
 * - a Lambda on-failure destination record `{version, requestContext, requestPayload: {awslogs: {data}}, ...}`;
 * - anything else, which replay leaves where it is.
 */
export type ReplayEntry =
  | { type: 'letter'; letter: DeadLetter }
  | { type: 'pointer'; kind: DeadLetterKindName; bucket: string; key: string }
  | { type: 'lambda-failure'; event: unknown }
  | { type: 'unrecognised'; reason: string };

const KINDS: ReadonlySet<string> = new Set(Object.values(DeadLetterKind));

/** Recognises one entry. Pure; never throws. The reason of an unrecognised entry never quotes its content. */
export function classifyReplayEntry(text: string): ReplayEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: 'unrecognised', reason: 'not JSON' };
  }
  if (!isObject(value)) return { type: 'unrecognised', reason: 'not a JSON object' };
  if (isObject(value.dead_letter)) value = value.dead_letter;
  const body = value as Record<string, unknown>;
  if (isObject(body.requestPayload) && 'awslogs' in body.requestPayload) {
    return { type: 'lambda-failure', event: body.requestPayload };
  }
  if (typeof body.kind !== 'string' || !KINDS.has(body.kind)) {
    return { type: 'unrecognised', reason: 'neither a dead letter (kind) nor a Lambda on-failure record' };
  }
  const kind = body.kind as DeadLetterKindName;
  if (typeof body.content === 'string') return { type: 'letter', letter: toLetter(body, kind, body.content) };
  const pointer = body.content_s3;
  if (isObject(pointer) && typeof pointer.bucket === 'string' && typeof pointer.key === 'string') {
    return { type: 'pointer', kind, bucket: pointer.bucket, key: pointer.key };
  }
  return { type: 'unrecognised', reason: `a ${kind} letter without content or content_s3` };
}

/**
 * The letter an SQS pointer names, read with GetObject from the bucket the pointer names (the object holds the whole
 * letter as JSON). Throws when the object cannot be read; an object that is not a letter comes back unrecognised.
 */
export async function resolvePointer(
  s3: S3Client,
  pointer: { bucket: string; key: string },
): Promise<Extract<ReplayEntry, { type: 'letter' | 'unrecognised' }>> {
  let text: string;
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
    text = (await response.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    throw new Error(`could not read s3://${pointer.bucket}/${pointer.key}: ${describeError(error)}`);
  }
  const entry = classifyReplayEntry(text);
  if (entry.type === 'letter') return entry;
  return { type: 'unrecognised', reason: `s3://${pointer.bucket}/${pointer.key} does not hold a dead letter` };
}

function toLetter(body: Record<string, unknown>, kind: DeadLetterKindName, content: string): DeadLetter {
  return {
    kind,
    stage: typeof body.stage === 'string' ? body.stage : 'unknown',
    reason: typeof body.reason === 'string' ? body.reason : '',
    content,
    ...(isObject(body.source) ? { source: body.source as DeadLetter['source'] } : {}),
    at: typeof body.at === 'string' ? body.at : '',
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
