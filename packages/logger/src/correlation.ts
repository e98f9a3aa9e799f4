import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The correlation id of the work in progress. AsyncLocalStorage carries it through awaits, timers, streams and
 * Promise.all without threading it through every call, and keeps concurrent requests apart.
 */
const STORE_KEY = Symbol.for('@teddy-logs/logger.correlation-id');
/**
 * One store per process, kept on globalThis under a registered symbol: the package ships an ESM and a CommonJS build,
 * and an app that loads both (its own `import`, a dependency's `require`) must still see one correlation id.
 */
const correlationStore = sharedStore();

function sharedStore(): AsyncLocalStorage<string> {
  const registry = globalThis as Record<symbol, AsyncLocalStorage<string> | undefined>;
  const existing = registry[STORE_KEY];
  if (existing !== undefined) return existing;
  const store = new AsyncLocalStorage<string>();
  registry[STORE_KEY] = store;
  return store;
}

/** Ids longer than this are cut: an id comes from a request header and must not be a way to write huge lines. */
export const MAX_CORRELATION_ID_LENGTH = 128;

/** Runs `fn` with `id` as the correlation id of everything it does, sync or async; returns what `fn` returns. */
export function withCorrelationId<T>(id: string, fn: () => T): T {
  return correlationStore.run(cleanCorrelationId(id) ?? createCorrelationId(), fn);
}

/** The correlation id of the current request or operation, if one was set. */
export function getCorrelationId(): string | undefined {
  return correlationStore.getStore();
}

/**
 * Sets the correlation id for the rest of the current asynchronous execution. For frameworks whose hooks cannot
 * wrap the handler (middy's `before`); prefer `withCorrelationId` wherever the work can be wrapped.
 */
export function enterCorrelationId(id: string): void {
  correlationStore.enterWith(id);
}

/** A fresh correlation id. */
export function createCorrelationId(): string {
  return randomUUID();
}

/**
 * What an id from outside may look like: UUIDs, X-Ray trace ids (`Root=1-...`), ULIDs, request ids. Anything else
 * (an e-mail address, free text) is refused rather than written on every line of a request.
 */
const CORRELATION_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]*$/;

/** The id if it is usable: trimmed, at most MAX_CORRELATION_ID_LENGTH, of a safe shape; otherwise undefined. */
export function cleanCorrelationId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_CORRELATION_ID_LENGTH) return undefined;
  return CORRELATION_ID_SHAPE.test(trimmed) ? trimmed : undefined;
}
