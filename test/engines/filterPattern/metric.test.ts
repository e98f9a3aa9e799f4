import {
  compileFilterPattern,
  compileMetricTransformation,
  emitMetric,
  MAX_DIMENSIONS,
  type MetricTransformationSpec,
  matchFilterPattern,
} from '../../../shared/engines/filterPattern/index.js';

function emissionOf(pattern: string, spec: MetricTransformationSpec, event: string) {
  const compiled = compileFilterPattern(pattern);
  const match = matchFilterPattern(compiled, event);
  if (!match) throw new Error(`expected ${pattern} to match ${event}`);
  return emitMetric(compileMetricTransformation(compiled, spec), match);
}

describe('metric values and dimensions', () => {
  it('publishes 1 by default and a constant as given', () => {
    expect(emissionOf('ERROR', {}, 'ERROR x')).toEqual({ value: 1, dimensions: {}, problems: [] });
    expect(emissionOf('ERROR', { metricValue: '2.5' }, 'ERROR x').value).toBe(2.5);
  });

  it('publishes a JSON number, or a numeric string, found by a selector', () => {
    const pattern = '{ $.latency = * }';
    expect(emissionOf(pattern, { metricValue: '$.latency' }, '{"latency": 50}').value).toBe(50);
    expect(emissionOf(pattern, { metricValue: '$.latency' }, '{"latency": "75"}').value).toBe(75);
    expect(emissionOf('{ $.a[0].b > 1 }', { metricValue: '$.a[0].b' }, '{"a": [{"b": 3}]}').value).toBe(3);
  });

  it('publishes nothing, and says why, when the referenced value is missing or not a number', () => {
    const missing = emissionOf('{ $.a = 1 }', { metricValue: '$.latency' }, '{"a": 1}');
    expect(missing.value).toBeUndefined();
    expect(missing.problems).toEqual(['$.latency is missing: no value is published']);
    const text = emissionOf('{ $.a = * }', { metricValue: '$.a' }, '{"a": "slow"}');
    expect(text.value).toBeUndefined();
    expect(text.problems).toEqual(['$.a is not a number ("slow"): no value is published']);
  });

  it('reads dimensions from JSON and space-delimited events', () => {
    const json = emissionOf(
      '{ $.eventType = * }',
      { dimensions: { eventType: '$.eventType' } },
      '{"eventType": "Put"}',
    );
    expect(json.dimensions).toEqual({ eventType: 'Put' });
    const fields = emissionOf('[ip, user, status]', { dimensions: { user: '$user' } }, '1.2.3.4 frank 200');
    expect(fields.dimensions).toEqual({ user: 'frank' });
    const absent = emissionOf('{ $.a = 1 }', { dimensions: { kind: '$.kind' } }, '{"a": 1}');
    expect(absent.dimensions).toEqual({ kind: undefined });
    expect(absent.problems).toEqual(['dimension kind ($.kind) is missing']);
  });

  it('rejects what PutMetricFilter would: references a pattern cannot provide, too many dimensions', () => {
    const terms = compileFilterPattern('ERROR');
    expect(() => compileMetricTransformation(terms, { metricValue: '$.latency' })).toThrow(/extracts no values/);
    expect(() => compileMetricTransformation(terms, { dimensions: { a: '$a' } })).toThrow(/extracts no values/);
    const json = compileFilterPattern('{ $.a = 1 }');
    expect(() => compileMetricTransformation(json, { metricValue: '$a' })).toThrow(/selector such as \$\.latency/);
    const dimensions = Object.fromEntries(
      Array.from({ length: MAX_DIMENSIONS + 1 }, (_, index) => [`d${index}`, '$.a']),
    );
    expect(() => compileMetricTransformation(json, { dimensions })).toThrow(`at most ${MAX_DIMENSIONS} dimensions`);
  });
});
