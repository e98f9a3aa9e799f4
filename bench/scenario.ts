/**
 * What every scenario file shares: its options, loading a module that may not have landed yet, and the empty result
 * it fills in.
 */
import { join } from 'node:path';
import { type ScenarioResult, ScenarioStatus } from './report.js';

export interface ScenarioOptions {
  /** `--quick`: fewer rounds and smaller inputs, for CI's smoke run. */
  quick: boolean;
  /** The repository root (scenarios build, spawn and resolve paths from it). */
  root: string;
}

/** A scenario file's export: bench/run.ts runs each in its own process. */
export type Scenario = (options: ScenarioOptions) => Promise<ScenarioResult>;

/** Thrown when a module a scenario needs is absent; the scenario reports `not available` instead of crashing. */
export class ModuleUnavailableError extends Error {
  constructor(
    readonly modulePath: string,
    cause: unknown,
  ) {
    super(`${modulePath} is not available (${(cause as Error).message?.split('\n')[0] ?? String(cause)})`, { cause });
    this.name = 'ModuleUnavailableError';
  }
}

const MISSING_CODES = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND']);

/**
 * Imports a module of the repository by its path from the root (`shared/pipeline/redact/index.ts`), typed as `T` by the
 * caller. A module that is not there (yet) — or that imports one that is not — throws ModuleUnavailableError;
 * any other failure while loading it is a real error and propagates.
 *
 * The specifier is built at run time on purpose: a static import would stop the whole benchmark (and the
 * typecheck) while another engineer's module is still missing.
 */
export function requireOptional<T>(root: string, modulePath: string, requiredExports: readonly string[]): T {
  let loaded: Record<string, unknown>;
  try {
    // require, not import(): the repository compiles to CommonJS, and tsx hooks require for .ts files.
    loaded = require(join(root, modulePath));
  } catch (error) {
    if (MISSING_CODES.has((error as { code?: string }).code ?? '')) throw new ModuleUnavailableError(modulePath, error);
    throw error;
  }
  const missing = requiredExports.filter((name) => loaded[name] === undefined);
  if (missing.length > 0) {
    throw new ModuleUnavailableError(modulePath, new Error(`does not export ${missing.join(', ')} yet`));
  }
  return loaded as T;
}

/** A result with nothing measured yet. */
export function anEmptyResult(id: string, title: string): ScenarioResult {
  return { id, title, status: ScenarioStatus.OK, inputs: [], rows: [], notes: [] };
}

/** Runs a scenario body, turning a missing module into `not available`. Anything else propagates (a crash). */
export async function runOrReportUnavailable(
  result: ScenarioResult,
  body: () => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof ModuleUnavailableError)) throw error;
    return { ...result, status: ScenarioStatus.NOT_AVAILABLE, reason: error.message, rows: [] };
  }
}

/** Bytes as MiB. */
export function toMiB(bytes: number): number {
  return bytes / (1024 * 1024);
}
