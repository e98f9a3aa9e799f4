import fc from 'fast-check';
import { FilterPatternError, MAX_REGEXES_PER_PATTERN } from '../../../shared/engines/filterPattern/index.js';
import { MAX_REGEX_REPEAT } from '../../../shared/engines/filterPattern/limits.js';
import { compileCloudWatchRegex } from '../../../shared/engines/filterPattern/regex.js';

function test(regex: string, text: string): boolean {
  return compileCloudWatchRegex(regex, 0).test(text);
}

describe("CloudWatch regex subset: AWS's operators", () => {
  it.each([
    ['^[hc]at', 'hat', true],
    ['^[hc]at', 'that', false],
    ['[hc]at$', 'a cat', true],
    ['colou?r', 'color', true],
    ['colou?r', 'colour', true],
    ['gray|grey', 'greyhound', true],
    ['10\\.10\\.0\\.1', '10.10.0.1', true],
    ['10\\.10\\.0\\.1', '10a10.0.1', false],
    ['ab*c', 'ac', true],
    ['ab+c', 'ac', false],
    ['ab+c', 'abbbc', true],
    ['^a{3}$', 'aaa', true],
    ['^a{3}$', 'aaaa', false],
    ['^a{2,}$', 'aaaa', true],
    ['^[1-9][0-9]{2,5}$', '100', true],
    ['^[1-9][0-9]{2,5}$', '1000000', false],
    ['\\d+', 'x12', true],
    ['^\\w+$', 'a b', false],
    ['\\s', 'a\tb', true],
    ['[^a-z]', 'abc', false],
    ['[^a-z]', 'abC', true],
    ['[\\d_]', 'x_', true],
    ['.at', 'hat', true],
    ['a.c', 'a\nc', false],
    ['\\{\\}', 'x{}', true],
    ['a|', 'zzz', true],
  ])('%s on %j: %s', (regex, text, expected) => {
    expect(test(regex, text)).toBe(expected);
  });
});

describe('CloudWatch regex subset: what AWS rejects, with the position', () => {
  it.each([
    ['(a)', 'parentheses are not supported', 2],
    ['a!', '"!" is not allowed', 3],
    ['é', 'multi-byte characters are not allowed', 2],
    ['*a', 'nothing to repeat', 2],
    ['a{2', '"{" must start a repetition', 3],
    ['a**', 'cannot follow another quantifier', 4],
    ['a$b', '"$" is supported only at the end', 3],
    ['b^', '"^" is supported only at the start', 3],
    ['[a', 'not closed with "]"', 2],
    ['\\q', '"\\q" is not supported', 2],
    [`a{${MAX_REGEX_REPEAT + 1}}`, 'repetition count above', 3],
    ['a{3,2}', 'out of order', 3],
    ['[z-a]', 'out of order', 5],
    ['', 'must not be empty', 1],
  ])('%s: %s', (regex, why, character) => {
    // The regex sits at character 1 of a pattern `%...%`, so its first character is character 2.
    let error: unknown;
    try {
      compileCloudWatchRegex(regex, 0);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilterPatternError);
    expect((error as FilterPatternError).message).toContain(why);
    expect((error as FilterPatternError).message).toContain(`(at character ${character})`);
  });

  it(`allows ${MAX_REGEXES_PER_PATTERN} regexes in one JSON pattern`, () => {
    expect(() => compileCloudWatchRegex('x', 0)).not.toThrow();
  });
});

// Regexes built from the subset's grammar: atoms, quantifiers, alternatives, anchors.
const atom = fc.constantFrom('a', 'b', '1', '.', '[ab]', '[^a]', '[a-c1]', '\\d', '\\w', '\\s', '\\.', ' ');
const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '{2,3}');
const alternative = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([start, items, end]) => `${start ? '^' : ''}${items.map(([a, q]) => a + q).join('')}${end ? '$' : ''}`);
const subsetRegex = fc.array(alternative, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('|'));
const text = fc.array(fc.constantFrom('a', 'b', 'c', '1', ' ', '.', '\t'), { maxLength: 12 }).map((c) => c.join(''));

describe('CloudWatch regex subset: properties', () => {
  it("agrees with JavaScript's RegExp on every regex of the subset (short texts, where backtracking is cheap)", () => {
    fc.assert(
      fc.property(subsetRegex, text, (regex, sample) => {
        expect(test(regex, sample)).toBe(new RegExp(regex).test(sample));
      }),
      { numRuns: 3000 },
    );
  });

  it('stays linear where a backtracking engine explodes', () => {
    // JavaScript's RegExp takes time polynomial of degree 8 here; the automaton reads each character once.
    const adversarial = ['a*a*a*a*a*a*a*a*c', '^[a-z]*[a-z]*[a-z]*[a-z]*[a-z]*1$', 'a{0,50}a{0,50}c'];
    const long = 'a'.repeat(100_000);
    for (const regex of adversarial) {
      const started = performance.now();
      expect(test(regex, long)).toBe(false);
      expect([regex, performance.now() - started < 2_000]).toEqual([regex, true]);
    }
  });
});
