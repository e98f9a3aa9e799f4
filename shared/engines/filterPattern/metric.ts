import { MetricTransformationError } from './errors.js';
import { MISSING, select } from './json/evaluate.js';
import { type PathStep, tokenize } from './json/tokenize.js';
import { NUMBER } from './lexer.js';
import { MAX_DIMENSIONS } from './limits.js';
import type { FilterPattern, FilterPatternMatch } from './pattern.js';

/**
 * What a metric filter publishes for a matching event (its MetricTransformation): a metric value that is a constant
 * (`1`, the default) or a reference to a value in the event, `$.latency` for a JSON pattern or `$size` / `$7` for a
 * space-delimited one; and up to three dimensions, each a reference of the same kind ("Publishing dimensions with
 * metrics from values in JSON or space-delimited log events": dimensions exist only for those two forms).
 */
export interface MetricTransformationSpec {
  metricValue?: string;
  dimensions?: Readonly<Record<string, string>>;
}

type ValueSource =
  | { kind: 'constant'; value: number }
  | { kind: 'json'; path: PathStep[]; text: string }
  | { kind: 'field'; name: string };

export interface MetricTransformation {
  readonly value: ValueSource;
  readonly dimensions: readonly (readonly [string, ValueSource])[];
}

/** What one matching event publishes. A value CloudWatch could not read is undefined, with the reason. */
export interface MetricEmission {
  value: number | undefined;
  dimensions: Record<string, string | undefined>;
  problems: string[];
}

const FIELD_REFERENCE = /^\$[A-Za-z0-9_-]+$/;

/** Checks a metric value and dimensions against the pattern, as PutMetricFilter would; throws MetricTransformationError. */
export function compileMetricTransformation(
  pattern: FilterPattern,
  spec: MetricTransformationSpec = {},
): MetricTransformation {
  const metricValue = (spec.metricValue ?? '1').trim();
  const value = NUMBER.test(metricValue)
    ? ({ kind: 'constant', value: Number(metricValue) } as const)
    : compileReference(pattern, metricValue, 'the metric value');
  const entries = Object.entries(spec.dimensions ?? {});
  if (entries.length > MAX_DIMENSIONS) {
    throw new MetricTransformationError(`a metric filter can publish at most ${MAX_DIMENSIONS} dimensions`);
  }
  const dimensions = entries.map(
    ([name, reference]) => [name, compileReference(pattern, reference.trim(), `dimension ${name}`)] as const,
  );
  return { value, dimensions };
}

function compileReference(pattern: FilterPattern, reference: string, what: string): ValueSource {
  if (pattern.kind === 'json') return compileJsonReference(reference, what);
  if (pattern.kind === 'spaceDelimited') return compileFieldReference(pattern, reference, what);
  throw new MetricTransformationError(
    `${what} ${JSON.stringify(reference)}: a ${pattern.kind === 'terms' ? 'term' : 'regex'} pattern extracts no ` +
      'values, so only a constant metric value and no dimensions are possible (use a JSON or space-delimited pattern)',
  );
}

function compileJsonReference(reference: string, what: string): ValueSource {
  let tokens: ReturnType<typeof tokenize> = [];
  try {
    tokens = tokenize(reference);
  } catch {
    // Reported below with the fix.
  }
  const [token] = tokens;
  if (tokens.length !== 1 || token.kind !== 'selector' || !reference.startsWith('$.')) {
    throw new MetricTransformationError(
      `${what} ${JSON.stringify(reference)} must be a number or a selector such as $.latency for a JSON pattern`,
    );
  }
  return { kind: 'json', path: token.path, text: reference };
}

function compileFieldReference(
  pattern: Extract<FilterPattern, { kind: 'spaceDelimited' }>,
  reference: string,
  what: string,
): ValueSource {
  const slots = [...pattern.slots.before, ...(pattern.slots.after ?? [])];
  const known = slots.some((slot) => `$${slot.name}` === reference) || /^\$[1-9]\d*$/.test(reference);
  if (!FIELD_REFERENCE.test(reference) || !known) {
    const names = slots.flatMap((slot) => (slot.name ? [`$${slot.name}`] : [])).join(', ');
    throw new MetricTransformationError(
      `${what} ${JSON.stringify(reference)} must be a number or one of the pattern's fields (${names || 'none named'})`,
    );
  }
  return { kind: 'field', name: reference };
}

/** The value and dimensions one matching event publishes. */
export function emitMetric(transformation: MetricTransformation, match: FilterPatternMatch): MetricEmission {
  const problems: string[] = [];
  const raw = read(transformation.value, match);
  const value = toNumber(raw);
  if (value === undefined) {
    problems.push(`${describe(transformation.value)} is ${explain(raw, 'a number')}: no value is published`);
  }
  const dimensions: Record<string, string | undefined> = {};
  for (const [name, source] of transformation.dimensions) {
    const found = read(source, match);
    const text = typeof found === 'string' || typeof found === 'number' ? String(found) : undefined;
    if (text === undefined)
      problems.push(`dimension ${name} (${describe(source)}) is ${explain(found, 'a string or number')}`);
    dimensions[name] = text;
  }
  return { value, dimensions, problems };
}

function read(source: ValueSource, match: FilterPatternMatch): unknown {
  if (source.kind === 'constant') return source.value;
  if (source.kind === 'json') return select(match.json, source.path);
  if (Object.hasOwn(match.fields ?? {}, source.name)) return match.fields?.[source.name];
  const position = /^\$(\d+)$/.exec(source.name);
  return (position && match.positional?.[Number(position[1]) - 1]) ?? MISSING;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER.test(value.trim())) return Number(value);
  return undefined;
}

function describe(source: ValueSource): string {
  if (source.kind === 'constant') return String(source.value);
  return source.kind === 'json' ? source.text : source.name;
}

function explain(value: unknown, expected: string): string {
  if (value === MISSING) return 'missing';
  return `not ${expected} (${JSON.stringify(value)})`;
}
