/**
 * AWS's documented filter-pattern examples (awsExamples.ts names each page) against the engine: every event the
 * pages show matches or not as they say, with the metric value, dimensions and extracted fields they give.
 */
import {
  compileFilterPattern,
  compileMetricTransformation,
  emitMetric,
  matchFilterPattern,
  parseFilterPattern,
} from '../../../shared/engines/filterPattern/index.js';
import { AWS_EXAMPLES, AWS_REJECTED_PATTERNS, AWS_VALID_PATTERNS, type DocExample } from './awsExamples.js';

const titled = AWS_EXAMPLES.map((example) => [`${example.page}: ${example.pattern}`, example] as const);

describe("AWS's documented filter pattern examples", () => {
  it.each(titled)('%s matches the events the page says it matches', (_title, example) => {
    const pattern = compileFilterPattern(example.pattern);
    for (const event of example.matches)
      expect([event, matchFilterPattern(pattern, event) !== undefined]).toEqual([event, true]);
  });

  it.each(titled)('%s does not match the events the page rules out', (_title, example) => {
    const pattern = compileFilterPattern(example.pattern);
    for (const event of [...(example.doesNotMatch ?? []), ...(example.inferred ?? [])]) {
      expect([event, matchFilterPattern(pattern, event) !== undefined]).toEqual([event, false]);
    }
  });

  const withMetrics = titled.filter(([, example]) => example.expectedValues || example.expectedDimensions);
  it.each(withMetrics)('%s publishes the metric value and dimensions the page gives', (_title, example) => {
    expect(emissionsOf(example)).toEqual(
      example.matches.map((_event, index) => ({
        value: example.expectedValues?.[index] ?? 1,
        ...(index === 0 && example.expectedDimensions ? { dimensions: example.expectedDimensions } : {}),
      })),
    );
  });

  const withFields = titled.filter(([, example]) => example.extracted);
  it.each(withFields)('%s extracts the fields the page lists', (_title, example) => {
    const match = matchFilterPattern(compileFilterPattern(example.pattern), example.matches[0]);
    expect(match?.fields).toEqual(example.extracted);
  });

  it.each(AWS_VALID_PATTERNS.map((entry) => [`${entry.page}: ${entry.pattern}`, entry.pattern]))(
    '%s is valid',
    (_title, pattern) => {
      const result = parseFilterPattern(pattern);
      expect(result.ok ? 'ok' : result.error.message).toBe('ok');
    },
  );

  it.each(AWS_REJECTED_PATTERNS.map((entry) => [`${entry.page}: ${entry.pattern}`, entry] as const))(
    '%s is rejected',
    (_title, entry) => {
      const result = parseFilterPattern(entry.pattern);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toContain(entry.because);
    },
  );
});

function emissionsOf(example: DocExample) {
  const pattern = compileFilterPattern(example.pattern);
  const transformation = compileMetricTransformation(pattern, {
    metricValue: example.metricValue,
    dimensions: example.dimensions,
  });
  return example.matches.map((event, index) => {
    const match = matchFilterPattern(pattern, event);
    if (!match) return { value: 'no match' };
    const emission = emitMetric(transformation, match);
    return {
      value: emission.value,
      ...(index === 0 && example.expectedDimensions ? { dimensions: emission.dimensions } : {}),
    };
  });
}
