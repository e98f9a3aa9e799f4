import { randomBytes } from 'node:crypto';
// The redactor's own modules rather than shared/pipeline/redact/index.ts: the index also brings the rules-file loader
// (and `yaml`), which the logger never uses. No GeoIP either: the logger passes no `geo`, keeping its bundle small.
import { createRedactor } from '../../../shared/pipeline/redact/redactor.js';
import { type ChildIdKeyConfig, WARNING_PREFIX, type WarningSink, warnOnStderr } from './config.js';
import type { FieldRedactor } from './sourceRedaction.js';

/** The version stamped by the throwaway key used when none is configured; its hashes are never written. */
export const UNKEYED_VERSION = 'unkeyed';

/**
 * The pipeline's redactor with its default rules. With no key, a random per-process key stands in so the redactor
 * can run, and the caller replaces whatever it hashed with a marker: nothing reversible is written. A key the
 * redactor refuses (given in code: the environment's keys are checked when read) is one warning and no key.
 */
export function buildFieldRedactor(
  key: ChildIdKeyConfig | undefined,
  warn: WarningSink = warnOnStderr,
): {
  redactor: FieldRedactor;
  unkeyedVersion?: string;
} {
  if (key !== undefined) {
    try {
      return { redactor: createRedactor({ key }) };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      warn(
        `${WARNING_PREFIX} the child-id key is not usable (${problem}); child ids are dropped until a valid key is set`,
      );
    }
  }
  const throwaway = { version: UNKEYED_VERSION, secret: randomBytes(32) };
  return { redactor: createRedactor({ key: throwaway }), unkeyedVersion: UNKEYED_VERSION };
}
