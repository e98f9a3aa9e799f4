/**
 * The statistics every scenario reports with: medians with their spread, ratios between interleaved runs, and the
 * timing helpers. Pure except for the clock and the garbage collector.
 */

/** A set of samples reduced to what the report prints: the median and the spread around it. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** First and third quartile (linear interpolation between closest ranks). */
  q1: number;
  q3: number;
  runs: number;
}

/** The value at quantile `q` (0..1) of samples already sorted ascending, interpolating between closest ranks. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no samples');
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} is outside 0..1`);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  if (low === high) return sorted[low];
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Median, min–max and interquartile range of a non-empty set of samples. */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('cannot summarise zero samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantileOfSorted(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1: quantileOfSorted(sorted, 0.25),
    q3: quantileOfSorted(sorted, 0.75),
    runs: sorted.length,
  };
}

/**
 * The ratio of two measurements taken in alternating rounds (subject, baseline, subject, baseline …): one ratio per
 * round, so drift of a noisy machine hits both sides of each ratio alike. Returns the summary of those ratios.
 */
export function summariseRatios(subject: readonly number[], baseline: readonly number[]): Summary {
  if (subject.length !== baseline.length) {
    throw new RangeError(`paired samples differ in length: ${subject.length} vs ${baseline.length}`);
  }
  return summarise(subject.map((value, i) => value / baseline[i]));
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `fn` once and returns how long it took in milliseconds. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return elapsedMs(start);
}

/** Runs `fn` once, synchronously, and returns how long it took in milliseconds. */
export function timeSyncMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return elapsedMs(start);
}

/** Collects garbage when the process runs with --expose-gc (bench/run.ts always starts scenarios that way). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Whether a full GC can be forced; the report says so when it cannot. */
export function canCollectGarbage(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** Units a figure can be printed in, with how many digits make sense for each. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return '0';
  return value.toPrecision(2);
}

/**
 * Runs the phases `rounds` times, in the given order on even rounds and reversed on odd ones, so a slow stretch of a
 * noisy machine does not always fall on the same side of a comparison.
 */
export async function alternateRounds(rounds: number, phases: readonly (() => Promise<unknown>)[]): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? phases : [...phases].reverse();
    for (const phase of order) await phase();
  }
}
