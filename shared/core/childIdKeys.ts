/**
 * Where the child-id keys come from — the same sources in the same order for every entry point (the ship, erase and
 * retention functions, every CLI command; the app logger package follows the same order with the same parser):
 *
 * 1. the SSM SecureString parameter CHILD_ID_KEY_PARAMETER;
 * 2. CHILD_ID_KEY, the key text itself;
 * 3. CHILD_ID_KEY_FILE, a file holding that text;
 * 4. else the public development key: never in prod, always announced, and refused where a caller says so (an
 *    erasure that is not a dry run would otherwise report success while searching for the wrong hashes).
 *
 * The text is parsed by childIdKeyText.ts (plain secret or the rotation form). The current key hashes; erasure
 * searches under every version.
 */
import { readFile } from 'node:fs/promises';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { DEV_CHILD_ID_KEY } from '../pipeline/redact/hashChildId.js';
import { type ChildIdKeys, parseChildIdKeys } from './childIdKeyText.js';
import type { Config } from './config.js';
import { ConfigError } from './errors.js';

export {
  CHILD_ID_KEY_VERSION_PATTERN,
  type ChildIdKey,
  type ChildIdKeys,
  listChildIdKeyVersions,
  MIN_SECRET_BYTES,
  parseChildIdKeys,
} from './childIdKeyText.js';

/** The variables key resolution reads. */
export type ChildIdKeySettings = Pick<
  Config,
  'STAGE' | 'CHILD_ID_KEY_PARAMETER' | 'CHILD_ID_KEY' | 'CHILD_ID_KEY_FILE' | 'CHILD_ID_KEY_VERSION'
>;

export const ChildIdKeySource = {
  SSM: 'CHILD_ID_KEY_PARAMETER',
  VARIABLE: 'CHILD_ID_KEY',
  FILE: 'CHILD_ID_KEY_FILE',
  DEVELOPMENT: 'development key',
} as const;
export type ChildIdKeySourceName = (typeof ChildIdKeySource)[keyof typeof ChildIdKeySource];

/** The keys and where they came from (a setting's name, never the secret). */
export interface ResolvedChildIdKeys extends ChildIdKeys {
  source: ChildIdKeySourceName;
}

export interface ResolveChildIdKeysOptions {
  /** Where the development-key warning goes; stderr by default. */
  warn?: (message: string) => void;
  /** Set when the development key must not be used, saying for what (e.g. "erase without --dry-run"). */
  refuseDevelopmentKeyFor?: string;
  /** Appended to that refusal: how to proceed anyway where that is legitimate (a test queue). */
  refusalHint?: string;
}

const KEY_VARIABLES = 'CHILD_ID_KEY_PARAMETER (SSM), CHILD_ID_KEY or CHILD_ID_KEY_FILE';

/** Reads the child-id key from SSM Parameter Store (SecureString, decrypted). Called once per container or run. */
export async function fetchChildIdKeys(
  ssm: SSMClient,
  parameterName: string,
  defaultVersion: string,
): Promise<ChildIdKeys> {
  try {
    // Required here, not at the top: only a configured parameter pays for the SSM client package.
    const { GetParameterCommand } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    const response = await ssm.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    const value = response.Parameter?.Value;
    if (!value) throw new ConfigError(`SSM parameter ${parameterName} is empty`);
    return parseChildIdKeys(value, defaultVersion, parameterName);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `cannot read the child-id key from SSM parameter ${parameterName} (CHILD_ID_KEY_PARAMETER): ${(error as Error).message}`,
      error,
    );
  }
}

async function readKeyFile(path: string, version: string): Promise<ChildIdKeys> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`CHILD_ID_KEY_FILE ${path}: ${(error as Error).message}`, error);
  }
  return parseChildIdKeys(text, version, `CHILD_ID_KEY_FILE ${path}`);
}

/**
 * The child-id keys from the first configured source (see the module comment). `ssm` is called only when
 * CHILD_ID_KEY_PARAMETER is set. Throws a ConfigError naming the variables when the development key would be used
 * in prod or where the caller refuses it.
 */
export async function resolveChildIdKeys(
  config: ChildIdKeySettings,
  ssm?: SSMClient | (() => SSMClient),
  options: ResolveChildIdKeysOptions = {},
): Promise<ResolvedChildIdKeys> {
  const version = config.CHILD_ID_KEY_VERSION;
  if (config.CHILD_ID_KEY_PARAMETER) {
    if (!ssm) throw new ConfigError('CHILD_ID_KEY_PARAMETER is set but no SSM client was given (a bug)');
    const client = typeof ssm === 'function' ? ssm() : ssm;
    const keys = await fetchChildIdKeys(client, config.CHILD_ID_KEY_PARAMETER, version);
    return { ...keys, source: ChildIdKeySource.SSM };
  }
  if (config.CHILD_ID_KEY) {
    return { ...parseChildIdKeys(config.CHILD_ID_KEY, version, 'CHILD_ID_KEY'), source: ChildIdKeySource.VARIABLE };
  }
  if (config.CHILD_ID_KEY_FILE) {
    return { ...(await readKeyFile(config.CHILD_ID_KEY_FILE, version)), source: ChildIdKeySource.FILE };
  }
  if (config.STAGE === 'prod') {
    throw new ConfigError(`refusing the public development child-id key in prod: set ${KEY_VARIABLES}`);
  }
  if (options.refuseDevelopmentKeyFor) {
    throw new ConfigError(
      `refusing to ${options.refuseDevelopmentKeyFor} with the public development child-id key: set ${KEY_VARIABLES} ` +
        `to the key the pipeline hashes with${options.refusalHint ? ` (${options.refusalHint})` : ''}`,
    );
  }
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  warn(
    `teddy-logs: WARNING: no ${KEY_VARIABLES} set — child ids are hashed with the public DEVELOPMENT key. ` +
      'Such hashes can be reversed by anyone; never use them outside a laptop.',
  );
  return { key: DEV_CHILD_ID_KEY, previousKeys: [], source: ChildIdKeySource.DEVELOPMENT };
}

/** Stops a prod cold start without a key parameter: a function's key lives in SSM, never in its environment. */
export function assertChildIdKeyConfigured(config: Pick<Config, 'STAGE' | 'CHILD_ID_KEY_PARAMETER'>): void {
  if (config.STAGE === 'prod' && !config.CHILD_ID_KEY_PARAMETER) {
    throw new ConfigError(
      'refusing to start in prod without CHILD_ID_KEY_PARAMETER: child ids would be hashed with the public development key',
    );
  }
}
