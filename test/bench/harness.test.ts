import fc from 'fast-check';
import { countBatchBytes, LargestPayloadShape, someLargestPayloadMessages } from '../../bench/fixtures';
import {
  formatTarget,
  judgeRow,
  type Row,
  renderMarkdown,
  renderText,
  type ScenarioResult,
  ScenarioStatus,
  Verdict,
} from '../../bench/report';
import { anEmptyResult, ModuleUnavailableError, requireOptional, runOrReportUnavailable } from '../../bench/scenario';
import { formatNumber, quantileOfSorted, type Summary, summarise, summariseRatios } from '../../bench/stats';

// The harness's arithmetic and report, not timings: a wrong median or an inverted ratio would make every figure in
// BENCHMARKS.md wrong while looking plausible.

function aSummary(overrides: Partial<Summary> = {}): Summary {
  return { median: 1, min: 1, max: 1, q1: 1, q3: 1, runs: 1, ...overrides };
}

function aRow(overrides: Partial<Row> = {}): Row {
  return { measure: 'pipeline / floor', summary: aSummary(), unit: 'x', ...overrides };
}

function aResult(overrides: Partial<ScenarioResult> = {}): ScenarioResult {
  return {
    id: 'ship',
    title: '1. Ship pipeline throughput',
    status: ScenarioStatus.OK,
    inputs: [],
    rows: [],
    notes: [],
    ...overrides,
  };
}

const aMachine = {
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 4,
  node: 'v20.0.0',
  platform: 'linux',
  date: '2026-06-17T10:00:00.000Z',
  gcExposed: true,
};

describe('summarise', () => {
  it('takes the middle sample of an odd count as the median, whatever the order', () => {
    expect(summarise([9, 1, 5]).median).toBe(5);
  });

  it('averages the two middle samples of an even count', () => {
    expect(summarise([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('reports min, max and the interquartile range by linear interpolation', () => {
    const summary = summarise([1, 2, 3, 4, 5]);
    expect(summary).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, runs: 5 });
    expect(summarise([10, 20]).q1).toBe(12.5);
  });

  it('refuses to summarise nothing rather than report NaN', () => {
    expect(() => summarise([])).toThrow(RangeError);
  });

  it('always orders min ≤ q1 ≤ median ≤ q3 ≤ max, within the samples', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const s = summarise(xs);
        expect(s.min).toBeLessThanOrEqual(s.q1);
        expect(s.q1).toBeLessThanOrEqual(s.median);
        expect(s.median).toBeLessThanOrEqual(s.q3);
        expect(s.q3).toBeLessThanOrEqual(s.max);
        expect(s.min).toBe(Math.min(...xs));
        expect(s.max).toBe(Math.max(...xs));
        expect(s.runs).toBe(xs.length);
      }),
    );
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    summarise(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('quantileOfSorted', () => {
  it('returns the ends at 0 and 1 and rejects quantiles outside them', () => {
    expect(quantileOfSorted([1, 2, 3], 0)).toBe(1);
    expect(quantileOfSorted([1, 2, 3], 1)).toBe(3);
    expect(() => quantileOfSorted([1], 1.5)).toThrow(RangeError);
  });
});

describe('summariseRatios', () => {
  it('divides round by round, so each ratio pairs measurements taken together', () => {
    // Round 2 is slow on both sides (a noisy neighbour): the per-round ratio stays 2.
    expect(summariseRatios([2, 20, 4], [1, 10, 2])).toEqual(
      aSummary({ median: 2, min: 2, max: 2, q1: 2, q3: 2, runs: 3 }),
    );
  });

  it('is subject over baseline: floor time over pipeline time is the pipeline’s share of the floor’s throughput', () => {
    const floorMs = [100, 100, 100];
    const pipelineMs = [400, 400, 400];
    expect(summariseRatios(floorMs, pipelineMs).median).toBe(0.25);
  });

  it('refuses unpaired samples', () => {
    expect(() => summariseRatios([1, 2], [1])).toThrow(RangeError);
  });
});

describe('judgeRow', () => {
  it('meets an at-least target at the boundary and misses below it', () => {
    const target = { kind: 'atLeast', value: 0.5 } as const;
    expect(judgeRow(aRow({ summary: aSummary({ median: 0.5 }), target }))).toBe(Verdict.MET);
    expect(judgeRow(aRow({ summary: aSummary({ median: 0.49 }), target }))).toBe(Verdict.MISSED);
  });

  it('meets an at-most target at the boundary and misses above it', () => {
    const target = { kind: 'atMost', value: 50 } as const;
    expect(judgeRow(aRow({ unit: 'ms', summary: aSummary({ median: 50 }), target }))).toBe(Verdict.MET);
    expect(judgeRow(aRow({ unit: 'ms', summary: aSummary({ median: 50.1 }), target }))).toBe(Verdict.MISSED);
  });

  it('judges on the median, not on a lucky minimum', () => {
    const row = aRow({ summary: aSummary({ median: 0.4, max: 0.9 }), target: { kind: 'atLeast', value: 0.5 } });
    expect(judgeRow(row)).toBe(Verdict.MISSED);
  });

  it('gives no verdict to a row without a target', () => {
    expect(judgeRow(aRow())).toBe(Verdict.NONE);
  });
});

describe('formatting', () => {
  it('prints targets with their direction and unit', () => {
    expect(formatTarget({ kind: 'atLeast', value: 0.5 }, 'x')).toBe('≥ 0.50x');
    expect(formatTarget({ kind: 'atMost', value: 50 }, 'ms')).toBe('≤ 50.0 ms');
    expect(formatTarget(undefined, 'ms')).toBe('');
  });

  it('keeps sensible digits for every magnitude', () => {
    expect(formatNumber(123456.7)).toBe('123,457');
    expect(formatNumber(456.7)).toBe('457');
    expect(formatNumber(45.67)).toBe('45.7');
    expect(formatNumber(4.567)).toBe('4.57');
    expect(formatNumber(0.04567)).toBe('0.046');
    expect(formatNumber(0)).toBe('0');
  });
});

describe('the report', () => {
  const results = [
    aResult({
      rows: [
        aRow({ summary: aSummary({ median: 0.7, min: 0.6, max: 0.8 }), target: { kind: 'atLeast', value: 0.5 } }),
        aRow({ measure: 'pipeline', unit: 'events/s', summary: aSummary({ median: 1234 }) }),
      ],
      inputs: ['10 payloads'],
      notes: ['a note', '  - a sub-item'],
    }),
    aResult({ id: 'opensearch', title: '5. OpenSearch sink', status: ScenarioStatus.SKIPPED, reason: 'not reachable' }),
  ];

  it('puts every figure with its spread, target and verdict in the table', () => {
    const markdown = renderMarkdown(results, aMachine, ['preface']);
    expect(markdown).toContain(
      '| 1. Ship pipeline throughput | pipeline / floor | 0.70x | 0.60–0.80 | 1.00–1.00 | 1 | ≥ 0.50x | MET |',
    );
    expect(markdown).toContain('| 1. Ship pipeline throughput | pipeline | 1234 events/s |');
  });

  it('shows a scenario that did not run with its reason instead of leaving it out', () => {
    expect(renderMarkdown(results, aMachine, [])).toContain('| 5. OpenSearch sink | — | skipped: not reachable |');
    expect(renderText(results)).toContain('skipped: not reachable');
  });

  it('names the machine and counts the targets met and missed', () => {
    const markdown = renderMarkdown(results, aMachine, []);
    expect(markdown).toContain('- CPU: Test CPU, 2 cores');
    expect(markdown).toContain('- Node.js v20.0.0');
    expect(markdown).toContain('Targets: 1 met, 0 missed.');
  });

  it('lists every missed target under the table, with its figure and target', () => {
    const missed = aResult({
      rows: [aRow({ summary: aSummary({ median: 0.07 }), target: { kind: 'atLeast', value: 0.5 } })],
    });
    const markdown = renderMarkdown([missed], aMachine, []);
    expect(markdown).toContain('Targets: 0 met, 1 missed.');
    expect(markdown).toContain('- 1. Ship pipeline throughput, pipeline / floor: 0.070x against ≥ 0.50x');
  });

  it('lists inputs and notes under each scenario, sub-items indented', () => {
    const markdown = renderMarkdown(results, aMachine, []);
    expect(markdown).toContain('- 10 payloads');
    expect(markdown).toContain('- a note\n  - a sub-item');
  });

  it('aligns the terminal table in columns', () => {
    const lines = renderText(results).trimEnd().split('\n');
    const measureColumn = lines[0].indexOf('Measure');
    expect(lines[1].indexOf('pipeline / floor')).toBe(measureColumn);
  });
});

describe('the largest-payload fixtures', () => {
  it.each(Object.values(LargestPayloadShape))('stay within CloudWatch’s batch limits (%s)', (shape) => {
    const messages = someLargestPayloadMessages(shape);
    expect(countBatchBytes(messages)).toBeLessThanOrEqual(1_048_576);
    expect(countBatchBytes(messages)).toBeGreaterThan(1_000_000);
    expect(messages.length).toBeLessThanOrEqual(10_000);
    for (const message of messages) expect(Buffer.byteLength(message) + 26).toBeLessThanOrEqual(256 * 1024);
  });
});

describe('a scenario whose module has not landed', () => {
  const root = `${__dirname}/../..`;

  it('is told the module is unavailable when the file is missing', () => {
    expect(() => requireOptional(root, 'shared/notLandedYet/index.ts', ['anything'])).toThrow(ModuleUnavailableError);
  });

  it('is told the module is unavailable when an export it needs is missing', () => {
    expect(() => requireOptional(root, 'shared/core/errors.ts', ['notAnExport'])).toThrow(
      /does not export notAnExport/,
    );
  });

  it('gets the module when it and its exports are there', () => {
    const errors = requireOptional<{ ConfigError: unknown }>(root, 'shared/core/errors.ts', ['ConfigError']);
    expect(typeof errors.ConfigError).toBe('function');
  });

  it('reports "not available" instead of crashing', async () => {
    const result = await runOrReportUnavailable(anEmptyResult('ship', 'Ship'), async () => {
      requireOptional(root, 'shared/notLandedYet/index.ts', []);
      throw new Error('unreachable');
    });
    expect(result.status).toBe(ScenarioStatus.NOT_AVAILABLE);
    expect(result.reason).toContain('shared/notLandedYet/index.ts');
  });

  it('still fails on a real crash', async () => {
    await expect(
      runOrReportUnavailable(anEmptyResult('ship', 'Ship'), async () => {
        throw new TypeError('a bug');
      }),
    ).rejects.toThrow('a bug');
  });
});
