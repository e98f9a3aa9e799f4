/**
 * A circuit breaker for a sink whose service is down. Retries with backoff are right for a service that hiccups, and
 * ruinous for one that is gone: each batch would spend its whole retry budget (seconds) before its records are
 * dead-lettered, so a long run against a dead cluster takes minutes. After `failureThreshold` consecutive batches that
 * reached nothing, the breaker opens: the next batches are not sent at all and go to the dead letter at once. After
 * `coolDownMs` one batch is let through as a probe; if it gets through, the breaker closes again.
 */

export interface CircuitBreakerOptions {
  /** Consecutive failed batches that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe batch is let through. */
  coolDownMs?: number;
  now?: () => number;
}

export const DEFAULT_CIRCUIT_BREAKER = {
  // Three batches in a row, each after its own full retry budget, is no hiccup.
  failureThreshold: 3,
  coolDownMs: 30_000,
} as const;

export interface CircuitBreaker {
  /** Undefined when a batch may be sent (the circuit is closed, or this is the probe); else why not. */
  check(): string | undefined;
  /** A batch reached the service. */
  recordSuccess(): void;
  /** A batch reached nothing (the service did not answer, or answered 5xx / 429 to the end). */
  recordFailure(reason: string): void;
}

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = Math.max(1, options.failureThreshold ?? DEFAULT_CIRCUIT_BREAKER.failureThreshold);
  const coolDownMs = options.coolDownMs ?? DEFAULT_CIRCUIT_BREAKER.coolDownMs;
  const now = options.now ?? Date.now;
  let failures = 0;
  let lastReason = '';
  let openedAt: number | undefined;
  return {
    check() {
      if (openedAt === undefined) return undefined;
      if (now() - openedAt >= coolDownMs) {
        // Half open: this batch is the probe; until it reports, the circuit counts as open again from now.
        openedAt = now();
        return undefined;
      }
      return `not sent: the circuit is open after ${failures} consecutive failed batches (last: ${lastReason})`;
    },
    recordSuccess() {
      failures = 0;
      openedAt = undefined;
    },
    recordFailure(reason) {
      failures += 1;
      lastReason = reason;
      if (failures >= threshold) openedAt = now();
    },
  };
}
