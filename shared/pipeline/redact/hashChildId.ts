import { createHmac } from 'node:crypto';
import { createBoundedMemo } from '../../core/boundedMemo.js';
import { MIN_SECRET_BYTES } from '../../core/childIdKeyText.js';
import { ConfigError } from '../../core/errors.js';
import type { ChildIdKey } from './types.js';

const HASH_PREFIX = 'hmac-sha256';
const HASHED = /^hmac-sha256:[A-Za-z0-9_-]{1,32}:[0-9a-f]{64}$/;
const VERSION = /^[A-Za-z0-9_-]{1,32}$/;

// The shortest child-id key accepted anywhere; its home is the dependency-free key module the app logger shares.
export { MIN_SECRET_BYTES } from '../../core/childIdKeyText.js';

/** Children remembered per key: the same children appear in log after log; bounded against hostile input. */
const HASH_MEMO_LIMIT = 10_000;

/**
 * A development key, used by the CLI when none is configured (the CLI warns). Its version, `dev`, is stamped in every
 * hash it makes, so such hashes are recognisable and never mistaken for production ones.
 */
export const DEV_CHILD_ID_KEY: ChildIdKey = Object.freeze({
  version: 'dev',
  secret: 'teddy-logs development child-id key: not for production',
});

/** True when a value is already a keyed child-id hash (`hmac-sha256:<version>:<64 hex>`). */
export function isHashedChildId(value: string): boolean {
  return value.startsWith(HASH_PREFIX) && HASHED.test(value);
}

/** Checks a key once, at construction: a bad key must stop start-up, not show up as odd hashes later. */
export function assertChildIdKey(key: ChildIdKey, what: string): void {
  if (!key || typeof key.version !== 'string' || !VERSION.test(key.version)) {
    throw new ConfigError(`${what}: version must be 1-32 letters, digits, '-' or '_' (e.g. "v1")`);
  }
  const length = typeof key.secret === 'string' ? Buffer.byteLength(key.secret) : key.secret?.byteLength;
  if (!length || length < MIN_SECRET_BYTES) {
    throw new ConfigError(`${what}: secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
}

/** A hasher bound to one key. Memoised: the same children appear in log after log. */
export function createChildIdHasher(key: ChildIdKey): (id: string) => string {
  const secret = typeof key.secret === 'string' ? Buffer.from(key.secret, 'utf8') : Buffer.from(key.secret);
  const prefix = `${HASH_PREFIX}:${key.version}:`;
  const hashes = createBoundedMemo<string, string>(HASH_MEMO_LIMIT);
  const hash = (id: string): string => prefix + createHmac('sha256', secret).update(id, 'utf8').digest('hex');
  return (id: string): string => hashes.getOrCompute(id, hash);
}
