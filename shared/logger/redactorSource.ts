import { randomBytes } from 'node:crypto';
import type { ChildIdKeyConfig } from './config.js';
import type { FieldRedactor } from './sourceRedaction.js';

/** The version stamped by the throwaway key used when none is configured; its hashes are never written. */
export const UNKEYED_VERSION = 'unkeyed';

/**
 * The pipeline's redactor, without GeoIP (the logger stays small). With no key, a random per-process key stands in
 * so the redactor can run, and the caller replaces its hashes with a marker: nothing reversible is written.
 */
export function buildFieldRedactor(key: ChildIdKeyConfig | undefined): {
  redactor: FieldRedactor;
  unkeyedVersion?: string;
} {
  const actual = key ?? { version: UNKEYED_VERSION, secret: randomBytes(32).toString('hex') };
  // TEMPORARY until shared/redact lands.
  void actual;
  throw new Error('shared/redact is not available yet');
}
