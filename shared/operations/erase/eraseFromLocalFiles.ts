import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { filterFileLines } from '../filterFileLines.js';
import type { ChildMatcher } from './childMatcher.js';
import { mentionsChild } from './records.js';

/** The CLI's files under LOG_DIR: daily documents, dead letters, and dead-letter files moved aside for a replay. */
const LOCAL_STORE_FILE = /\.ndjson(\.[A-Za-z0-9._-]+)?$/;

export interface LocalFilesErasureReport {
  directory: string;
  files_scanned: number;
  lines_scanned: number;
  /** Removed (or in a dry run, that would be). */
  lines_removed: number;
  /** The files changed (or that would be), with how many of their lines. */
  changed: Array<{ file: string; lines_removed: number }>;
}

/**
 * Removes the child's lines from the CLI's local store: every NDJSON file in LOG_DIR — the daily document files and
 * the dead-letter file (`dead-letters.ndjson`, and any `dead-letters.ndjson.replaying` moved aside), each rewritten
 * without the child's lines (filterFileLines).
 */
export async function eraseFromLocalFiles(
  directory: string,
  options: { matches: ChildMatcher; dryRun: boolean },
): Promise<LocalFilesErasureReport> {
  const report: LocalFilesErasureReport = {
    directory,
    files_scanned: 0,
    lines_scanned: 0,
    lines_removed: 0,
    changed: [],
  };
  const names = (await readdir(directory)).filter((name) => LOCAL_STORE_FILE.test(name)).sort();
  for (const name of names) {
    const path = join(directory, name);
    if (!(await stat(path)).isFile()) continue;
    report.files_scanned += 1;
    const { lines, removed } = await filterFileLines(
      path,
      (line) => line.trim() !== '' && mentionsChild(line, options.matches),
      options.dryRun,
    );
    report.lines_scanned += lines;
    if (removed > 0) report.changed.push({ file: path, lines_removed: removed });
    report.lines_removed += removed;
  }
  return report;
}
