import { gunzipSync } from 'node:zlib';
import { DecodeError, describeError } from '../../core/errors.js';
import type { LogBatch, LogEvent } from '../../core/types.js';
import { MAX_INFLATED_BYTES, MAX_RAW_CHARS } from './limits.js';
import {
  describeIssues,
  logEventSchema,
  subscriptionEnvelopeSchema,
  subscriptionEventSchema,
  subscriptionPayloadSchema,
} from './schema.js';

/** Knobs of the decode stage; every one has a safe default. */
export interface DecodeLimits {
  /** Inflated payload cap in bytes (zip-bomb guard). Default {@link MAX_INFLATED_BYTES}. */
  maxInflatedBytes?: number;
  /** Longest raw input kept for the dead letter. Default {@link MAX_RAW_CHARS}. */
  maxRawChars?: number;
  /** The region of the log group, when the caller knows it (the payload itself does not say). */
  region?: string;
  /**
   * Check each log event on its own: a malformed event comes back in `rejected` and its neighbours decode, instead
   * of the whole payload failing. Off by default for callers that cannot keep a rejected event.
   */
  perEvent?: boolean;
}

/** A log event of a payload that did not have the shape of one, kept as it came for its dead letter. */
export interface RejectedEvent {
  index: number;
  reason: string;
  raw: string;
}

export type DecodeResult =
  | { ok: true; control: boolean; batch: LogBatch; rejected?: RejectedEvent[] }
  | { ok: false; error: DecodeError; raw: string };

// Strict base64 (standard alphabet, padded), as CloudWatch Logs writes it. Buffer.from(…, 'base64') silently skips
// characters outside the alphabet, so without this check garbage would "decode" and fail later with a vaguer error.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * Decodes the event Lambda receives from a CloudWatch Logs subscription (`{ awslogs: { data } }`).
 * Never throws: a bad input comes back as `ok: false` with an error that says what was wrong and the raw input.
 */
export function decodeSubscriptionEvent(event: unknown, limits: DecodeLimits = {}): DecodeResult {
  try {
    return decodeEvent(event, limits);
  } catch (error) {
    // Only a hostile object (a throwing getter, a Proxy) gets here; the input is still kept.
    return failure(new DecodeError(`could not decode: ${describeError(error)}`, error), event, limits);
  }
}

function decodeEvent(event: unknown, limits: DecodeLimits): DecodeResult {
  const envelope = subscriptionEventSchema.safeParse(event);
  if (!envelope.success) {
    return failure(
      new DecodeError(`not a CloudWatch Logs subscription event: ${describeIssues(envelope.error)}`),
      event,
      limits,
    );
  }
  const decoded = decodeSubscriptionData(envelope.data.awslogs.data, limits);
  // The dead letter keeps what we were given, the whole event, not only its data string.
  return decoded.ok ? decoded : { ok: false, error: decoded.error, raw: rawText(event, limits) };
}

/**
 * Decodes the bare `awslogs.data` string: base64 → gunzip (capped) → JSON → validated payload.
 * Never throws; see {@link decodeSubscriptionEvent}.
 */
export function decodeSubscriptionData(data: string, limits: DecodeLimits = {}): DecodeResult {
  try {
    return decodeData(data, limits);
  } catch (error) {
    // Every known failure is handled below; this only guards against the unforeseen, so the input is still kept.
    return failure(new DecodeError(`could not decode: ${describeError(error)}`, error), data, limits);
  }
}

function decodeData(data: string, limits: DecodeLimits): DecodeResult {
  if (typeof data !== 'string') {
    return failure(new DecodeError(`data is not a string but ${typeof data}`), data, limits);
  }
  const text = data.trim();
  if (text.length === 0) return failure(new DecodeError('data is empty'), data, limits);
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    return failure(new DecodeError('data is not valid base64'), data, limits);
  }
  const compressed = Buffer.from(text, 'base64');
  if (compressed.length < 2 || compressed[0] !== GZIP_MAGIC_0 || compressed[1] !== GZIP_MAGIC_1) {
    const head = compressed.subarray(0, 2).toString('hex') || 'nothing';
    return failure(new DecodeError(`data is not gzip (starts with 0x${head}, expected 0x1f8b)`), data, limits);
  }

  const cap = limits.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  let inflated: Buffer;
  try {
    inflated = gunzipSync(compressed, { maxOutputLength: cap });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return failure(
        new DecodeError(`inflated payload exceeds the cap of ${cap} bytes (possible zip bomb)`, error),
        data,
        limits,
      );
    }
    return failure(new DecodeError(`gzip data is corrupt or truncated: ${describeError(error)}`, error), data, limits);
  }

  let json: unknown;
  try {
    json = JSON.parse(inflated.toString('utf8'));
  } catch (error) {
    return failure(new DecodeError(`payload is not valid JSON: ${describeError(error)}`, error), data, limits);
  }

  return decodeSubscriptionPayload(json, limits, data);
}

/**
 * Validates a payload already inflated and parsed (the JSON inside `awslogs.data`, e.g. a line of a file of decoded
 * payloads). Never throws; `raw` is what a failure's dead letter keeps (the payload's JSON by default).
 */
export function decodeSubscriptionPayload(json: unknown, limits: DecodeLimits = {}, raw: unknown = json): DecodeResult {
  if (!limits.perEvent) {
    const payload = subscriptionPayloadSchema.safeParse(json);
    if (!payload.success) {
      return failure(new DecodeError(`payload has the wrong shape: ${describeIssues(payload.error)}`), raw, limits);
    }
    return decoded(payload.data, payload.data.logEvents, limits);
  }
  const envelope = subscriptionEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    return failure(new DecodeError(`payload has the wrong shape: ${describeIssues(envelope.error)}`), raw, limits);
  }
  const events: LogEvent[] = [];
  const rejected: RejectedEvent[] = [];
  envelope.data.logEvents.forEach((candidate, index) => {
    const event = logEventSchema.safeParse(candidate);
    if (event.success) events.push(event.data);
    else
      rejected.push({
        index,
        reason: `logEvents[${index}]: ${describeIssues(event.error)}`,
        raw: rawText(candidate, limits),
      });
  });
  return { ...decoded(envelope.data, events, limits), rejected };
}

function decoded(
  payload: { messageType: string; owner: string; logGroup: string; logStream: string },
  events: LogEvent[],
  limits: DecodeLimits,
): DecodeResult & { ok: true } {
  const { messageType, owner, logGroup, logStream } = payload;
  const source = limits.region ? { logGroup, logStream, owner, region: limits.region } : { logGroup, logStream, owner };
  return { ok: true, control: messageType === 'CONTROL_MESSAGE', batch: { source, events } };
}

function failure(error: DecodeError, input: unknown, limits: DecodeLimits): DecodeResult {
  return { ok: false, error, raw: rawText(input, limits) };
}

/** The original input as text for the dead letter, cut with a marker only when enormous (see MAX_RAW_CHARS). */
function rawText(input: unknown, limits: DecodeLimits): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = JSON.stringify(input) ?? String(input);
    } catch {
      // Circular structures and BigInts cannot be serialised; their string form is the best we can keep.
      text = safeString(input);
    }
  }
  const max = limits.maxRawChars ?? MAX_RAW_CHARS;
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[truncated: ${text.length - max} of ${text.length} chars left out]`;
}

function safeString(input: unknown): string {
  try {
    return String(input);
  } catch {
    return Object.prototype.toString.call(input);
  }
}
