import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type Command, Option } from 'commander';
import { MetricTransformationError } from '../../shared/engines/filterPattern/errors.js';
import {
  compileMetricTransformation,
  emitMetric,
  FilterPatternError,
  isJsonDocument,
  type MetricEmission,
  type MetricTransformationSpec,
  matchFilterPattern,
  parseFilterPattern,
} from '../../shared/engines/filterPattern/index.js';
import { METRIC_FILTERS } from '../../shared/engines/filterPattern/metricFilters.js';

/** What `test-filter` found. */
export interface TestFilterSummary {
  pattern: string;
  lines: number;
  matched: number;
  /** For a JSON pattern, lines that are not a JSON document: it never matches them (as in CloudWatch). */
  notJson: number;
  /** When a metric value or dimensions were given: the sum of the values the matching lines publish. */
  metricSum?: number;
}

interface Writer {
  write(text: string): unknown;
}

/** One input line and where it came from, for `file:line:` prefixes. */
export interface SourcedLine {
  source: string;
  number: number;
  text: string;
}

/**
 * Evaluates a CloudWatch Logs filter pattern (terms, %regex%, JSON or space-delimited) over lines, offline, and
 * writes each matching line to `out` (as `source:number: line` when the lines carry their origin). Given a metric
 * value or dimensions, each matching line is followed by a tab and what the metric filter would publish for it.
 * Throws FilterPatternError / MetricTransformationError for a pattern or metric it cannot use, before reading.
 */
export async function runTestFilter(
  pattern: string,
  lines: Iterable<string | SourcedLine> | AsyncIterable<string | SourcedLine>,
  out: Writer,
  metric?: MetricTransformationSpec,
): Promise<TestFilterSummary> {
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok) throw parsed.error;
  const transformation = metric ? compileMetricTransformation(parsed.pattern, metric) : undefined;
  const summary: TestFilterSummary = { pattern, lines: 0, matched: 0, notJson: 0 };
  if (transformation) summary.metricSum = 0;
  for await (const item of lines) {
    const line = typeof item === 'string' ? { source: '', number: summary.lines + 1, text: item } : item;
    summary.lines += 1;
    if (parsed.pattern.kind === 'json' && !isJsonDocument(line.text)) summary.notJson += 1;
    const match = matchFilterPattern(parsed.pattern, line.text);
    if (match) reportMatch(line, transformation && emitMetric(transformation, match), summary, out);
  }
  return summary;
}

function reportMatch(
  line: SourcedLine,
  emission: MetricEmission | undefined,
  summary: TestFilterSummary,
  out: Writer,
): void {
  summary.matched += 1;
  if (emission?.value !== undefined) summary.metricSum = (summary.metricSum ?? 0) + emission.value;
  const prefix = line.source ? `${line.source}:${line.number}: ` : '';
  out.write(`${prefix}${line.text}${emission ? `\t${describeEmission(emission)}` : ''}\n`);
}

/** `[metric 50 eventType=UpdateTrail]`, or `[metric none: $.latency is missing: no value is published]`. */
export function describeEmission(emission: MetricEmission): string {
  const dimensions = Object.entries(emission.dimensions).map(([name, value]) => `${name}=${value ?? '(missing)'}`);
  const problems = emission.problems.length > 0 ? `: ${emission.problems.join('; ')}` : '';
  return `[metric ${[emission.value ?? 'none', ...dimensions].join(' ')}${problems}]`;
}

/** Lines of the named files ('-' or none: stdin), with their origin. */
async function* readSourcedLines(files: string[], stdin: Readable): AsyncGenerator<SourcedLine> {
  const sources = files.length === 0 ? ['-'] : files;
  for (const source of sources) {
    const input = source === '-' ? stdin : createReadStream(source, { encoding: 'utf8' });
    let number = 0;
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      number += 1;
      yield { source: sources.length > 1 ? (source === '-' ? 'stdin' : source) : '', number, text };
    }
  }
}

export interface TestFilterIo {
  stdin: Readable;
  stdout: Writer;
  stderr: Writer;
  /** How the command reports its exit status; process.exitCode when not given. */
  setExitCode?: (code: number) => void;
}

const METRIC_NAMES = METRIC_FILTERS.map((f) => f.metricName);

interface TestFilterOptions {
  pattern?: string;
  metric?: string;
  metricValue?: string;
  dimension?: string[];
}

/**
 * `teddy-logs test-filter --pattern '<pattern>' [FILE...]` (or `--metric ErrorCount` for a deployed pattern):
 * prints the matching lines to stdout, a count to stderr. Exit 0 after a run, 2 for a pattern it cannot read.
 */
export function registerTestFilter(
  program: Command,
  io: TestFilterIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): void {
  program
    .command('test-filter')
    .description(
      'Evaluate a CloudWatch Logs filter pattern offline and print the lines that match, with the metric value ' +
        'and dimensions a metric filter would publish. Use it to check a metric or subscription filter before deploying it.',
    )
    .argument('[FILE...]', "input files, one log event per line; none or '-' reads stdin")
    .option(
      '--pattern <pattern>',
      "the filter pattern, e.g. 'ERROR -DEBUG', '{ $.level = \"ERROR\" }' or '[ip, id, user, ...]'",
    )
    .addOption(new Option('--metric <name>', 'use the pattern the stack deploys for this metric').choices(METRIC_NAMES))
    .option('--metric-value <value>', 'the metric value: a number, $.field (JSON) or $field / $n (space-delimited)')
    .option(
      '--dimension <name=reference>',
      'a dimension, e.g. eventType=$.eventType or server=$server (repeat, up to 3)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addHelpText(
      'after',
      '\nSupported: terms (ERROR, ?ERROR ?WARN, ERROR -DEBUG, "exact phrase", " " for everything), %regex%\n' +
        "(CloudWatch's subset), JSON patterns ($.a.b, $.a[0], = != < > <= >=, * wildcards, %regex%, IS NULL, IS TRUE,\n" +
        'IS FALSE, NOT EXISTS, && || and parentheses) and space-delimited patterns ([a, b = 4*, ..., c > 10], "..." and\n' +
        '[...] fields). Differences from CloudWatch: RUNBOOK.md, "Filter patterns".',
    )
    .action(async (files: string[], options: TestFilterOptions) => {
      const pattern = options.pattern ?? METRIC_FILTERS.find((f) => f.metricName === options.metric)?.pattern;
      if (pattern === undefined || (options.pattern !== undefined && options.metric !== undefined)) {
        fail(io, 'give exactly one of --pattern or --metric');
        return;
      }
      const metric = metricOptions(options);
      if (typeof metric === 'string') {
        fail(io, metric);
        return;
      }
      await runAndReport(pattern, files, metric, io);
    });
}

async function runAndReport(
  pattern: string,
  files: string[],
  metric: MetricTransformationSpec | undefined,
  io: TestFilterIo,
): Promise<void> {
  try {
    const summary = await runTestFilter(pattern, readSourcedLines(files, io.stdin), io.stdout, metric);
    io.stderr.write(
      `${summary.matched} of ${summary.lines} lines match` +
        (summary.notJson ? ` (${summary.notJson} not JSON, never matched)` : '') +
        (summary.metricSum !== undefined ? `; the metric would add up to ${summary.metricSum}` : '') +
        '\n',
    );
  } catch (error) {
    if (error instanceof FilterPatternError) fail(io, `invalid pattern: ${error.message}`);
    else if (error instanceof MetricTransformationError) fail(io, `invalid metric: ${error.message}`);
    else throw error;
  }
}

/** The metric transformation the options ask for, undefined for none, or a one-line problem. */
function metricOptions(options: TestFilterOptions): MetricTransformationSpec | undefined | string {
  if (options.metricValue === undefined && options.dimension === undefined) return undefined;
  const dimensions: Record<string, string> = {};
  for (const entry of options.dimension ?? []) {
    const equals = entry.indexOf('=');
    if (equals <= 0) return `--dimension ${JSON.stringify(entry)} must be name=reference, e.g. eventType=$.eventType`;
    dimensions[entry.slice(0, equals).trim()] = entry.slice(equals + 1).trim();
  }
  return { metricValue: options.metricValue, dimensions };
}

function fail(io: TestFilterIo, message: string): void {
  io.stderr.write(`test-filter: ${message}\n`);
  exit(io, 2);
}

function exit(io: TestFilterIo, code: number): void {
  if (io.setExitCode) io.setExitCode(code);
  else process.exitCode = code;
}
