import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { type LoggerConfig, WARNING_PREFIX, type WarningSink, warnOnStderr } from './config.js';
import { ASSUMED_LINE_BYTES } from './constants.js';

type SonicBoom = ReturnType<typeof pino.destination>;

/**
 * Where lines go, from the config: stdout (synchronous on Lambda, so a frozen sandbox loses nothing; asynchronous
 * elsewhere, its buffer bounded by LOG_MAX_QUEUE_SIZE), and for local runs daily files under LOG_DIR.
 * Returns undefined when both are switched off. A LOG_DIR that cannot be created is a warning and no files, never a
 * crash of the app.
 */
export function createDestination(
  config: LoggerConfig,
  warn: WarningSink = warnOnStderr,
): pino.DestinationStream | undefined {
  const maxLength = config.maxQueueSize * ASSUMED_LINE_BYTES;
  const streams: pino.DestinationStream[] = [];
  if (config.console) {
    streams.push(
      config.onLambda
        ? watchStream(pino.destination({ dest: 1, sync: true }), 'stdout', warn)
        : watchStream(pino.destination({ dest: 1, sync: false, maxLength }), 'stdout', warn),
    );
  }
  if (config.file) {
    const files = openDailyFiles(config, maxLength, warn);
    if (files !== undefined) streams.push(files);
  }
  if (streams.length === 0) return undefined;
  if (streams.length === 1) return streams[0];
  return pino.multistream(streams.map((stream) => ({ stream, level: 'trace' as const })));
}

function openDailyFiles(config: LoggerConfig, maxLength: number, warn: WarningSink): DailyFileDestination | undefined {
  try {
    return new DailyFileDestination(config.logDir, config.service ?? 'app', maxLength, Date.now, warn);
  } catch (error) {
    warn(`${WARNING_PREFIX} LOG_DIR=${config.logDir} cannot be created (${describe(error)}); file logging is off`);
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Appends lines to `<dir>/<service>-YYYY-MM-DD.log`, a new file each UTC day. Daily rather than by size: local runs
 * are short, a day's file is what the pipeline's CLI and file sink read, and it needs no extra setting. Each file is
 * an asynchronous sonic-boom whose buffer is bounded like stdout's.
 */
export class DailyFileDestination implements pino.DestinationStream {
  private current: SonicBoom | undefined;
  private nextSwitchAt = 0;
  /** Files being closed after a day switch or `end()`, until they are. */
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly maxLength: number,
    private readonly now: () => number = Date.now,
    private readonly warn: WarningSink = warnOnStderr,
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

  /** Flushes and closes the current file; resolves once every file this destination closed is written and closed. */
  end(): Promise<void> {
    if (this.current !== undefined) this.close(this.current);
    this.current = undefined;
    return Promise.all(this.closing).then(() => undefined);
  }

  /** The file lines written now go to. */
  fileFor(at: number): string {
    return join(this.dir, `${this.prefix}-${new Date(at).toISOString().slice(0, 10)}.log`);
  }

  /** Ends a file's stream (sonic-boom writes what it holds first) and tracks it until it is closed. */
  private close(stream: SonicBoom): void {
    // A stream that failed to open never closes (sonic-boom waits for an fd): nothing of it is left to wait for.
    if (failedStreams.has(stream)) return;
    const closed: Promise<void> = new Promise((resolve) => {
      stream.once('close', () => resolve());
      stream.once('error', () => resolve());
    });
    this.closing.add(closed);
    void closed.then(() => this.closing.delete(closed));
    stream.end();
  }

  private open(at: number): void {
    if (this.current !== undefined) this.close(this.current);
    const day = new Date(at);
    this.nextSwitchAt = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
    this.current = watchStream(
      pino.destination({ dest: this.fileFor(at), sync: false, mkdir: true, maxLength: this.maxLength }),
      this.fileFor(at),
      this.warn,
    );
  }
}

/** Streams that emitted 'error': DailyFileDestination does not wait for them to close. */
const failedStreams = new WeakSet<SonicBoom>();

/**
 * Says on stderr, instead of failing silently or crashing the app: that sonic-boom dropped a line rather than grow
 * past maxLength (LOG_MAX_QUEUE_SIZE), or that a stream cannot be written (a file that cannot be opened, a closed
 * stdout): a stream's 'error' without a listener would throw in the app. Each once per stream.
 */
function watchStream(stream: SonicBoom, where: string, warn: WarningSink): SonicBoom {
  let dropped = false;
  let failed = false;
  stream.on('drop', () => {
    if (dropped) return;
    dropped = true;
    warn(`${WARNING_PREFIX} lines dropped writing to ${where}: more than LOG_MAX_QUEUE_SIZE lines were waiting`);
  });
  stream.on('error', (error: unknown) => {
    failedStreams.add(stream);
    if (failed) return;
    failed = true;
    warn(`${WARNING_PREFIX} cannot write to ${where} (${describe(error)}); its lines are lost`);
  });
  return stream;
}
