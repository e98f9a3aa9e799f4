// STUB: the decode helper replaces this file.
import { DecodeError } from '../errors.js';
import type { LogBatch } from '../types.js';

export type DecodeResult =
  | { ok: true; control: boolean; batch: LogBatch }
  | { ok: false; error: DecodeError; raw: string };

export function decodeSubscriptionEvent(event: unknown): DecodeResult {
  return { ok: false, error: new DecodeError('not implemented'), raw: JSON.stringify(event) };
}
