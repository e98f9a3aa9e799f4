import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
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
 * the dead-letter file (`dead-letters.ndjson`, and any `dead-letters.ndjson.replaying` moved aside). Each file is
 * rewritten beside itself and renamed over the original, so a crash leaves either the old or the new file whole.
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
    const removed = await eraseFromFile(path, options.matches, options.dryRun, report);
    if (removed > 0) report.changed.push({ file: path, lines_removed: removed });
    report.lines_removed += removed;
  }
  return report;
}

async function eraseFromFile(
  path: string,
  matches: ChildMatcher,
  dryRun: boolean,
  report: LocalFilesErasureReport,
): Promise<number> {
  const temporary = `${path}.erasing-${process.pid}`;
  const out = dryRun ? undefined : createWriteStream(temporary, { mode: 0o600 });
  let removed = 0;
  try {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      report.lines_scanned += 1;
      if (line.trim() !== '' && mentionsChild(line, matches)) removed += 1;
      else if (out && !out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    out?.end();
    if (out) await finished(out);
  }
  if (out) {
    if (removed > 0) await rename(temporary, path);
    else await rm(temporary, { force: true });
  }
  return removed;
}
