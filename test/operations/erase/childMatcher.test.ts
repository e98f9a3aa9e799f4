import { createChildMatcher } from '../../../shared/operations/erase/childMatcher.js';

const HASH = `hmac-sha256:v2:${'ab'.repeat(32)}`;

describe('recognising a child in stored text', () => {
  const long = createChildMatcher('child-alice-0001', [HASH]);
  const short = createChildMatcher('42', []);

  it('finds a hash anywhere', () => {
    expect(long(`{"child_id":"${HASH}"}`)).toBe(true);
  });

  it.each([
    ['a JSON field', '{"child_id":"42","x":1}'],
    ['a numeric JSON field', '{"child_id": 42}'],
    ['a JSON field escaped inside a dead letter', '{"content":"{\\"childId\\":\\"42\\"}"}'],
    ['a child object', '{"child":{"name":"x","id":42}}'],
    ['key=value text', 'turn done child_id=42 ok'],
  ])('finds a short raw id as the value of %s', (_, text) => {
    expect(short(text)).toBe(true);
  });

  it.each([
    ['a bare number', 'latency 42 ms'],
    ['a longer id that starts with it', '{"child_id":"421"}'],
    ['another field', '{"order_id":"42"}'],
  ])('does not take %s for a short raw id', (_, text) => {
    expect(short(text)).toBe(false);
  });

  it('finds a long raw id as a whole token anywhere, also at the end of a sentence', () => {
    expect(long('said hello to child-alice-0001 today')).toBe(true);
    expect(long('the turn of child-alice-0001.')).toBe(true);
    expect(long('child-alice-00012 is someone else')).toBe(false);
    expect(long('child-alice-0001.x')).toBe(false);
  });

  it('keeps every digit of a big numeric id: a neighbouring number is someone else', () => {
    const big = createChildMatcher('123456789012345678901', []);
    expect(big('{"child_id":123456789012345678901}')).toBe(true);
    expect(big('{"child_id":123456789012345678900}')).toBe(false);
  });
});
