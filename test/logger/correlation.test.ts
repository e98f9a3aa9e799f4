import { once } from 'node:events';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  cleanCorrelationId,
  createCorrelationId,
  getCorrelationId,
  withCorrelationId,
} from '../../packages/logger/src/index.js';

describe('correlation ids', () => {
  it('has no id outside any request', () => {
    expect(getCorrelationId()).toBeUndefined();
  });

  it('returns what the wrapped function returns, sync or async', async () => {
    expect(withCorrelationId('req-1', () => getCorrelationId())).toBe('req-1');
    await expect(withCorrelationId('req-2', async () => getCorrelationId())).resolves.toBe('req-2');
  });

  it('survives Promise.all, timers, setImmediate and queueMicrotask', async () => {
    const seen = await withCorrelationId('req-all', async () => {
      const viaTimer = new Promise<string | undefined>((resolve) => setTimeout(() => resolve(getCorrelationId()), 5));
      const viaImmediate = new Promise<string | undefined>((resolve) =>
        setImmediate(() => resolve(getCorrelationId())),
      );
      const viaMicrotask = new Promise<string | undefined>((resolve) =>
        queueMicrotask(() => resolve(getCorrelationId())),
      );
      const viaAwait = (async () => {
        await sleep(3);
        return getCorrelationId();
      })();
      return Promise.all([viaTimer, viaImmediate, viaMicrotask, viaAwait]);
    });
    expect(seen).toEqual(['req-all', 'req-all', 'req-all', 'req-all']);
  });

  it('survives streams: a transform in a pipeline and an event listener', async () => {
    const seen: Array<string | undefined> = [];
    await withCorrelationId('req-stream', async () => {
      const tag = new Transform({
        objectMode: true,
        transform(chunk, _encoding, callback) {
          seen.push(getCorrelationId());
          setTimeout(() => callback(null, chunk), 1);
        },
      });
      await pipeline(Readable.from(['a', 'b', 'c']), tag, new PassThrough({ objectMode: true }).resume());
      const emitter = new PassThrough();
      const listened = once(emitter, 'data').then(() => getCorrelationId());
      setTimeout(() => emitter.write('x'), 1);
      seen.push(await listened);
    });
    expect(seen).toEqual(['req-stream', 'req-stream', 'req-stream', 'req-stream']);
  });

  it('gives a nested operation its own id and restores the outer one after it', async () => {
    const seen = await withCorrelationId('outer', async () => {
      const inner = await withCorrelationId('inner', async () => {
        await sleep(1);
        return getCorrelationId();
      });
      await sleep(1);
      return [inner, getCorrelationId()];
    });
    expect(seen).toEqual(['inner', 'outer']);
    expect(getCorrelationId()).toBeUndefined();
  });

  it('never leaks between 50 concurrent requests', async () => {
    const requests = Array.from({ length: 50 }, (_, index) => `request-${index}`);
    const results = await Promise.all(
      requests.map((id, index) =>
        withCorrelationId(id, async () => {
          const seen: Array<string | undefined> = [];
          for (let step = 0; step < 4; step += 1) {
            // Interleave the requests differently at every step.
            await sleep((index * 7 + step * 13) % 5);
            seen.push(getCorrelationId());
            await Promise.all([Promise.resolve().then(() => seen.push(getCorrelationId()))]);
          }
          return seen;
        }),
      ),
    );
    results.forEach((seen, index) => {
      expect(new Set(seen)).toEqual(new Set([requests[index]]));
    });
  });

  it('makes a fresh UUID when asked, and refuses ids of an unsafe shape', () => {
    expect(createCorrelationId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cleanCorrelationId(' abc-123 ')).toBe('abc-123');
    expect(cleanCorrelationId('Root=1-5759e988-bd862e3fe1be46a994272793')).toBe(
      'Root=1-5759e988-bd862e3fe1be46a994272793',
    );
    expect(cleanCorrelationId('parent@example.com')).toBeUndefined();
    expect(cleanCorrelationId('two words')).toBeUndefined();
    expect(cleanCorrelationId('x'.repeat(129))).toBeUndefined();
    expect(cleanCorrelationId(42)).toBeUndefined();
    expect(cleanCorrelationId('')).toBeUndefined();
  });

  it('uses a fresh id when given an unusable one', () => {
    const id = withCorrelationId('not ok', () => getCorrelationId());
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
