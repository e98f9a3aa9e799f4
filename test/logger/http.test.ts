import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import Fastify from 'fastify';
import { expressCorrelationIds, fastifyCorrelationIds, getCorrelationId } from '../../packages/logger/src/index.js';

/** POSTs a JSON body in three chunks 20 ms apart, so the body is parsed on later socket events. */
function postSlowly(baseUrl: string, id: string): Promise<unknown> {
  const url = new URL(`${baseUrl}/stories`);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': id },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve(JSON.parse(body)));
      },
    );
    outgoing.on('error', reject);
    outgoing.write('{"title":');
    setTimeout(() => {
      outgoing.write('"The Brave');
      setTimeout(() => outgoing.end(' Bear"}'), 20);
    }, 20);
  });
}

describe('expressCorrelationIds', () => {
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    app.use(expressCorrelationIds());
    app.use(express.json());
    app.get('/stories', async (_request, response) => {
      const first = getCorrelationId();
      await sleep(Math.floor(Math.random() * 5));
      response.json({ first, later: getCorrelationId() });
    });
    app.post('/stories', (request, response) => {
      response.json({ seen: getCorrelationId(), title: request.body.title });
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterAll(async () => close());

  it("uses the request's id for the whole request and echoes it", async () => {
    const response = await fetch(`${baseUrl}/stories`, { headers: { 'X-Correlation-ID': 'express-1' } });
    expect(response.headers.get('x-correlation-id')).toBe('express-1');
    expect(await response.json()).toEqual({ first: 'express-1', later: 'express-1' });
  });

  it('keeps the id through body parsing', async () => {
    const response = await fetch(`${baseUrl}/stories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'express-post' },
      body: JSON.stringify({ title: 'The Brave Bear' }),
    });
    expect(await response.json()).toEqual({ seen: 'express-post', title: 'The Brave Bear' });
    await expect(postSlowly(baseUrl, 'express-slow')).resolves.toEqual({
      seen: 'express-slow',
      title: 'The Brave Bear',
    });
  });

  it('makes an id for a request without one and echoes it', async () => {
    const response = await fetch(`${baseUrl}/stories`);
    const id = response.headers.get('x-correlation-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ first: id, later: id });
  });

  it('never mixes up 50 concurrent requests', async () => {
    const ids = Array.from({ length: 50 }, (_, index) => `concurrent-${index}`);
    const bodies = await Promise.all(
      ids.map(async (id) => (await fetch(`${baseUrl}/stories`, { headers: { 'x-correlation-id': id } })).json()),
    );
    expect(bodies).toEqual(ids.map((id) => ({ first: id, later: id })));
  });
});

// Fastify's inject() needs light-my-request, whose `cookie` dependency is ESM only and not transformed by this
// repository's jest config; a real server on port 0 tests the same thing, and more.
describe('fastifyCorrelationIds', () => {
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = Fastify();
    await app.register(fastifyCorrelationIds());
    app.get('/stories', async () => {
      const first = getCorrelationId();
      await sleep(Math.floor(Math.random() * 5));
      return { first, later: getCorrelationId() };
    });
    app.post('/stories', async (request) => ({ seen: getCorrelationId(), body: request.body }));
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
  });

  afterAll(async () => close());

  it("uses the request's id for the whole request and echoes it", async () => {
    const response = await fetch(`${baseUrl}/stories`, { headers: { 'X-Correlation-Id': 'fastify-1' } });
    expect(response.headers.get('x-correlation-id')).toBe('fastify-1');
    expect(await response.json()).toEqual({ first: 'fastify-1', later: 'fastify-1' });
  });

  it('keeps the id through body parsing', async () => {
    const response = await fetch(`${baseUrl}/stories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'fastify-post' },
      body: JSON.stringify({ title: 'The Brave Bear' }),
    });
    expect(await response.json()).toEqual({ seen: 'fastify-post', body: { title: 'The Brave Bear' } });
    await expect(postSlowly(baseUrl, 'fastify-slow')).resolves.toEqual({
      seen: 'fastify-slow',
      body: { title: 'The Brave Bear' },
    });
  });

  it('makes an id for a request without one, and never mixes up 50 concurrent requests', async () => {
    const anonymous = await fetch(`${baseUrl}/stories`);
    expect(anonymous.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ids = Array.from({ length: 50 }, (_, index) => `fastify-${index}`);
    const bodies = await Promise.all(
      ids.map(async (id) => (await fetch(`${baseUrl}/stories`, { headers: { 'x-correlation-id': id } })).json()),
    );
    expect(bodies).toEqual(ids.map((id) => ({ first: id, later: id })));
  });
});
