import { createBoundedMemo } from '../../shared/core/boundedMemo.js';

describe('createBoundedMemo', () => {
  it('remembers what was set', () => {
    const memo = createBoundedMemo<string, number>(4);
    memo.set('story generated', 1);
    expect([memo.get('story generated'), memo.get('other')]).toEqual([1, undefined]);
  });

  it('remembers a null answer as an answer', () => {
    const memo = createBoundedMemo<string, string | null>(4);
    const compute = jest.fn(() => null);
    memo.getOrCompute('not an address', compute);
    expect(memo.getOrCompute('not an address', compute)).toBeNull();
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('forgets keys once two generations of newer ones have come in', () => {
    const memo = createBoundedMemo<string, true>(2);
    memo.set('old', true);
    for (const value of ['a', 'b', 'c', 'd']) memo.set(value, true);
    expect(memo.get('old')).toBeUndefined();
    expect(memo.get('d')).toBe(true);
  });

  it('keeps a key that is still asked about while one-off keys pass through', () => {
    const memo = createBoundedMemo<string, true>(3);
    memo.set('hot', true);
    for (let i = 0; i < 100; i += 1) {
      memo.set(`id-${i}`, true);
      expect(memo.get('hot')).toBe(true);
    }
    expect(memo.get('id-0')).toBeUndefined();
  });

  it('never holds more than twice its limit, whatever comes in', () => {
    const memo = createBoundedMemo<number, number>(100);
    for (let i = 0; i < 10_000; i += 1) memo.getOrCompute(i, (n) => n * 2);
    expect(memo.size).toBeLessThanOrEqual(200);
  });

  it('refuses a limit below one', () => {
    expect(() => createBoundedMemo(0)).toThrow(RangeError);
  });
});
