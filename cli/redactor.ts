import { readFile } from 'node:fs/promises';
import type { Config } from '../shared/core/config.js';
import { ConfigError } from '../shared/core/errors.js';
import { openGeoDatabase } from '../shared/engines/geo/index.js';
import {
  type ChildIdKey,
  createRedactor,
  DEV_CHILD_ID_KEY,
  loadRuleSet,
  MIN_SECRET_BYTES,
  parseRulesFile,
  type Redactor,
} from '../shared/pipeline/redact/index.js';

/**
 * The redactor for a CLI run: the child-id key from CHILD_ID_KEY or CHILD_ID_KEY_FILE (else a development key, said
 * loudly), the rules file from `--rules` or REDACTION_RULES_PATH, and the offline GeoIP database.
 */
export async function makeCliRedactor(
  config: Config,
  rulesPath: string | undefined,
  warn: (message: string) => void,
): Promise<Redactor> {
  const key = await readChildIdKey(config);
  if (!key) {
    warn(
      'teddy-logs: WARNING: no CHILD_ID_KEY or CHILD_ID_KEY_FILE set — child ids are hashed with the public DEVELOPMENT key. ' +
        'Such hashes can be reversed by anyone; never use them outside a laptop.',
    );
  }
  const path = rulesPath ?? config.REDACTION_RULES_PATH;
  const rules = path ? loadRuleSet(parseRulesFile(await readRulesFile(path), path)) : loadRuleSet();
  return createRedactor({ key: key ?? DEV_CHILD_ID_KEY, rules, geo: openGeoDatabase() });
}

async function readChildIdKey(config: Config): Promise<ChildIdKey | undefined> {
  if (config.CHILD_ID_KEY) return { version: config.CHILD_ID_KEY_VERSION, secret: config.CHILD_ID_KEY };
  if (!config.CHILD_ID_KEY_FILE) return undefined;
  try {
    const secret = (await readFile(config.CHILD_ID_KEY_FILE, 'utf8')).trim();
    if (secret.length < MIN_SECRET_BYTES) throw new Error(`the key must be at least ${MIN_SECRET_BYTES} characters`);
    return { version: config.CHILD_ID_KEY_VERSION, secret };
  } catch (error) {
    throw new ConfigError(`CHILD_ID_KEY_FILE ${config.CHILD_ID_KEY_FILE}: ${(error as Error).message}`, error);
  }
}

async function readRulesFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read the redaction rules file ${path} (--rules / REDACTION_RULES_PATH): ${(error as Error).message}`,
      error,
    );
  }
}
