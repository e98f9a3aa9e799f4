/**
 * What a scenario hands back and how the report shows it: one row per figure (median with its spread), the target
 * beside it and whether it was met; the machine and the inputs above, the notes below.
 */
import { formatNumber, type Summary } from './stats.js';

/** A target a figure's median is judged against. */
export interface Target {
  /** `atLeast`: the median must be ≥ value; `atMost`: the median must be ≤ value. */
  kind: 'atLeast' | 'atMost';
  value: number;
}

export interface Row {
  measure: string;
  summary: Summary;
  unit: string;
  target?: Target;
}

export const ScenarioStatus = {
  OK: 'ok',
  /** A module the scenario needs has not landed yet. */
  NOT_AVAILABLE: 'not available',
  /** A service the scenario needs is not running. */
  SKIPPED: 'skipped',
  /** The scenario crashed: the only outcome that fails the run. */
  FAILED: 'failed',
} as const;
export type ScenarioStatusName = (typeof ScenarioStatus)[keyof typeof ScenarioStatus];

export interface ScenarioResult {
  id: string;
  title: string;
  status: ScenarioStatusName;
  /** Why the scenario did not run (not available / skipped / failed). */
  reason?: string;
  /** What went in: sizes, counts, mixes — one line each. */
  inputs: string[];
  rows: Row[];
  /** What limits a figure, how it was measured, what a missed target comes from. */
  notes: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  gcExposed: boolean;
}

export const Verdict = { MET: 'MET', MISSED: 'MISSED', NONE: '' } as const;
export type VerdictName = (typeof Verdict)[keyof typeof Verdict];

/** Whether a median meets its target; rows without a target are information only. */
export function judgeRow(row: Row): VerdictName {
  if (!row.target) return Verdict.NONE;
  const { median } = row.summary;
  const met = row.target.kind === 'atLeast' ? median >= row.target.value : median <= row.target.value;
  return met ? Verdict.MET : Verdict.MISSED;
}

/** `≥ 0.5x`, `≤ 50 ms`: the target as the table prints it. */
export function formatTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  return `${target.kind === 'atLeast' ? '≥' : '≤'} ${formatNumber(target.value)}${unit === 'x' ? 'x' : ` ${unit}`}`;
}

/** `1.23 (1.10–1.40)`: median with min–max. */
export function formatSpread(summary: Summary): string {
  return `${formatNumber(summary.min)}–${formatNumber(summary.max)}`;
}

function formatValue(summary: Summary, unit: string): string {
  return unit === 'x' ? `${formatNumber(summary.median)}x` : `${formatNumber(summary.median)} ${unit}`;
}

const TABLE_HEAD = ['Scenario', 'Measure', 'Median', 'Min–max', 'IQR', 'Runs', 'Target', 'Verdict'];

/** The rows of the summary table, one per figure, or one per scenario that did not run. */
export function tableRows(results: readonly ScenarioResult[]): string[][] {
  const rows: string[][] = [];
  for (const result of results) {
    if (result.status !== ScenarioStatus.OK) {
      rows.push([result.title, '—', `${result.status}: ${result.reason ?? ''}`.trim(), '', '', '', '', '']);
      continue;
    }
    for (const row of result.rows) {
      rows.push([
        result.title,
        row.measure,
        formatValue(row.summary, row.unit),
        formatSpread(row.summary),
        `${formatNumber(row.summary.q1)}–${formatNumber(row.summary.q3)}`,
        String(row.summary.runs),
        formatTarget(row.target, row.unit),
        judgeRow(row),
      ]);
    }
  }
  return rows;
}

/** The summary table as aligned plain text, for the terminal (`--quick`). */
export function renderText(results: readonly ScenarioResult[]): string {
  const rows = [TABLE_HEAD, ...tableRows(results)];
  const widths = TABLE_HEAD.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The whole BENCHMARKS.md: machine, summary table, then each scenario's inputs and notes. */
export function renderMarkdown(results: readonly ScenarioResult[], machine: Machine, preface: string[]): string {
  const lines: string[] = [
    '# Benchmarks',
    '',
    ...preface,
    '',
    ...renderMachine(machine),
    '',
    '## Results',
    '',
    `| ${TABLE_HEAD.join(' | ')} |`,
    `|${TABLE_HEAD.map(() => '---').join('|')}|`,
    ...tableRows(results).map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
    ...renderVerdicts(results),
    ...results.flatMap(renderScenarioDetails),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderMachine(machine: Machine): string[] {
  return [
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; ${machine.memoryGiB.toFixed(1)} GiB memory`,
    `- Node.js ${machine.node} on ${machine.platform}`,
    `- Date: ${machine.date}`,
    `- Forced GC between phases: ${machine.gcExposed ? 'yes (--expose-gc)' : 'no (--expose-gc missing)'}`,
  ];
}

/** The count of targets met and missed, then each missed one. */
function renderVerdicts(results: readonly ScenarioResult[]): string[] {
  const verdicts = results.flatMap((result) => result.rows.map(judgeRow)).filter(Boolean);
  const missed = verdicts.filter((verdict) => verdict === Verdict.MISSED).length;
  const lines = ['', `Targets: ${verdicts.length - missed} met, ${missed} missed.`];
  const misses = results.flatMap((result) =>
    result.rows.filter((row) => judgeRow(row) === Verdict.MISSED).map((row) => ({ result, row })),
  );
  if (misses.length === 0) return lines;
  lines.push('', 'Missed — what limits each is in the notes of its scenario below:', '');
  for (const { result, row } of misses) {
    lines.push(
      `- ${result.title}, ${row.measure}: ${formatValue(row.summary, row.unit)} against ${formatTarget(row.target, row.unit)}`,
    );
  }
  return lines;
}

/** A scenario's section: its status when not OK, its inputs and its notes. */
function renderScenarioDetails(result: ScenarioResult): string[] {
  const lines = ['', `## ${result.title}`, ''];
  if (result.status !== ScenarioStatus.OK) lines.push(`**${result.status}**: ${result.reason ?? ''}`, '');
  if (result.inputs.length > 0) lines.push('Inputs:', '', ...result.inputs.map((input) => `- ${input}`), '');
  if (result.notes.length > 0) {
    // A note that starts with an indented dash is a sub-item of the note before it.
    lines.push('Notes:', '', ...result.notes.map((note) => (note.startsWith('  - ') ? note : `- ${note}`)));
  }
  return lines;
}
