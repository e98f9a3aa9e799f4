import { readFile } from 'node:fs/promises';
import { createSsmClient } from '../shared/core/awsClients.js';
import {
  type ResolveChildIdKeysOptions,
  type ResolvedChildIdKeys,
  resolveChildIdKeys,
} from '../shared/core/childIdKeys.js';
import type { Config } from '../shared/core/config.js';
import { ConfigError } from '../shared/core/errors.js';
import { openGeoDatabase } from '../shared/engines/geo/index.js';
import { awsClientOptionsFrom } from '../shared/operations/settings.js';
import { createRedactor, loadRuleSet, parseRulesFile, type Redactor } from '../shared/pipeline/redact/index.js';

/**
 * A CLI run's child-id keys, from the same sources in the same order as the functions (shared/core/childIdKeys.ts):
 * CHILD_ID_KEY_PARAMETER through SSM, CHILD_ID_KEY, CHILD_ID_KEY_FILE, else the development key, said loudly.
 */
export function resolveCliChildIdKeys(
  config: Config,
  env: Record<string, string | undefined>,
  options: ResolveChildIdKeysOptions,
): Promise<ResolvedChildIdKeys> {
  return resolveChildIdKeys(config, () => createSsmClient(awsClientOptionsFrom(env)), options);
}

/**
 * The redactor for a CLI run: the child-id keys resolved as every entry point resolves them, the rules file from
 * `--rules` or REDACTION_RULES_PATH, and the offline GeoIP database.
 */
export async function makeCliRedactor(
  config: Config,
  env: Record<string, string | undefined>,
  rulesPath: string | undefined,
  warn: (message: string) => void,
  keys?: ResolvedChildIdKeys,
): Promise<Redactor> {
  const { key, previousKeys } = keys ?? (await resolveCliChildIdKeys(config, env, { warn }));
  const path = rulesPath ?? config.REDACTION_RULES_PATH;
  const rules = path ? loadRuleSet(parseRulesFile(await readRulesFile(path), path)) : loadRuleSet();
  return createRedactor({ key, previousKeys, rules, geo: openGeoDatabase() });
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
