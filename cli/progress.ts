/** A one-line progress bar on a terminal; silent elsewhere (pipes, CI). Hand-written: it is twenty lines. */
export function createProgress(stream: NodeJS.WriteStream, totalBytes: number | undefined) {
  const enabled = Boolean(stream.isTTY);
  let last = 0;
  const width = 30;
  return {
    update(bytes: number, records: number, force = false): void {
      const now = Date.now();
      if (!enabled || (!force && now - last < 100)) return;
      last = now;
      const fraction = totalBytes ? Math.min(1, bytes / totalBytes) : undefined;
      const bar =
        fraction === undefined
          ? ''
          : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, ' ')}] ${Math.floor(fraction * 100)}% `;
      stream.write(`\r${bar}${records.toLocaleString('en-US')} records`);
    },
    done(): void {
      if (enabled) stream.write('\n');
    },
  };
}
