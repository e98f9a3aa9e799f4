import { CORRELATION_HEADER } from './constants.js';
import { createCorrelationId, enterCorrelationId, withCorrelationId } from './correlation.js';
import { extractCorrelationId } from './eventCorrelation.js';

/** The part of a middy request the middleware touches (kept structural: the logger does not depend on middy). */
export interface MiddyRequestLike {
  event: unknown;
  response?: unknown | undefined;
}

export interface CorrelationIdsOptions {
  /** The header (and message attribute) carrying the id. Default `x-correlation-id`. */
  header?: string | undefined;
  /** Makes an id for events that carry none. Default: a random UUID. */
  generate?: (() => string) | undefined;
  /** Echo the id in the response headers of HTTP responses (`{ statusCode, headers }`). Default true. */
  echo?: boolean | undefined;
}

/**
 * middy middleware: takes the correlation id from the event (see extractCorrelationId) or makes one, and makes it
 * the id of everything the handler does. middy's `before` cannot wrap the handler in `AsyncLocalStorage.run`, so it
 * uses `enterWith`, which holds for the rest of the invocation; `before` is synchronous on purpose, so the id is set
 * before middy's next await and the handler's promises inherit it. The price of `enterWith`: the code that called
 * the handler (the Lambda runtime, a test) also sees the id until the next invocation sets its own, which it always
 * does. For a strictly scoped id, wrap the whole handler: `withCorrelation(middy(fn).use(correlationIds()))`.
 */
export function correlationIds(options: CorrelationIdsOptions = {}) {
  const header = options.header ?? CORRELATION_HEADER;
  const generate = options.generate ?? createCorrelationId;
  const echo = options.echo ?? true;
  const ids = new WeakMap<object, string>();
  const echoId = (request: MiddyRequestLike) => {
    const id = ids.get(request);
    if (echo && id !== undefined) addResponseHeader(request.response, header, id);
  };
  return {
    before(request: MiddyRequestLike): void {
      const id = extractCorrelationId(request.event, header) ?? generate();
      ids.set(request, id);
      enterCorrelationId(id);
    },
    after: echoId,
    onError: echoId,
  };
}

/**
 * Wraps a Lambda handler (with or without middy) so each invocation runs with the correlation id of its event, or
 * a new one: `AsyncLocalStorage.run`, so nothing can leak between invocations.
 */
export function withCorrelation<Event, Rest extends unknown[], Result>(
  handler: (event: Event, ...rest: Rest) => Result,
  options: Pick<CorrelationIdsOptions, 'header' | 'generate'> = {},
): (event: Event, ...rest: Rest) => Result {
  // `??`, not a spread of defaults: an option given as undefined means the default.
  const header = options.header ?? CORRELATION_HEADER;
  const generate = options.generate ?? createCorrelationId;
  return (event, ...rest) =>
    withCorrelationId(extractCorrelationId(event, header) ?? generate(), () => handler(event, ...rest));
}

function addResponseHeader(response: unknown, header: string, id: string): void {
  if (response === null || typeof response !== 'object' || !('statusCode' in response)) return;
  const http = response as { headers?: Record<string, unknown> };
  if (http.headers === undefined || http.headers === null) http.headers = {};
  if (!Object.keys(http.headers).some((key) => key.toLowerCase() === header)) http.headers[header] = id;
}
