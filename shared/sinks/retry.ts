/**
 * Retrying only what failed: exponential backoff with full jitter, bounded by a number of attempts and by the time
 * the invocation has left. Used by every remote sink, so they all give up the same way.
 */

export interface RetryOptions {
  /** Attempts in all, the first one included. */
  maxAttempts?: number;
  /** The backoff cap of the first retry; it doubles with every further retry, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Milliseconds the invocation has left (Lambda's `getRemainingTimeInMillis`). Without it only `maxAttempts` bounds
   * the retries (the CLI). */
  remainingTimeMs?: () => number;
  /** Time kept free at the end of the invocation for what follows delivery: dead letters, the ledger line. */
  safetyMarginMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1), for the jitter. */
  random?: () => number;
}

export const DEFAULT_RETRY = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  safetyMarginMs: 5_000,
} as const;

/** One item an attempt could not deliver, and whether sending it again may succeed. */
export interface ItemFailure<T> {
  item: T;
  reason: string;
  retryable: boolean;
}

/**
 * Full-jitter backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"): a uniform wait between zero and
 * `min(maxDelayMs, baseDelayMs * 2^retry)`, so clients that failed together do not retry together.
 */
export function computeBackoffMs(retry: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const random = options.random ?? Math.random;
  return Math.floor(random() * Math.min(cap, base * 2 ** retry));
}

/**
 * Sends `items` with `attempt`, then resends only the retryable failures, waiting with full jitter between rounds,
 * until nothing retryable is left, the attempts run out, or the next wait would reach into the safety margin.
 * Returns what was never delivered, each with the last reason. `attempt` reports failures per item; if it throws,
 * every item it was given counts as a retryable failure.
 */
export async function retryFailedItems<T>(
  items: readonly T[],
  attempt: (items: T[]) => Promise<ItemFailure<T>[]>,
  options: RetryOptions = {},
): Promise<Array<{ item: T; reason: string }>> {
  const sleep = options.sleep ?? delay;
  const given: Array<{ item: T; reason: string }> = [];
  let pending = [...items];
  for (let round = 1; pending.length > 0; round += 1) {
    const failures = await attemptSafely(attempt, pending);
    const retryable: ItemFailure<T>[] = [];
    for (const failure of failures) {
      if (failure.retryable) retryable.push(failure);
      else given.push({ item: failure.item, reason: failure.reason });
    }
    if (retryable.length === 0) break;
    const wait = computeBackoffMs(round - 1, options);
    const stop = whyStop(round, wait, options);
    if (stop) {
      for (const failure of retryable) given.push({ item: failure.item, reason: `${failure.reason} (${stop})` });
      break;
    }
    await sleep(wait);
    pending = retryable.map((failure) => failure.item);
  }
  return given;
}

/** Why no further round may run after `round` (attempts spent, or the wait would eat the safety margin); else undefined. */
function whyStop(round: number, wait: number, options: RetryOptions): string | undefined {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  if (round >= maxAttempts) return `gave up after ${round} attempt(s)`;
  const margin = options.safetyMarginMs ?? DEFAULT_RETRY.safetyMarginMs;
  if (options.remainingTimeMs && options.remainingTimeMs() - wait < margin) {
    return `gave up after ${round} attempt(s): the invocation's time budget is spent`;
  }
  return undefined;
}

async function attemptSafely<T>(attempt: (items: T[]) => Promise<ItemFailure<T>[]>, items: T[]) {
  try {
    return await attempt(items);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return items.map((item) => ({ item, reason, retryable: true }));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The parts of an AWS SDK v3 error the retry decision reads. */
interface AwsErrorLike {
  name?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const RETRYABLE_AWS_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'SlowDown',
  'TimeoutError',
]);

/**
 * Whether an AWS call that threw may succeed when repeated: throttling, 5xx and network failures may; other 4xx
 * (a missing stream, a denied permission, a malformed request) will not, so retrying them only burns the budget.
 */
export function isRetryableAwsError(error: unknown): boolean {
  const e = (error ?? {}) as AwsErrorLike;
  if (e.$retryable) return true;
  if (e.name && RETRYABLE_AWS_ERRORS.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) return true; // no HTTP answer at all: connection refused, reset, timed out
  return status === 429 || status >= 500;
}

/** `Name: message (HTTP status)` for a reason string. */
export function describeAwsError(error: unknown): string {
  const e = (error ?? {}) as AwsErrorLike;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  return `${name}${e.message ?? String(error)}${status ? ` (HTTP ${status})` : ''}`;
}
