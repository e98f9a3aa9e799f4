import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { type Command, Option } from 'commander';
import {
  FilterPatternError,
  matchesFilterPattern,
  parseFilterPattern,
} from '../../shared/engines/filterPattern/index.js';
import { METRIC_FILTERS } from '../../shared/engines/filterPattern/metricFilters.js';

/** What `test-filter` found. */
export interface TestFilterSummary {
  pattern: string;
  lines: number;
  matched: number;
  /** Lines that are not a JSON document: a JSON pattern never matches them (as in CloudWatch). */
  notJson: number;
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
 * Evaluates a CloudWatch Logs JSON filter pattern over lines, offline, and writes each matching line to `out`
 * (as `source:number: line` when the lines carry their origin). Throws FilterPatternError for a pattern it cannot
 * read, before reading any line.
 */
export async function runTestFilter(
  pattern: string,
  lines: Iterable<string | SourcedLine> | AsyncIterable<string | SourcedLine>,
  out: Writer,
): Promise<TestFilterSummary> {
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok) throw parsed.error;
  const summary: TestFilterSummary = { pattern, lines: 0, matched: 0, notJson: 0 };
  for await (const item of lines) {
    const line = typeof item === 'string' ? { source: '', number: summary.lines + 1, text: item } : item;
    summary.lines += 1;
    if (!isJsonDocument(line.text)) summary.notJson += 1;
    if (!matchesFilterPattern(parsed.pattern, line.text)) continue;
    summary.matched += 1;
    out.write(line.source ? `${line.source}:${line.number}: ${line.text}\n` : `${line.text}\n`);
  }
  return summary;
}

function isJsonDocument(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
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
      'Evaluate a CloudWatch Logs JSON filter pattern offline and print the lines that match. ' +
        'Use it to check a metric or subscription filter before deploying it.',
    )
    .argument('[FILE...]', "input files, one log event per line; none or '-' reads stdin")
    .option('--pattern <pattern>', 'the JSON filter pattern, e.g. \'{ $.level = "ERROR" }\'')
    .addOption(new Option('--metric <name>', 'use the pattern the stack deploys for this metric').choices(METRIC_NAMES))
    .addHelpText(
      'after',
      '\nSupported: selectors ($.a.b, $.a[0]), = != < > <= >=, "*" wildcards in strings, %regex% (CloudWatch\n' +
        'subset), IS NULL, NOT EXISTS, IS TRUE, IS FALSE, && || and parentheses. Lines that are not a JSON document\n' +
        'never match. Differences from CloudWatch: RUNBOOK.md, "Filter patterns".',
    )
    .action(async (files: string[], options: { pattern?: string; metric?: string }) => {
      const pattern = options.pattern ?? METRIC_FILTERS.find((f) => f.metricName === options.metric)?.pattern;
      if (pattern === undefined || (options.pattern !== undefined && options.metric !== undefined)) {
        io.stderr.write('test-filter: give exactly one of --pattern or --metric\n');
        exit(io, 2);
        return;
      }
      try {
        const summary = await runTestFilter(pattern, readSourcedLines(files, io.stdin), io.stdout);
        io.stderr.write(
          `${summary.matched} of ${summary.lines} lines match` +
            (summary.notJson ? ` (${summary.notJson} not JSON, never matched)` : '') +
            '\n',
        );
      } catch (error) {
        if (!(error instanceof FilterPatternError)) throw error;
        io.stderr.write(`test-filter: invalid pattern: ${error.message}\n`);
        exit(io, 2);
      }
    });
}

function exit(io: TestFilterIo, code: number): void {
  if (io.setExitCode) io.setExitCode(code);
  else process.exitCode = code;
}
