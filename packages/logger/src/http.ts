import { CORRELATION_HEADER } from './constants.js';
import { cleanCorrelationId, createCorrelationId, withCorrelationId } from './correlation.js';

/**
 * Request headers as Node gives them (lower-case names). Structural rather than node:http's types, so the published
 * declarations need nothing from @types/node.
 */
export type RequestHeaders = Record<string, string | string[] | undefined>;

export interface HttpCorrelationOptions {
  /** Request and response header. Default `x-correlation-id`. */
  header?: string | undefined;
  /** Makes an id for requests that carry none. Default: a random UUID. */
  generate?: (() => string) | undefined;
}

/** The id a request arrived with (Node lower-cases header names, so any spelling works), or a new one. */
function readRequestId(headers: RequestHeaders, header: string, generate: () => string): string {
  const value = headers[header];
  return cleanCorrelationId(Array.isArray(value) ? value[0] : value) ?? generate();
}

/**
 * Express (or any connect-style) middleware: the request's correlation id (or a new one) for everything the
 * request does, echoed in the response header. Register it first: `app.use(expressCorrelationIds())`.
 */
export function expressCorrelationIds(options: HttpCorrelationOptions = {}) {
  // `??`, not a spread of defaults: an option given as undefined means the default.
  const header = options.header ?? CORRELATION_HEADER;
  const generate = options.generate ?? createCorrelationId;
  const name = header.toLowerCase();
  return function correlationIdMiddleware(
    request: { headers: RequestHeaders },
    response: { setHeader(name: string, value: string): unknown },
    next: (error?: unknown) => void,
  ): void {
    const id = readRequestId(request.headers, name, generate);
    response.setHeader(name, id);
    withCorrelationId(id, next);
  };
}

/** The parts of Fastify the plugin uses; structural, so the logger does not depend on Fastify's types. */
interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (
      request: { headers: RequestHeaders },
      reply: { header(key: string, value: string): unknown },
      done: (error?: Error) => void,
    ) => void,
  ): unknown;
}

const SKIP_OVERRIDE = Symbol.for('skip-override');
const DISPLAY_NAME = Symbol.for('fastify.display-name');

/**
 * Fastify plugin: `app.register(fastifyCorrelationIds())`. Applies to the whole app (it skips Fastify's
 * encapsulation, as fastify-plugin would). The rest of the request runs inside the `onRequest` hook's context,
 * body parsing included (a test sends a slow, chunked body to prove it).
 */
export function fastifyCorrelationIds(options: HttpCorrelationOptions = {}) {
  // `??`, not a spread of defaults: an option given as undefined means the default.
  const header = options.header ?? CORRELATION_HEADER;
  const generate = options.generate ?? createCorrelationId;
  const name = header.toLowerCase();
  const plugin = (instance: FastifyLike, _options: unknown, done: (error?: Error) => void): void => {
    instance.addHook('onRequest', (request, reply, next) => {
      const id = readRequestId(request.headers, name, generate);
      reply.header(name, id);
      withCorrelationId(id, () => next());
    });
    done();
  };
  return Object.assign(plugin, { [SKIP_OVERRIDE]: true, [DISPLAY_NAME]: 'teddy-logs-correlation-ids' });
}
