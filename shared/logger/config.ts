import { z } from 'zod';
import { ConfigError } from '../errors.js';
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

function aFlag(name: string, fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(value)) return true;
      if (['false', '0', 'no', 'off'].includes(value)) return false;
      ctx.addIssue({ code: 'custom', message: `${name}=${raw} is not a boolean; set it to true or false` });
      return z.NEVER;
    });
}

function aText() {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === '' ? undefined : raw.trim()));
}

const environmentSchema = z.object({
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return 'info' as const;
      const level = LEVEL_ALIASES[raw.trim().toUpperCase()];
      if (level) return level;
      ctx.addIssue({ code: 'custom', message: `LOG_LEVEL=${raw} is not a level; ${LEVEL_HELP}` });
      return z.NEVER;
    }),
  ENABLE_CONSOLE_LOGGING: aFlag('ENABLE_CONSOLE_LOGGING', true),
  ENABLE_FILE_LOGGING: aFlag('ENABLE_FILE_LOGGING', false),
  LOG_DIR: aText(),
  LOG_MAX_QUEUE_SIZE: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return 10_000;
      const value = Number(raw);
      if (Number.isInteger(value) && value > 0) return value;
      ctx.addIssue({
        code: 'custom',
        message: `LOG_MAX_QUEUE_SIZE=${raw} is not a positive whole number of lines; set it to e.g. 10000`,
      });
      return z.NEVER;
    }),
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
    childIdKey:
      values.CHILD_ID_KEY && values.CHILD_ID_KEY_VERSION
        ? { version: values.CHILD_ID_KEY_VERSION, secret: values.CHILD_ID_KEY }
        : undefined,
  };
}

function checkCombinations(values: z.output<typeof environmentSchema>): string[] {
  const problems: string[] = [];
  if (values.ENABLE_FILE_LOGGING && values.AWS_LAMBDA_FUNCTION_NAME !== undefined) {
    problems.push(
      'ENABLE_FILE_LOGGING=true on Lambda: its file system is read-only and CloudWatch only reads stdout; set ENABLE_FILE_LOGGING=false',
    );
  }
  if (values.CHILD_ID_KEY && !values.CHILD_ID_KEY_VERSION) {
    problems.push(
      'CHILD_ID_KEY is set without CHILD_ID_KEY_VERSION; set CHILD_ID_KEY_VERSION to the version of that key in the pipeline (e.g. v1)',
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
