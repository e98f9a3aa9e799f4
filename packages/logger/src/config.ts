// The pipeline's own readers (shared/core/validators.ts, dependency-free, bundled in): one value means the same on both
// sides, and the warning uses the pipeline's words.
import {
  type Reading,
  readFlag,
  readKeyVersion,
  readLogLevel,
  readPositiveInteger,
} from '../../../shared/core/validators.js';
import { type ChildIdKeyConfig, readChildIdKeySync } from './childIdKey.js';
import type { LevelMethod } from './constants.js';

export type { ChildIdKeyConfig } from './childIdKey.js';

/** The logger's settings, read from the environment once. */
export interface LoggerConfig {
  level: LevelMethod | 'silent';
  /** Write lines to stdout (`ENABLE_CONSOLE_LOGGING`). */
  console: boolean;
  /** Also write daily files under `logDir` (`ENABLE_FILE_LOGGING`, `LOG_DIR`); for local runs, never on Lambda. */
  file: boolean;
  logDir: string;
  /** Bound on what may wait in an asynchronous destination, in lines (`LOG_MAX_QUEUE_SIZE`). */
  maxQueueSize: number;
  service?: string | undefined;
  environment?: string | undefined;
  /** On Lambda stdout is written synchronously, so nothing is lost when the sandbox freezes. */
  onLambda: boolean;
  /** Absent: child ids are dropped at source, never written raw (see README). */
  childIdKey?: ChildIdKeyConfig | undefined;
  /** `CHILD_ID_KEY_PARAMETER`: the SSM parameter holding the key, read by `loadChildIdKeyParameter()` at start-up. */
  childIdKeyParameter?: string | undefined;
}

/** Receives each warning line (without its newline). The default writes it to stderr. */
export type WarningSink = (line: string) => void;

/** The documented defaults, used for a variable that is unset or invalid. */
export const LOGGER_DEFAULTS = {
  level: 'info',
  console: true,
  file: false,
  logDir: './logs',
  maxQueueSize: 10_000,
  keyVersion: 'v1',
} as const;

/** The prefix of every warning, so a reader of stderr knows which library speaks. */
export const WARNING_PREFIX = 'teddy-logs logger:';

/** Lines already written by warnOnStderr: each setup reads the environment, the app hears of a bad value once. */
const warned = new Set<string>();

/** The default WarningSink: each distinct line once per process, on stderr. */
export function warnOnStderr(line: string): void {
  if (warned.has(line)) return;
  warned.add(line);
  process.stderr.write(`${line}\n`);
}

type Environment = Record<string, string | undefined>;

/** A level name as pino's method name: the canonical names are the upper-case methods, and SILENT. */
export function readLevel(raw: string): Reading<LevelMethod | 'silent'> {
  const reading = readLogLevel(raw);
  return reading.ok ? { ok: true, value: reading.value.toLowerCase() as LevelMethod | 'silent' } : reading;
}

/** The value of `name` (trimmed; empty counts as unset). */
function textOf(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads one variable with `read`. Unset: the default. Invalid: one warning naming the variable, the problem and the
 * default used instead — a logger never stops the app it serves over its own settings (as Powertools' Logger).
 */
function readVariable<T>(
  env: Environment,
  name: string,
  read: (raw: string) => Reading<T>,
  fallback: T,
  warn: WarningSink,
  shownDefault: string = String(fallback),
): T {
  const raw = textOf(env, name);
  if (raw === undefined) return fallback;
  const reading = read(raw);
  if (reading.ok) return reading.value;
  warn(`${WARNING_PREFIX} ${name}=${raw} ${reading.problem}; using the default ${shownDefault}`);
  return fallback;
}

/**
 * Reads the logger's settings from an environment (process.env by default). Never throws: each invalid value is
 * one warning line on stderr (or to `warn`) and its documented default.
 */
export function readLoggerConfig(env: Environment = process.env, warn: WarningSink = warnOnStderr): LoggerConfig {
  const functionName = textOf(env, 'AWS_LAMBDA_FUNCTION_NAME');
  const onLambda = functionName !== undefined;
  // In the README's order, so the warnings come in that order too.
  const level = readVariable(env, 'LOG_LEVEL', readLevel, LOGGER_DEFAULTS.level, warn, 'INFO');
  const console = readVariable(env, 'ENABLE_CONSOLE_LOGGING', readFlag, LOGGER_DEFAULTS.console, warn);
  let file = readVariable(env, 'ENABLE_FILE_LOGGING', readFlag, LOGGER_DEFAULTS.file, warn);
  if (file && onLambda) {
    warn(
      `${WARNING_PREFIX} ENABLE_FILE_LOGGING=true ignored on Lambda: its file system is read-only and CloudWatch reads stdout`,
    );
    file = false;
  }
  const childIdKeyParameter = textOf(env, 'CHILD_ID_KEY_PARAMETER');
  const keyVersion = readVariable(env, 'CHILD_ID_KEY_VERSION', readKeyVersion, LOGGER_DEFAULTS.keyVersion, warn);
  return {
    level,
    console,
    file,
    logDir: textOf(env, 'LOG_DIR') ?? LOGGER_DEFAULTS.logDir,
    maxQueueSize: readVariable(env, 'LOG_MAX_QUEUE_SIZE', readPositiveInteger, LOGGER_DEFAULTS.maxQueueSize, warn),
    service: textOf(env, 'SERVICE_NAME') ?? functionName,
    environment: textOf(env, 'ENVIRONMENT'),
    onLambda,
    // The pipeline's order: the SSM parameter first, and then CHILD_ID_KEY and CHILD_ID_KEY_FILE are not read, so no
    // line is ever hashed with another key than the pipeline's. Until loadChildIdKeyParameter has it, ids are dropped.
    childIdKey:
      childIdKeyParameter === undefined
        ? readChildIdKeySync(
            { key: env.CHILD_ID_KEY, keyFile: textOf(env, 'CHILD_ID_KEY_FILE'), version: keyVersion },
            warn,
          )
        : undefined,
    childIdKeyParameter,
  };
}
