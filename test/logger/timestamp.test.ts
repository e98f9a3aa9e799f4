import fc from 'fast-check';
import { formatTimestamp } from '../../packages/logger/src/logger.js';

describe('formatTimestamp', () => {
  it('writes exactly what Date#toISOString writes, for any instant in any order (property)', () => {
    const instant = fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 });
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (instants) => {
        for (const at of instants) expect(formatTimestamp(at)).toBe(new Date(at).toISOString());
      }),
      { numRuns: 300 },
    );
  });

  it('pads milliseconds and moves on at the second boundary', () => {
    const second = Date.parse('2026-01-15T10:30:00.000Z');
    expect(formatTimestamp(second + 7)).toBe('2026-01-15T10:30:00.007Z');
    expect(formatTimestamp(second + 42)).toBe('2026-01-15T10:30:00.042Z');
    expect(formatTimestamp(second + 999)).toBe('2026-01-15T10:30:00.999Z');
    expect(formatTimestamp(second + 1000)).toBe('2026-01-15T10:30:01.000Z');
  });

  it('writes what Date#toISOString writes for an instant with a fraction of a millisecond', () => {
    const second = Date.parse('2026-01-15T10:30:00.000Z');
    expect(formatTimestamp(second + 7.5)).toBe(new Date(second + 7.5).toISOString());
  });

  it('falls back to the long form for years outside 0000-9999', () => {
    expect(formatTimestamp(Date.UTC(10_000, 0, 1))).toBe(new Date(Date.UTC(10_000, 0, 1)).toISOString());
  });
});
