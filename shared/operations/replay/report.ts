import { addLedger, createLedger, isBalanced } from '../../core/ledger.js';
import type { Ledger } from '../../core/types.js';
import { type EntryResult, ReplayOutcome } from './replayEntry.js';

/** At most this many entries left in place are named in a report, so a queue of junk cannot flood the terminal. */
const MAX_NOTED_ENTRIES = 100;

/** What a replay did. read = replayed + dead_lettered_again + skipped_quarantine + unrecognised when all went well. */
export interface ReplayReport {
  source: string;
  sink: string;
  dead_letters: string;
  dry_run: boolean;
  /** Entries read (an SQS message, a non-blank line). */
  read: number;
  replayed: number;
  dead_lettered_again: number;
  skipped_quarantine: number;
  unrecognised: number;
  /** Entries that could not be handled: left in place, and the report does not balance. */
  failed: number;
  deleted_from_queue: number;
  /** The pipeline's counts over the replayed content (one record per undeliverable document, per log event else). */
  records: Ledger;
  /** `--max` stopped the run before the source was exhausted. */
  truncated: boolean;
  balanced: boolean;
  /** Entries left in place and why (capped), and problems with the store itself (a delete SQS refused). */
  notes: Array<{ entry: string; outcome: string; reason: string }>;
}

/** An empty report for a run about to start. */
export function createReplayReport(fields: Pick<ReplayReport, 'source' | 'sink' | 'dead_letters' | 'dry_run'>) {
  const report: ReplayReport = {
    ...fields,
    read: 0,
    replayed: 0,
    dead_lettered_again: 0,
    skipped_quarantine: 0,
    unrecognised: 0,
    failed: 0,
    deleted_from_queue: 0,
    records: createLedger(),
    truncated: false,
    balanced: true,
    notes: [],
  };
  return report;
}

/** Counts one entry's result into the report. */
export function countEntry(report: ReplayReport, entry: string, result: EntryResult): void {
  report.read += 1;
  report[result.outcome] += 1;
  if (result.ledger) addLedger(report.records, result.ledger);
  if (result.reason !== undefined && result.outcome !== ReplayOutcome.SKIPPED_QUARANTINE) {
    noteEntry(report, entry, result.outcome, result.reason);
  }
}

/** Records a problem about one entry, up to the cap. */
export function noteEntry(report: ReplayReport, entry: string, outcome: string, reason: string): void {
  if (report.notes.length < MAX_NOTED_ENTRIES) report.notes.push({ entry, outcome, reason });
}

/** Sets `balanced`: every entry read is in exactly one outcome that is not a failure, and the records add up. */
export function settleReplayReport(report: ReplayReport): ReplayReport {
  report.balanced =
    report.read === report.replayed + report.dead_lettered_again + report.skipped_quarantine + report.unrecognised &&
    isBalanced(report.records);
  return report;
}

/** The one-line human summary. */
export function formatReplayLine(report: ReplayReport): string {
  const verb = report.dry_run ? 'dry run, would replay' : 'replayed';
  return (
    `teddy-logs replay (${verb}): ${report.read} read from ${report.source} -> ${report.replayed} replayed to ` +
    `${report.sink}, ${report.dead_lettered_again} dead-lettered again, ${report.skipped_quarantine} quarantined ` +
    `(left in place), ${report.unrecognised} unrecognised (left in place), ${report.failed} failed; ` +
    `${report.deleted_from_queue} deleted from the queue${report.truncated ? '; stopped at --max' : ''}; ` +
    (report.balanced ? 'balanced' : 'NOT BALANCED')
  );
}
