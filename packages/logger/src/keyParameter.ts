import { readKeyVersion } from '../../../shared/core/validators.js';
import {
  type ChildIdKeyConfig,
  type ParameterReader,
  readChildIdKeyParameter,
  readParameterWithSdk,
} from './childIdKey.js';
import { LOGGER_DEFAULTS, type WarningSink, warnOnStderr } from './config.js';
import { getDefaultLogging, type Logging } from './logger.js';

export interface ChildIdKeyParameterOptions {
  /** The parameter's name. Default: `CHILD_ID_KEY_PARAMETER`. */
  parameterName?: string | undefined;
  /** The version of a plain (non-JSON) secret. Default: `CHILD_ID_KEY_VERSION`, else v1. */
  version?: string | undefined;
  /** Reads the parameter's decrypted value. Default: the AWS SDK v3's SSM client (`@aws-sdk/client-ssm`). */
  getParameter?: ParameterReader | undefined;
  /** The logging setup to give the key to. Default: the process's (getLogger without options). */
  logging?: Logging | undefined;
  /** Receives the warning when the key cannot be had (default: stderr). */
  warn?: WarningSink | undefined;
}

/**
 * Fetches the child-id key from SSM Parameter Store at start-up (the pipeline's `CHILD_ID_KEY_PARAMETER`, plain or
 * rotation JSON) and gives it to every logger, including those made before. Call it once per container, before
 * the first request (`await` at module top level, or in middy's first `before`), so the secret never sits in a plain
 * environment variable. Never rejects: without a parameter name it resolves undefined at once; when the parameter
 * cannot be read it warns once and child ids stay dropped (as the pipeline, CHILD_ID_KEY and CHILD_ID_KEY_FILE
 * are not read when the parameter is set).
 * Resolves the key in force, or undefined.
 */
export async function loadChildIdKeyParameter(
  options: ChildIdKeyParameterOptions = {},
): Promise<ChildIdKeyConfig | undefined> {
  const warn = options.warn ?? warnOnStderr;
  const name = options.parameterName ?? nonEmpty(process.env.CHILD_ID_KEY_PARAMETER);
  if (name === undefined) return undefined;
  // An invalid CHILD_ID_KEY_VERSION was warned about when the loggers were set up; here it means the default.
  const versionText = nonEmpty(process.env.CHILD_ID_KEY_VERSION);
  const reading = versionText === undefined ? undefined : readKeyVersion(versionText);
  const version = options.version ?? (reading?.ok ? reading.value : LOGGER_DEFAULTS.keyVersion);
  const key = await readChildIdKeyParameter(name, version, options.getParameter ?? readParameterWithSdk, warn);
  if (key !== undefined) (options.logging ?? getDefaultLogging()).setChildIdKey(key);
  return key;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
