import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import type { LoggerConfig } from './config.js';
import { ASSUMED_LINE_BYTES } from './constants.js';

type SonicBoom = ReturnType<typeof pino.destination>;

/**
 * Where lines go, from the config: stdout (synchronous on Lambda, so a frozen sandbox loses nothing; asynchronous
 * elsewhere, its buffer bounded by LOG_MAX_QUEUE_SIZE), and for local runs daily files under LOG_DIR.
 * Returns undefined when both are switched off.
 */
export function createDestination(config: LoggerConfig): pino.DestinationStream | undefined {
  const maxLength = config.maxQueueSize * ASSUMED_LINE_BYTES;
  const streams: pino.DestinationStream[] = [];
  if (config.console) {
    streams.push(
      config.onLambda
        ? pino.destination({ dest: 1, sync: true })
        : watchDrops(pino.destination({ dest: 1, sync: false, maxLength }), 'stdout'),
    );
  }
  if (config.file) {
    streams.push(new DailyFileDestination(config.logDir, config.service ?? 'app', maxLength));
  }
  if (streams.length === 0) return undefined;
  if (streams.length === 1) return streams[0];
  return pino.multistream(streams.map((stream) => ({ stream, level: 'trace' as const })));
}

/**
 * Appends lines to `<dir>/<service>-YYYY-MM-DD.log`, a new file each UTC day. Daily rather than by size: local runs
 * are short, a day's file is what the pipeline's CLI and file sink read, and it needs no extra setting. Each file is
 * an asynchronous sonic-boom whose buffer is bounded like stdout's.
 */
export class DailyFileDestination implements pino.DestinationStream {
  private current: SonicBoom | undefined;
  private nextSwitchAt = 0;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly maxLength: number,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  write(line: string): void {
    const at = this.now();
    if (this.current === undefined || at >= this.nextSwitchAt) this.open(at);
    this.current?.write(line);
  }

  /** Writes what is buffered, synchronously (before exit). */
  flushSync(): void {
    this.current?.flushSync();
  }

  /** Flushes and closes the current file. */
  end(): void {
    this.current?.end();
    this.current = undefined;
  }

  /** The file lines written now go to. */
  fileFor(at: number): string {
    return join(this.dir, `${this.prefix}-${new Date(at).toISOString().slice(0, 10)}.log`);
  }

  private open(at: number): void {
    this.current?.end();
    const day = new Date(at);
    this.nextSwitchAt = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
    this.current = watchDrops(
      pino.destination({ dest: this.fileFor(at), sync: false, mkdir: true, maxLength: this.maxLength }),
      this.fileFor(at),
    );
  }
}

let dropWarned = false;

// sonic-boom drops a line rather than grow past maxLength; say so once on stderr instead of failing silently.
function watchDrops(stream: SonicBoom, where: string): SonicBoom {
  stream.on('drop', () => {
    if (dropWarned) return;
    dropWarned = true;
    process.stderr.write(
      `teddy-logs logger: lines dropped writing to ${where}: more than LOG_MAX_QUEUE_SIZE lines were waiting\n`,
    );
  });
  return stream;
}
