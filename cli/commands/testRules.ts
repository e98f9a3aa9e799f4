import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Redactor } from '../../shared/pipeline/redact/index.js';

/** What `test-rules` found over all its input. */
export interface TestRulesSummary {
  lines: number;
  linesWithFindings: number;
  findings: number;
  /** Rule name -> how many times it fired. */
  byRule: Record<string, number>;
}

interface LineFinding {
  where: string;
  rule: string;
  kind: string;
  matched: string;
}

/**
 * Shows a match without giving it away: first and last character and the length. Short matches show nothing but
 * their length, since two characters of a four-character PIN are half of it.
 */
export function maskMatch(text: string): string {
  const length = [...text].length;
  if (length <= 8) return `*** (${length} chars)`;
  const chars = [...text];
  return `${chars[0]}…${chars[length - 1]} (${length} chars)`;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The findings of one line: a JSON line by field; a text line by text, and any JSON object at its end by field. */
function inspectLine(line: string, redactor: Redactor): LineFinding[] {
  const whole = line.trimStart().startsWith('{') ? parseObject(line) : undefined;
  const brace = whole ? -1 : line.indexOf('{');
  const tail = brace > 0 ? parseObject(line.slice(brace)) : undefined;
  const findings: LineFinding[] = [];
  const text = tail ? line.slice(0, brace) : whole ? '' : line;
  for (const span of redactor.explain(text)) {
    findings.push({
      where: `text[${span.start}..${span.end})`,
      rule: span.rule,
      kind: span.kind,
      matched: text.slice(span.start, span.end),
    });
  }
  const object = whole ?? tail;
  if (object) {
    for (const finding of redactor.explainFields(object)) {
      const range = finding.start === undefined ? '' : `[${finding.start}..${finding.end})`;
      findings.push({
        where: `${finding.path}${range}`,
        rule: finding.rule,
        kind: finding.kind,
        matched: finding.matched,
      });
    }
  }
  return findings;
}

function createTally() {
  const summary: TestRulesSummary = { lines: 0, linesWithFindings: 0, findings: 0, byRule: {} };
  return {
    summary,
    add(line: string, redactor: Redactor, out: (line: string) => void): void {
      summary.lines += 1;
      if (line.trim() === '') return;
      const findings = inspectLine(line, redactor);
      if (findings.length === 0) return;
      summary.linesWithFindings += 1;
      summary.findings += findings.length;
      out(`line ${summary.lines}: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
      for (const finding of findings) {
        summary.byRule[finding.rule] = (summary.byRule[finding.rule] ?? 0) + 1;
        out(`  ${finding.where}  ${finding.rule} (${finding.kind})  ${maskMatch(finding.matched)}`);
      }
    },
    finish(out: (line: string) => void): TestRulesSummary {
      out(`summary: ${summary.lines} lines, ${summary.linesWithFindings} with findings, ${summary.findings} findings`);
      const rules = Object.entries(summary.byRule).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const width = Math.max(0, ...rules.map(([rule]) => rule.length));
      for (const [rule, count] of rules) out(`  ${rule.padEnd(width)}  ${count}`);
      return summary;
    },
  };
}

/**
 * `teddy-logs test-rules`: for each input line, which rules fire and where, the matched text masked; then a count
 * per rule. Lines are numbered from 1; lines without findings are counted but not printed.
 */
export function runTestRules(
  lines: Iterable<string>,
  redactor: Redactor,
  out: (line: string) => void,
): TestRulesSummary;
export function runTestRules(
  lines: AsyncIterable<string>,
  redactor: Redactor,
  out: (line: string) => void,
): Promise<TestRulesSummary>;
export function runTestRules(
  lines: AsyncIterable<string> | Iterable<string>,
  redactor: Redactor,
  out: (line: string) => void,
): TestRulesSummary | Promise<TestRulesSummary> {
  const tally = createTally();
  if (Symbol.asyncIterator in lines) {
    return (async () => {
      for await (const line of lines) tally.add(line, redactor, out);
      return tally.finish(out);
    })();
  }
  for (const line of lines) tally.add(line, redactor, out);
  return tally.finish(out);
}

async function* readLines(files: string[], stdin: NodeJS.ReadableStream): AsyncGenerator<string> {
  const sources = files.length === 0 ? ['-'] : files;
  for (const file of sources) {
    const input = file === '-' ? stdin : createReadStream(file, 'utf8');
    yield* createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  }
}

/** Adds `test-rules [FILE...] [--rules PATH]` to a program. Output goes to stdout, the exit code is 0. */
export function registerTestRules(
  program: Command,
  makeRedactor: (rulesPath?: string) => Promise<Redactor>,
  io: { stdin: NodeJS.ReadableStream; stdout: { write(text: string): unknown } } = process,
): Command {
  return program
    .command('test-rules')
    .description(
      'Show which redaction rules fire on each line of your logs, and where (matched text masked), then a count per rule.',
    )
    .argument('[FILE...]', "input files; none or '-' reads stdin")
    .option('--rules <path>', 'redaction rules file (JSON or YAML) that adds, disables or overrides rules')
    .action(async (files: string[], options: { rules?: string }) => {
      const redactor = await makeRedactor(options.rules);
      await runTestRules(readLines(files, io.stdin), redactor, (line) => io.stdout.write(`${line}\n`));
    });
}
