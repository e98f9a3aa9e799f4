/**
 * Properties of the whole engine over every pattern form: parsing never throws (a pattern AWS would reject is a
 * FilterPatternError, never a crash), matching and metric extraction never throw on any event, and evaluation time
 * grows linearly with the event.
 */
import fc from 'fast-check';
import {
  compileFilterPattern,
  compileMetricTransformation,
  emitMetric,
  FilterPatternError,
  MAX_PATTERN_LENGTH,
  MetricTransformationError,
  matchesFilterPatternValue,
  matchFilterPattern,
  parseFilterPattern,
} from '../../../shared/engines/filterPattern/index.js';

// Pieces of every form's syntax, glued at random, so most patterns are nearly valid and reach deep into the parsers.
const piece = fc.constantFrom(
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  '...',
  '&&',
  '||',
  '=',
  '!=',
  '<',
  '>=',
  '!',
  '?',
  '-',
  '*',
  '$',
  '$.a',
  '$.a[0]',
  '$.b.c',
  'a',
  'w1',
  'ERROR',
  '"x y"',
  '"',
  '\\"',
  '%',
  '%^a.*b$%',
  '%[0-9]{2,}%',
  '%(a)%',
  'IS',
  'NULL',
  'NOT',
  'EXISTS',
  'TRUE',
  '4*',
  '*.html*',
  '-1.5e3',
  '+7',
  ' ',
  '\t',
  'é',
  '\u0000',
);
const pattern = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(' ')),
  fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')),
  fc.array(piece, { maxLength: 20 }).map((parts) => `[${parts.join(', ')}]`),
  fc.array(piece, { maxLength: 20 }).map((parts) => `{ ${parts.join(' ')} }`),
);
const event = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json(),
  fc
    .array(fc.constantFrom('a', 'ERROR', '[x y]', '"q r"', '404', '-', '{', '"', '[', '1e3'), { maxLength: 12 })
    .map((parts) => parts.join(' ')),
);

describe('filter pattern engine: properties', () => {
  it('never throws on any pattern and event: a parse error is a FilterPatternError with a position', () => {
    fc.assert(
      fc.property(pattern, event, (source, message) => {
        const result = parseFilterPattern(source);
        if (!result.ok) {
          expect(result.error).toBeInstanceOf(FilterPatternError);
          expect(result.error.position).toBeGreaterThanOrEqual(0);
          expect(result.error.position).toBeLessThanOrEqual(Math.max(source.length, MAX_PATTERN_LENGTH));
          return;
        }
        const match = matchFilterPattern(result.pattern, message);
        expect(match === undefined || typeof match === 'object').toBe(true);
        expect(typeof matchesFilterPatternValue(result.pattern, safeParse(message))).toBe('boolean');
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws extracting a metric value or dimension from a matching event', () => {
    const references = fc.constantFrom('1', '2.5', '$.a', '$.a[0]', '$.b.c', '$a', '$w1', '$1', '$7', 'x', '$', '');
    fc.assert(
      fc.property(pattern, event, references, references, (source, message, value, dimension) => {
        const result = parseFilterPattern(source);
        if (!result.ok) return;
        let transformation: ReturnType<typeof compileMetricTransformation>;
        try {
          transformation = compileMetricTransformation(result.pattern, {
            metricValue: value,
            dimensions: { d: dimension },
          });
        } catch (error) {
          expect(error).toBeInstanceOf(MetricTransformationError);
          return;
        }
        const match = matchFilterPattern(result.pattern, message);
        if (match) expect(Array.isArray(emitMetric(transformation, match).problems)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('evaluates in time linear in the event, for every form, on inputs built to make backtracking explode', () => {
    const cases: [string, (size: number) => string][] = [
      ['%a*a*a*a*a*a*a*a*c%', (size) => 'a'.repeat(size)],
      ['ERROR -b ?"a a" ?c', (size) => 'a '.repeat(size / 2)],
      ['[a = *x*, ..., z = %^[a-z]*[a-z]*[a-z]*1$%]', (size) => `${'[ '.repeat(size / 4)}${'"'.repeat(size / 2)}`],
      ['{ $.m = %b*b*b*b*b*c% || $.n = *zz* }', (size) => JSON.stringify({ m: 'b'.repeat(size), n: 'z'.repeat(size) })],
    ];
    for (const [source, build] of cases) {
      const compiled = compileFilterPattern(source);
      const small = timeOf(() => matchFilterPattern(compiled, build(20_000)));
      const large = timeOf(() => matchFilterPattern(compiled, build(200_000)));
      // Ten times the input: linear work takes about ten times as long; quadratic would take a hundred.
      expect([source, large < Math.max(small, 5) * 40]).toEqual([source, true]);
    }
  });
});

function timeOf(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
