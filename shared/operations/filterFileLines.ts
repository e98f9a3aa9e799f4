import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';

/**
 * Removes the lines of a local NDJSON file that `remove` picks (erasure, retention). The kept lines are streamed to
 * a file beside it, which is renamed over the original only when something was removed: a crash leaves either the
 * old or the new file whole, never half of one. A dry run only counts.
 */
export async function filterFileLines(
  path: string,
  remove: (line: string) => boolean,
  dryRun: boolean,
): Promise<{ lines: number; removed: number }> {
  const temporary = `${path}.rewriting-${process.pid}`;
  const out = dryRun ? undefined : createWriteStream(temporary, { mode: 0o600 });
  let lines = 0;
  let removed = 0;
  try {
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })) {
      lines += 1;
      if (remove(line)) removed += 1;
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
  return { lines, removed };
}
