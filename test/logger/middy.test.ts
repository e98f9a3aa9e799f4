import { setTimeout as sleep } from 'node:timers/promises';
import middy from '@middy/core';
import {
  correlationIds,
  getCorrelationId,
  withCorrelation,
  withCorrelationId,
} from '../../packages/logger/src/index.js';

function anHttpEvent(headers: Record<string, string> = {}) {
  return { version: '2.0', routeKey: 'GET /', rawPath: '/', headers, requestContext: { http: { method: 'GET' } } };
}

/** A handler that looks at its correlation id across awaits and timers, then answers with what it saw. */
async function echoHandler(): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const first = getCorrelationId();
  await sleep(2);
  const afterTimer = await new Promise((resolve) => setTimeout(() => resolve(getCorrelationId()), 1));
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([first, afterTimer]),
  };
}

describe('correlationIds (middy)', () => {
  it("gives the handler the event's id, across awaits and timers, and echoes it in the response header", async () => {
    const handler = middy(echoHandler).use(correlationIds());
    const response = await handler(anHttpEvent({ 'X-Correlation-Id': 'from-client' }), {} as never);
    expect(JSON.parse(response.body)).toEqual(['from-client', 'from-client']);
    expect(response.headers['x-correlation-id']).toBe('from-client');
  });

  it('takes an option given as undefined (exactOptionalPropertyTypes style) as its default', async () => {
    const handler = middy(echoHandler).use(correlationIds({ header: undefined, generate: undefined, echo: undefined }));
    const response = await handler(anHttpEvent({ 'x-correlation-id': 'from-client' }), {} as never);
    expect(JSON.parse(response.body)).toEqual(['from-client', 'from-client']);
    expect(response.headers['x-correlation-id']).toBe('from-client');
  });

  it('makes an id when the event has none', async () => {
    const handler = middy(echoHandler).use(correlationIds({ generate: () => 'generated-1' }));
    const response = await handler(anHttpEvent(), {} as never);
    expect(JSON.parse(response.body)).toEqual(['generated-1', 'generated-1']);
    expect(response.headers['x-correlation-id']).toBe('generated-1');
  });

  it('sees the id in later middlewares and when the handler fails', async () => {
    const seen: Array<string | undefined> = [];
    const handler = middy(async () => {
      await sleep(1);
      throw new Error('story provider down');
    })
      .use(correlationIds())
      .use({ before: async () => void seen.push(getCorrelationId()) })
      .use({
        onError: async (request) => {
          seen.push(getCorrelationId());
          request.response = { statusCode: 502, body: 'bad gateway' };
        },
      });
    const response = await handler(anHttpEvent({ 'x-correlation-id': 'failing-1' }), {} as never);
    expect(seen).toEqual(['failing-1', 'failing-1']);
    expect(response).toEqual({ statusCode: 502, body: 'bad gateway', headers: { 'x-correlation-id': 'failing-1' } });
  });

  it('never leaks ids between 50 concurrent invocations', async () => {
    const handler = middy(echoHandler).use(correlationIds());
    const ids = Array.from({ length: 50 }, (_, index) => `invocation-${index}`);
    const responses = await Promise.all(ids.map((id) => handler(anHttpEvent({ 'x-correlation-id': id }), {} as never)));
    responses.forEach((response, index) => {
      expect(JSON.parse(response.body)).toEqual([ids[index], ids[index]]);
      expect(response.headers['x-correlation-id']).toBe(ids[index]);
    });
  });

  it('never gives an invocation without an id the id of the invocation before it', async () => {
    let generated = 0;
    const handler = middy(echoHandler).use(correlationIds({ generate: () => `fresh-${++generated}` }));
    await handler(anHttpEvent({ 'x-correlation-id': 'first' }), {} as never);
    const second = await handler(anHttpEvent(), {} as never);
    expect(JSON.parse(second.body)).toEqual(['fresh-1', 'fresh-1']);
  });

  it('keeps the caller untouched when the middy handler is wrapped in withCorrelation', async () => {
    const handler = withCorrelation(middy(echoHandler).use(correlationIds()));
    const seen = await withCorrelationId('caller', async () => {
      const response = await handler(anHttpEvent({ 'x-correlation-id': 'inner' }), {} as never);
      return { inner: JSON.parse(response.body), after: getCorrelationId() };
    });
    expect(seen).toEqual({ inner: ['inner', 'inner'], after: 'caller' });
  });

  it('reads SQS message attributes and leaves non-HTTP responses alone', async () => {
    const handler = middy(async () => ({ processed: getCorrelationId() })).use(correlationIds());
    const event = {
      Records: [{ messageAttributes: { 'x-correlation-id': { stringValue: 'sqs-7', dataType: 'String' } } }],
    };
    await expect(handler(event, {} as never)).resolves.toEqual({ processed: 'sqs-7' });
  });
});

describe('withCorrelation', () => {
  it('runs each invocation with its own id, 50 at a time, without middy', async () => {
    const handler = withCorrelation(async (event: { detail: { correlationId: string } }) => {
      await sleep(Number(event.detail.correlationId.split('-')[1]) % 4);
      return getCorrelationId();
    });
    const ids = Array.from({ length: 50 }, (_, index) => `event-${index}`);
    const seen = await Promise.all(ids.map((id) => handler({ detail: { correlationId: id } })));
    expect(seen).toEqual(ids);
    expect(getCorrelationId()).toBeUndefined();
  });

  it('keeps a sync handler sync and makes an id when the event has none', () => {
    const handler = withCorrelation(() => getCorrelationId(), { generate: () => 'made-here' });
    expect(handler({})).toBe('made-here');
  });
});
