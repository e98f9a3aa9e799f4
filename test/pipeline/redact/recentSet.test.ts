import { createRecentSet } from '../../../shared/pipeline/redact/recentSet.js';

describe('createRecentSet', () => {
  it('remembers what was added', () => {
    const set = createRecentSet(4);
    set.add('story generated');
    expect([set.has('story generated'), set.has('other')]).toEqual([true, false]);
  });

  it('forgets strings once two generations of newer ones have come in', () => {
    const set = createRecentSet(2);
    set.add('old');
    for (const value of ['a', 'b', 'c', 'd']) set.add(value);
    expect(set.has('old')).toBe(false);
    expect(set.has('d')).toBe(true);
  });

  it('keeps a string that is still asked about while one-off strings pass through', () => {
    const set = createRecentSet(3);
    set.add('hot');
    for (let i = 0; i < 100; i += 1) {
      set.add(`id-${i}`);
      expect(set.has('hot')).toBe(true);
    }
    expect(set.has('id-0')).toBe(false);
  });
});
