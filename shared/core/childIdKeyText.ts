/**
 * The child-id key's text, parsed: the one part of key handling with no I/O and no dependency, so every entry point
 * — the pipeline's functions, the CLI, the app logger package — reads the same text the same way. Where the text
 * comes from (SSM, CHILD_ID_KEY, CHILD_ID_KEY_FILE) is childIdKeys.ts's job.
 *
 * Two forms:
 * - a plain secret; its version is CHILD_ID_KEY_VERSION (default v1);
 * - the rotation form `{"current":"v2","keys":{"v1":"<secret>","v2":"<secret>"}}`: the current key hashes, every
 *   other version is kept so erasure can find what was hashed before a rotation (RUNBOOK.md, "Rotating the child-id
 *   key").
 */
// errors.ts imports nothing: this module stays free of the AWS SDK and of every other package.
import { ConfigError } from './errors.js';

/** A secret for the keyed child-id hash. `version` (e.g. `v1`) is stamped into every hash so keys can rotate. */
export interface ChildIdKey {
  version: string;
  secret: string | Uint8Array;
}

/** The child-id keys in force: the current one hashes, previous ones are kept so erasure can find older hashes. */
export interface ChildIdKeys {
  key: ChildIdKey;
  previousKeys: ChildIdKey[];
}

/**
 * The shortest child-id key accepted anywhere (config, SSM parameter, CLI, redactor, app logger): 128 bits, the HMAC
 * key length NIST SP 800-107 asks for at least (the security strength of the hash in use, here ≥ 128 bits), so ids
 * cannot be enumerated by guessing the key. The one home of this number (here, where no dependency is needed).
 */
export const MIN_SECRET_BYTES = 16;

/** How a key version is spelled in the rotation form and in CHILD_ID_KEY_VERSION. */
export const CHILD_ID_KEY_VERSION_PATTERN = /^v\d+$/;

const ROTATION_FORM = '{"current":"vN","keys":{"vN":"<secret>",...}}';

function byteLength(secret: string): number {
  return new TextEncoder().encode(secret).byteLength;
}

/**
 * Parses key text from `source` (a variable's or parameter's name, used in messages). Throws a ConfigError — naming
 * the source and the expected form, never the secret — when a secret is shorter than MIN_SECRET_BYTES, a
 * version is not `vN`, the JSON does not parse, or the current version has no key.
 */
export function parseChildIdKeys(text: string, defaultVersion: string, source: string): ChildIdKeys {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    if (byteLength(trimmed) < MIN_SECRET_BYTES) {
      throw new ConfigError(`${source}: the child-id key must be at least ${MIN_SECRET_BYTES} characters`);
    }
    if (!CHILD_ID_KEY_VERSION_PATTERN.test(defaultVersion)) {
      throw new ConfigError(`CHILD_ID_KEY_VERSION: must look like v1, v2, ... (for the key in ${source})`);
    }
    return { key: { version: defaultVersion, secret: trimmed }, previousKeys: [] };
  }
  let parsed: { current?: unknown; keys?: unknown };
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new ConfigError(`${source}: looks like JSON but does not parse; expected ${ROTATION_FORM}`);
  }
  const keys = parsed.keys;
  const current = parsed.current;
  if (typeof current !== 'string' || !keys || typeof keys !== 'object' || Array.isArray(keys)) {
    throw new ConfigError(`${source}: expected ${ROTATION_FORM} with the current key present`);
  }
  const all = Object.entries(keys as Record<string, unknown>).map(([version, secret]) => {
    if (
      !CHILD_ID_KEY_VERSION_PATTERN.test(version) ||
      typeof secret !== 'string' ||
      byteLength(secret) < MIN_SECRET_BYTES
    ) {
      throw new ConfigError(
        `${source}: key ${version} must be named vN and be a string of at least ${MIN_SECRET_BYTES} characters`,
      );
    }
    return { version, secret };
  });
  const currentKey = all.find((k) => k.version === current);
  if (!currentKey) {
    throw new ConfigError(`${source}: expected ${ROTATION_FORM} with the current key present`);
  }
  return { key: currentKey, previousKeys: all.filter((k) => k.version !== current) };
}

/** Every key version in force, the current one first: the versions erasure searches under. */
export function listChildIdKeyVersions(keys: ChildIdKeys): string[] {
  return [keys.key.version, ...keys.previousKeys.map((k) => k.version)];
}
