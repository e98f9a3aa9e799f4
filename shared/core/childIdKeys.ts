import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { type ChildIdKey, DEV_CHILD_ID_KEY, MIN_SECRET_BYTES } from '../pipeline/redact/index.js';
import type { Config } from './config.js';
import { ConfigError } from './errors.js';

/** The child-id keys in force: the current one hashes, previous ones are kept so erasure can find older hashes. */
export interface ChildIdKeys {
  key: ChildIdKey;
  previousKeys: ChildIdKey[];
}

/**
 * Parses the child-id key parameter. Either a plain secret (its version comes from CHILD_ID_KEY_VERSION), or JSON
 * for rotation: `{"current":"v2","keys":{"v1":"<secret>","v2":"<secret>"}}`.
 */
export function parseChildIdKeys(value: string, defaultVersion: string, parameterName: string): ChildIdKeys {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) {
    if (trimmed.length < MIN_SECRET_BYTES) {
      throw new ConfigError(`${parameterName}: the child-id key must be at least ${MIN_SECRET_BYTES} characters`);
    }
    return { key: { version: defaultVersion, secret: trimmed }, previousKeys: [] };
  }
  let parsed: { current?: unknown; keys?: unknown };
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    throw new ConfigError(`${parameterName}: looks like JSON but does not parse`, error);
  }
  const keys = parsed.keys as Record<string, unknown> | undefined;
  const current = parsed.current;
  if (typeof current !== 'string' || !keys || typeof keys[current] !== 'string') {
    throw new ConfigError(
      `${parameterName}: expected {"current":"vN","keys":{"vN":"<secret>",...}} with the current key present`,
    );
  }
  const all = Object.entries(keys).map(([version, secret]) => {
    if (!/^v\d+$/.test(version) || typeof secret !== 'string' || secret.length < MIN_SECRET_BYTES) {
      throw new ConfigError(
        `${parameterName}: key ${version} must be named vN and be a string of at least ${MIN_SECRET_BYTES} characters`,
      );
    }
    return { version, secret };
  });
  return {
    key: all.find((k) => k.version === current) as ChildIdKey,
    previousKeys: all.filter((k) => k.version !== current),
  };
}

/** Reads the child-id key from SSM Parameter Store (SecureString, decrypted). Called once per container. */
export async function fetchChildIdKeys(
  ssm: SSMClient,
  parameterName: string,
  defaultVersion: string,
): Promise<ChildIdKeys> {
  try {
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

/**
 * A function's child-id keys: from the SSM parameter when one is configured, else from CHILD_ID_KEY, else the public
 * development key — which the prod stage refuses at cold start (assertChildIdKeyConfigured).
 */
export async function resolveChildIdKeys(config: Config, ssm: SSMClient): Promise<ChildIdKeys> {
  if (config.CHILD_ID_KEY_PARAMETER) {
    return fetchChildIdKeys(ssm, config.CHILD_ID_KEY_PARAMETER, config.CHILD_ID_KEY_VERSION);
  }
  if (config.CHILD_ID_KEY) return parseChildIdKeys(config.CHILD_ID_KEY, config.CHILD_ID_KEY_VERSION, 'CHILD_ID_KEY');
  return { key: DEV_CHILD_ID_KEY, previousKeys: [] };
}

/** Stops a prod cold start without a real key: hashes made with the public development key can be reversed. */
export function assertChildIdKeyConfigured(config: Config): void {
  if (config.STAGE === 'prod' && !config.CHILD_ID_KEY_PARAMETER) {
    throw new ConfigError(
      'refusing to start in prod without CHILD_ID_KEY_PARAMETER: child ids would be hashed with the public development key',
    );
  }
}
