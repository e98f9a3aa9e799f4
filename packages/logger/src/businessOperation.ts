import { performance } from 'node:perf_hooks';
import { LogCategory } from '../../../shared/core/types.js';
import { createCorrelationId, getCorrelationId, withCorrelationId } from './correlation.js';
import { describeThrown, getLogger, type Logger } from './logger.js';

export interface BusinessOperationOptions {
  /** Defaults to the process's logger named `business`. */
  logger?: Logger | undefined;
  /** Defaults to business. */
  category?: string | undefined;
  /** The child the operation is for; hashed like every child id. */
  childId?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** What an operation's end line carries. */
export const Outcome = { SUCCESS: 'success', FAILURE: 'failure' } as const;

/**
 * Wraps `fn` so each call logs `<name> started` and `<name> succeeded` / `<name> failed` with `duration_ms` and
 * `outcome` (and the error with its stack on failure, at ERROR), then returns or rethrows what `fn` did. A sync
 * function stays sync; a function returning a promise is timed until it settles. Calls outside any correlation id
 * get a fresh one, so the start line, the end line and everything between share it.
 */
export function logBusinessOperation<Args extends unknown[], Result>(
  name: string,
  fn: (...args: Args) => Result,
  options: BusinessOperationOptions = {},
): (...args: Args) => Result {
  let logger = options.logger;
  const category = options.category ?? LogCategory.BUSINESS;
  const base = { ...options.metadata, operation: name };

  function run(this: unknown, args: Args): Result {
    logger ??= getLogger('business');
    const log = logger;
    const context = { category, childId: options.childId };
    log.info(`${name} started`, { ...context, metadata: base });
    const startedAt = performance.now();
    const succeed = () =>
      log.info(`${name} succeeded`, {
        ...context,
        metadata: { ...base, outcome: Outcome.SUCCESS, duration_ms: elapsedSince(startedAt) },
      });
    const fail = (error: unknown) =>
      log.error(`${name} failed`, {
        ...context,
        metadata: {
          ...base,
          outcome: Outcome.FAILURE,
          duration_ms: elapsedSince(startedAt),
          error: describeThrown(error),
        },
      });
    let result: Result;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      fail(error);
      throw error;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          succeed();
          return value;
        },
        (error: unknown) => {
          fail(error);
          throw error;
        },
      ) as Result;
    }
    succeed();
    return result;
  }

  return function operation(this: unknown, ...args: Args): Result {
    if (getCorrelationId() !== undefined) return run.call(this, args);
    return withCorrelationId(createCorrelationId(), () => run.call(this, args));
  };
}

function elapsedSince(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 1000) / 1000;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
