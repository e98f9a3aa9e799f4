/**
 * A small fault-injecting HTTP proxy, in process, in front of a real service (moto, OpenSearch). It forwards every
 * request unless the test's plan says otherwise, and can inject what the real services never do on their own:
 * per-entry Firehose failures, per-item OpenSearch 429s, HTTP 500s, slow answers, reset connections, and a service
 * that stops answering altogether. Listens on 127.0.0.1, on a port the system picks.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** What the proxy does with one request. */
export type Fault =
  /** Pass it on and pass the answer back (the default). */
  | { kind: 'forward' }
  /** Answer without asking the service. */
  | { kind: 'respond'; status: number; body?: string; headers?: Record<string, string> }
  /** Wait, then do `then` (forward by default). A client that gives up while waiting gets nothing, and the request
   * never reaches the service: a timeout on the way there. */
  | { kind: 'delay'; ms: number; then?: Fault }
  /** Drop the connection without an answer; the service never sees the request. */
  | { kind: 'reset' }
  /** Pass it on, then drop the connection instead of answering: the service did the work, the client never hears. */
  | { kind: 'resetAfterForward' }
  /** Close the proxy: this connection is dropped, and every later one is refused. */
  | { kind: 'refuse' }
  /** Pass on a changed request and answer with a changed response; `respond` may answer without the service. */
  | {
      kind: 'rewrite';
      request?: (body: Buffer) => Buffer;
      /** Given the service's answer (undefined when `skipService` says so) and the original request body. */
      response: (answer: Buffer | undefined, original: Buffer) => Buffer;
      skipService?: (rewritten: Buffer) => boolean;
    };

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** 1 for the first request the proxy received. */
  seq: number;
}

export type FaultPlan = (request: ProxiedRequest) => Fault | undefined;

export interface FaultProxy {
  url: string;
  /** Every request received, in order. */
  readonly requests: ProxiedRequest[];
  setPlan(plan: FaultPlan | undefined): void;
  close(): Promise<void>;
}

/** Starts a proxy in front of `target` (e.g. `http://127.0.0.1:5055`). */
export async function startFaultProxy(target: string, plan?: FaultPlan): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let currentPlan = plan;
  let closed = false;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ProxiedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
        seq: requests.length + 1,
      };
      requests.push(request);
      void apply(currentPlan?.(request) ?? { kind: 'forward' }, request).catch(() => res.socket?.destroy());
    });

    async function apply(fault: Fault, request: ProxiedRequest): Promise<void> {
      if (res.socket?.destroyed) return; // the client already gave up: the service never sees this request
      switch (fault.kind) {
        case 'forward': {
          const answer = await forward(request, request.body);
          reply(answer.status, answer.headers, answer.body);
          return;
        }
        case 'respond':
          reply(fault.status, { 'content-type': 'application/json', ...fault.headers }, Buffer.from(fault.body ?? ''));
          return;
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          return apply(fault.then ?? { kind: 'forward' }, request);
        case 'reset':
          res.socket?.destroy();
          return;
        case 'resetAfterForward':
          await forward(request, request.body);
          res.socket?.destroy();
          return;
        case 'refuse':
          res.socket?.destroy();
          await closeServer();
          return;
        case 'rewrite':
          return rewrite(fault, request);
      }
    }

    async function rewrite(fault: Extract<Fault, { kind: 'rewrite' }>, request: ProxiedRequest): Promise<void> {
      const body = fault.request ? fault.request(request.body) : request.body;
      if (fault.skipService?.(body)) {
        reply(200, { 'content-type': contentTypeOf(request) }, fault.response(undefined, request.body));
        return;
      }
      const answer = await forward(request, body);
      reply(
        answer.status,
        answer.headers,
        answer.status < 300 ? fault.response(answer.body, request.body) : answer.body,
      );
    }

    function reply(status: number, headers: IncomingHttpHeaders, body: Buffer): void {
      const { 'content-length': _length, 'transfer-encoding': _encoding, connection: _connection, ...rest } = headers;
      res.writeHead(status, { ...rest, 'content-length': String(body.length) });
      res.end(body);
    }
  });

  function forward(request: ProxiedRequest, body: Buffer) {
    return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      // No compression on the way back, so answers can be read and rewritten.
      const { 'accept-encoding': _accept, 'content-length': _length, ...headers } = request.headers;
      const outgoing = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.path,
          headers: { ...headers, host: upstream.host, 'content-length': String(body.length) },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: Buffer.concat(chunks) }),
          );
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  function closeServer(): Promise<void> {
    if (closed) return Promise.resolve();
    closed = true;
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the fault proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    setPlan(next) {
      currentPlan = next;
    },
    close: closeServer,
  };
}

function contentTypeOf(request: ProxiedRequest): string {
  return request.headers['x-amz-target'] ? 'application/x-amz-json-1.1' : 'application/json';
}

/** A Firehose call, by its `X-Amz-Target` (`Firehose_20150804.PutRecordBatch`). */
export function isFirehoseCall(request: ProxiedRequest, operation: string): boolean {
  return request.headers['x-amz-target'] === `Firehose_20150804.${operation}`;
}

/**
 * A PutRecordBatch on which the records `fail` picks are answered with a per-entry error, as Firehose does under
 * load: those records are taken out before moto sees the call (a failed entry is not delivered), and the answer
 * gets their ErrorCode back in place, with FailedPutCount counting them.
 */
export function failFirehoseEntries(
  fail: (data: Buffer, position: number) => boolean,
  errorCode = 'ServiceUnavailableException',
): Fault {
  let failing: boolean[] = [];
  return {
    kind: 'rewrite',
    request(body) {
      const input = JSON.parse(body.toString('utf8')) as { Records: Array<{ Data: string }> };
      failing = input.Records.map((record, i) => fail(Buffer.from(record.Data, 'base64'), i));
      return Buffer.from(JSON.stringify({ ...input, Records: input.Records.filter((_, i) => !failing[i]) }));
    },
    skipService: (rewritten) => (JSON.parse(rewritten.toString('utf8')) as { Records: unknown[] }).Records.length === 0,
    response(answer) {
      const passed = answer
        ? (JSON.parse(answer.toString('utf8')) as { RequestResponses: Array<Record<string, string>> }).RequestResponses
        : [];
      let next = 0;
      const responses = failing.map((failed) =>
        failed ? { ErrorCode: errorCode, ErrorMessage: 'Slow down.' } : (passed[next++] ?? {}),
      );
      return Buffer.from(
        JSON.stringify({
          FailedPutCount: failing.filter(Boolean).length,
          Encrypted: false,
          RequestResponses: responses,
        }),
      );
    },
  };
}

/** A `_bulk` request, by path. */
export function isBulkRequest(request: ProxiedRequest): boolean {
  return request.method === 'POST' && /(^|\/)_bulk(\?|$)/.test(request.path);
}

/**
 * A bulk request on which the operations `fail` picks (given their action and document lines) are answered with
 * `status` (429 by default: the node's write queue is full) without reaching the node; the others go through.
 */
export function failBulkItems(fail: (action: string, document: string) => boolean, status = 429): Fault {
  let failing: boolean[] = [];
  let actions: string[] = [];
  return {
    kind: 'rewrite',
    request(body) {
      const lines = body.toString('utf8').split('\n').filter(Boolean);
      const kept: string[] = [];
      failing = [];
      actions = [];
      for (let i = 0; i < lines.length; i += 2) {
        const action = lines[i] ?? '';
        const document = lines[i + 1] ?? '';
        const failed = fail(action, document);
        failing.push(failed);
        actions.push(action);
        if (!failed) kept.push(action, document);
      }
      return Buffer.from(kept.length ? `${kept.join('\n')}\n` : '');
    },
    skipService: (rewritten) => rewritten.length === 0,
    response(answer) {
      const passed = answer ? (JSON.parse(answer.toString('utf8')) as { items: unknown[]; took: number }) : undefined;
      let next = 0;
      const items = failing.map((failed, i) => {
        if (!failed) return passed?.items[next++];
        const [op, meta] =
          Object.entries(JSON.parse(actions[i] ?? '{}') as Record<string, Record<string, string>>)[0] ?? [];
        return {
          [op ?? 'index']: {
            _index: meta?._index,
            _id: meta?._id,
            status,
            error: { type: 'rejected_execution_exception', reason: 'injected by the fault proxy: write queue full' },
          },
        };
      });
      return Buffer.from(JSON.stringify({ took: passed?.took ?? 1, errors: true, items }));
    },
  };
}
