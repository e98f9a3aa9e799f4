import { getCorrelationId, logBusinessOperation, withCorrelationId } from '../../packages/logger/src/index.js';
import { aLogging } from './support.js';

function anOperationLogger() {
  const { logging, capture } = aLogging();
  return { logger: logging.getLogger('business'), capture };
}

describe('logBusinessOperation', () => {
  it('keeps a sync function sync, logging start and success with duration_ms', () => {
    const { logger, capture } = anOperationLogger();
    const double = logBusinessOperation('double', (value: number) => value * 2, { logger, metadata: { unit: 'n' } });
    const result = double(21);
    expect(result).toBe(42);
    const [start, end] = capture.lines();
    expect(start).toMatchObject({
      level: 'INFO',
      category: 'business',
      message: 'double started',
      metadata: { operation: 'double', unit: 'n' },
    });
    expect(end).toMatchObject({
      level: 'INFO',
      message: 'double succeeded',
      metadata: { operation: 'double', outcome: 'success', duration_ms: expect.any(Number) },
    });
    expect(end.metadata).toHaveProperty('duration_ms', expect.any(Number));
    expect((end.metadata as { duration_ms: number }).duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('logs a sync failure at ERROR with the stack, and rethrows the same error', () => {
    const { logger, capture } = anOperationLogger();
    const failure = new RangeError('no stories left');
    const fail = logBusinessOperation(
      'pick_story',
      () => {
        throw failure;
      },
      { logger },
    );
    expect(() => fail()).toThrow(failure);
    const end = capture.lines()[1];
    expect(end).toMatchObject({
      level: 'ERROR',
      message: 'pick_story failed',
      metadata: {
        outcome: 'failure',
        duration_ms: expect.any(Number),
        error: { type: 'RangeError', message: 'no stories left', stack: expect.stringContaining('RangeError') },
      },
    });
  });

  it('times an async function until it settles', async () => {
    const { logger, capture } = anOperationLogger();
    const slow = logBusinessOperation(
      'story_generation',
      async (prompt: string) => {
        await new Promise((resolve) => setTimeout(resolve, 25));
        return { text: prompt };
      },
      { logger, childId: 'child_1' },
    );
    const pending = slow('a brave bear');
    expect(pending).toBeInstanceOf(Promise);
    expect(capture.lines()).toHaveLength(1);
    await expect(pending).resolves.toEqual({ text: 'a brave bear' });
    const end = capture.lines()[1];
    expect(end.message).toBe('story_generation succeeded');
    expect((end.metadata as { duration_ms: number }).duration_ms).toBeGreaterThanOrEqual(20);
    expect(end.child_id).toMatch(/^hmac-sha256:v1:[0-9a-f]{64}$/);
  });

  it('logs an async failure and rejects with the same error', async () => {
    const { logger, capture } = anOperationLogger();
    const failure = new Error('provider down');
    const broken = logBusinessOperation('story_generation', async () => Promise.reject(failure), { logger });
    await expect(broken()).rejects.toBe(failure);
    expect(capture.lines()[1]).toMatchObject({
      level: 'ERROR',
      metadata: { outcome: 'failure', error: { message: 'provider down' } },
    });
  });

  it('gives a call outside any request one correlation id for its start, end and everything between', async () => {
    const { logger, capture } = anOperationLogger();
    let inside: string | undefined;
    const operation = logBusinessOperation(
      'op',
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        inside = getCorrelationId();
      },
      { logger },
    );
    await operation();
    const [start, end] = capture.lines();
    expect(inside).toMatch(/^[0-9a-f-]{36}$/);
    expect(start.correlation_id).toBe(inside);
    expect(end.correlation_id).toBe(inside);
  });

  it('nests: an inner operation shares the outer request id', async () => {
    const { logger, capture } = anOperationLogger();
    const inner = logBusinessOperation('inner', async () => getCorrelationId(), { logger });
    const outer = logBusinessOperation('outer', async () => inner(), { logger });
    const seen = await withCorrelationId('req-nested', () => outer());
    expect(seen).toBe('req-nested');
    expect(capture.lines().map((line) => [line.message, line.correlation_id])).toEqual([
      ['outer started', 'req-nested'],
      ['inner started', 'req-nested'],
      ['inner succeeded', 'req-nested'],
      ['outer succeeded', 'req-nested'],
    ]);
  });

  it('passes `this` and the arguments through', () => {
    const { logger } = anOperationLogger();
    const service = {
      prefix: 'Once upon a time',
      tell: logBusinessOperation(
        'tell',
        function (this: { prefix: string }, ending: string) {
          return `${this.prefix}, ${ending}`;
        },
        { logger },
      ),
    };
    expect(service.tell('the end')).toBe('Once upon a time, the end');
  });
});
