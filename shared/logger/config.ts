// zod/mini, as everywhere in the project: the same checks for a fraction of the bundle.
import * as z from 'zod/mini';
import { ConfigError } from '../core/errors.js';
import '../core/zodLocale.js';
import { LEVEL_ALIASES, type LevelMethod } from './constants.js';

/** A key for hashing child ids; the same shape and meaning as the pipeline's. */
export interface ChildIdKeyConfig {
  version: string;
  secret: string;
}

/** The logger's settings, read from the environment once and validated. */
export interface LoggerConfig {
  level: LevelMethod | 'silent';
  /** Write lines to stdout (`ENABLE_CONSOLE_LOGGING`). */
  console: boolean;
  /** Also write daily files under `logDir` (`ENABLE_FILE_LOGGING`, `LOG_DIR`); for local runs, never on Lambda. */
  file: boolean;
  logDir: string;
  /** Bound on what may wait in an asynchronous destination, in lines (`LOG_MAX_QUEUE_SIZE`). */
  maxQueueSize: number;
  service?: string;
  environment?: string;
  /** On Lambda stdout is written synchronously, so nothing is lost when the sandbox freezes. */
  onLambda: boolean;
  /** Absent: child ids are dropped at source, never written raw (see README). */
  childIdKey?: ChildIdKeyConfig;
}

const LEVEL_HELP = 'use one of TRACE, DEBUG, INFO, WARN (or WARNING), ERROR, FATAL (or CRITICAL), SILENT';
const MIN_KEY_LENGTH = 16;

/** An optional variable read by `read`, which returns the value or a message saying what is wrong and how to fix it. */
function aVariable<T>(read: (raw: string) => T | { problem: string }, fallback: T) {
  return z.pipe(
    z.optional(z.string()),
    z.transform((raw: string | undefined, context: z.core.ParsePayload): T => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = read(raw);
      if (value !== null && typeof value === 'object' && 'problem' in value) {
        context.issues.push({ code: 'custom', message: value.problem, input: raw });
        return z.NEVER as T;
      }
      return value as T;
    }),
  );
}

function aFlag(name: string, fallback: boolean) {
  return aVariable((raw) => {
    const value = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    return { problem: `${name}=${raw} is not a boolean; set it to true or false` };
  }, fallback);
}

function aText() {
  return aVariable<string | undefined>((raw) => raw.trim(), undefined);
}

const environmentSchema = z.object({
  LOG_LEVEL: aVariable<LevelMethod | 'silent'>(
    (raw) => LEVEL_ALIASES[raw.trim().toUpperCase()] ?? { problem: `LOG_LEVEL=${raw} is not a level; ${LEVEL_HELP}` },
    'info',
  ),
  ENABLE_CONSOLE_LOGGING: aFlag('ENABLE_CONSOLE_LOGGING', true),
  ENABLE_FILE_LOGGING: aFlag('ENABLE_FILE_LOGGING', false),
  LOG_DIR: aText(),
  LOG_MAX_QUEUE_SIZE: aVariable((raw) => {
    const value = Number(raw);
    if (Number.isInteger(value) && value > 0) return value;
    return { problem: `LOG_MAX_QUEUE_SIZE=${raw} is not a positive whole number of lines; set it to e.g. 10000` };
  }, 10_000),
  SERVICE_NAME: aText(),
  ENVIRONMENT: aText(),
  AWS_LAMBDA_FUNCTION_NAME: aText(),
  CHILD_ID_KEY: aText(),
  CHILD_ID_KEY_VERSION: aText(),
});

/**
 * Reads the logger's settings from an environment (process.env by default), validating every value.
 * Throws a ConfigError naming each bad variable and how to fix it.
 */
export function readLoggerConfig(env: Record<string, string | undefined> = process.env): LoggerConfig {
  const parsed = environmentSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  const values = parsed.success ? parsed.data : undefined;
  if (values) problems.push(...checkCombinations(values));
  if (!values || problems.length > 0) {
    throw new ConfigError(`Invalid logger configuration: ${problems.join('; ')}`);
  }
  const onLambda = values.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  return {
    level: values.LOG_LEVEL,
    console: values.ENABLE_CONSOLE_LOGGING,
    file: values.ENABLE_FILE_LOGGING,
    logDir: values.LOG_DIR ?? './logs',
    maxQueueSize: values.LOG_MAX_QUEUE_SIZE,
    service: values.SERVICE_NAME ?? values.AWS_LAMBDA_FUNCTION_NAME,
    environment: values.ENVIRONMENT,
    onLambda,
    // v1 when unset, as the pipeline assumes: both sides must stamp the same version for hashes to match.
    childIdKey: values.CHILD_ID_KEY
      ? { version: values.CHILD_ID_KEY_VERSION ?? 'v1', secret: values.CHILD_ID_KEY }
      : undefined,
  };
}

function checkCombinations(values: z.infer<typeof environmentSchema>): string[] {
  const problems: string[] = [];
  if (values.ENABLE_FILE_LOGGING && values.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
    problems.push(
      'ENABLE_FILE_LOGGING=true on Lambda: its file system is read-only and CloudWatch only reads stdout; set ENABLE_FILE_LOGGING=false',
    );
  }
  if (!values.CHILD_ID_KEY && values.CHILD_ID_KEY_VERSION) {
    problems.push('CHILD_ID_KEY_VERSION is set without CHILD_ID_KEY; set CHILD_ID_KEY to the secret, or unset both');
  }
  if (values.CHILD_ID_KEY && values.CHILD_ID_KEY.length < MIN_KEY_LENGTH) {
    problems.push(
      `CHILD_ID_KEY is shorter than ${MIN_KEY_LENGTH} characters; use the pipeline's key, not a placeholder`,
    );
  }
  return problems;
}
