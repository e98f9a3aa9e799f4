import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { filterFileLines } from '../filterFileLines.js';
import { compileDailyIndexPattern, parseIndexDate } from './expireIndices.js';

const DAY_MS = 86_400_000;
/** The CLI's dead-letter file and the copies the replay runbook moves aside (`dead-letters.ndjson.replaying`). */
const DEAD_LETTER_FILE = /^dead-letters\.ndjson(\.[A-Za-z0-9._-]+)?$/;

/** What retention did, or would do, to the CLI's local store under LOG_DIR. */
export interface LocalFilesRetentionReport {
  directory: string;
  cutoff: string;
  /** Daily document files (`<prefix>-YYYY.MM.DD.ndjson`) older than the retention: deleted. */
  daily_files_deleted: string[];
  /** Dead letters (lines of the dead-letter files) written (`at`) before the cutoff: removed. */
  dead_letters_expired: number;
}

/**
 * Local files are kept as long as the indices they stand in for, no longer: a daily file whose day is older than
 * `retentionDays` is deleted, and dead letters older than that leave the dead-letter files (judged by their `at`;
 * a line without one is kept — nothing says how old it is). A dry run only counts.
 */
export async function expireLocalFiles(
  directory: string,
  options: { indexPrefix: string; retentionDays: number; now: Date; dryRun: boolean },
): Promise<LocalFilesRetentionReport> {
  const cutoff = new Date(options.now.getTime() - options.retentionDays * DAY_MS);
  const report: LocalFilesRetentionReport = {
    directory,
    cutoff: cutoff.toISOString(),
    daily_files_deleted: [],
    dead_letters_expired: 0,
  };
  const daily = compileDailyIndexPattern(options.indexPrefix);
  for (const name of (await readdir(directory)).sort()) {
    const path = join(directory, name);
    if (!(await stat(path)).isFile()) continue;
    const day = name.endsWith('.ndjson') ? parseIndexDate(name.slice(0, -'.ndjson'.length), daily) : undefined;
    // A day's file holds documents up to the end of that day.
    if (day && day.getTime() + DAY_MS <= cutoff.getTime()) {
      if (!options.dryRun) await rm(path);
      report.daily_files_deleted.push(path);
    } else if (DEAD_LETTER_FILE.test(name)) {
      report.dead_letters_expired += (
        await filterFileLines(path, (line) => isExpired(line, cutoff), options.dryRun)
      ).removed;
    }
  }
  return report;
}

function isExpired(line: string, cutoff: Date): boolean {
  try {
    const at = (JSON.parse(line) as { at?: unknown }).at;
    return typeof at === 'string' && Date.parse(at) < cutoff.getTime();
  } catch {
    return false;
  }
}
