import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Config } from '../shared/core/config.js';
import { addLedger, countDeadLetters, createLedger, isBalanced } from '../shared/core/ledger.js';
import type {
  DeadLetter,
  DeadLetterSink,
  DocumentRedactor,
  Ledger,
  LogEvent,
  LogSource,
  Sink,
} from '../shared/core/types.js';
import { decodeSubscriptionData, decodeSubscriptionPayload } from '../shared/pipeline/decode/index.js';
import { keepDeadLetters } from '../shared/pipeline/deliver/index.js';
import type { DropRule } from '../shared/pipeline/drop/index.js';
import {
  type PipelineDeps,
  processBatch,
  processDecoded,
  processSubscriptionEvent,
} from '../shared/pipeline/pipeline.js';
import { createDailyFileSink } from '../shared/sinks/dailyFiles.js';
import { createFileDeadLetterSink, createStreamDeadLetterSink } from '../shared/sinks/localDeadLetters.js';
import { createStreamSink } from '../shared/sinks/stdout.js';
import {
  classifyInputLine,
  type InputLine,
  type InputLineRead,
  type InputSource,
  joinContinuation,
  MAX_INPUT_LINE_BYTES,
  type PendingRecord,
  readLines,
  startRecord,
} from './inputs.js';
import { createProgress } from './progress.js';

export const SINK_NAMES = ['stdout', 'file', 'opensearch', 'elasticsearch'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export interface ProcessOptions {
  summaryJson?: string;
  /** Explicit drop rules (--drop, DROP_FILTER_PATTERNS): matching documents are counted as filtered. */
  drop?: DropRule;
  /** Log group the raw lines are attributed to (service and environment derive from it). */
  logGroup?: string;
  /** Join continuation lines (stack frames, tracebacks) into the record they continue; on unless `--no-multiline`. */
  multiline?: boolean;
  /** The longest input line read whole; default MAX_INPUT_LINE_BYTES. */
  maxLineBytes?: number;
}

export interface ProcessIo {
  stdout: Writable;
  stderr: NodeJS.WriteStream;
}

/** Where the documents and dead letters of a run go, by `--sink`. */
export interface RunSinks {
  sink: Sink;
  deadLetters: DeadLetterSink;
  /** Where a user finds the dead letters, for the summary. */
  deadLetterLocation: string;
  /** Why the sink can take nothing more (stdout closed by its reader), once that happened; the run then stops. */
  stoppedBecause?: () => string | undefined;
}

/** The embedded sinks: stdout (dead letters on stderr) or daily files under LOG_DIR (dead letters beside them). */
export function createLocalSinks(name: 'stdout' | 'file', config: Config, io: ProcessIo): RunSinks {
  if (name === 'stdout') {
    let closed: string | undefined;
    // `teddy-logs process --sink stdout | head`: once head exits, every write fails with EPIPE. Without a listener
    // the error event would kill the process with no summary; with it, the run stops and says what was not written.
    io.stdout.on('error', (error: NodeJS.ErrnoException) => {
      closed ??= `stdout was closed by its reader (${error.code ?? error.message})`;
    });
    return {
      sink: createStreamSink(io.stdout),
      deadLetters: createStreamDeadLetterSink(io.stderr),
      deadLetterLocation: 'stderr',
      stoppedBecause: () => closed,
    };
  }
  const path = join(config.LOG_DIR, 'dead-letters.ndjson');
  return {
    sink: createDailyFileSink(config.LOG_DIR, config.OPENSEARCH_INDEX),
    deadLetters: createFileDeadLetterSink(path),
    deadLetterLocation: path,
  };
}

/** The run's summary: the ledger plus where things went. */
export interface RunSummary extends Ledger {
  sink: string;
  dead_letters: string;
  inputs: string[];
  blank_lines: number;
  balanced: boolean;
  /** Set when the run stopped before the end of its input: why. Input after that point was not read. */
  stopped?: string;
  /** The exit status this run earns (see EXIT_CODES). */
  exit_code: number;
}

/**
 * The exit status of `teddy-logs process`, documented in the README:
 * 0 every record delivered or filtered on purpose; 3 some records dead-lettered (kept, with their reason, but not
 * delivered); 1 anything unaccounted for (the ledger does not balance, or the run stopped before the end of its
 * input); 2 a usage or configuration error (set by the CLI before any record is read).
 */
export const EXIT_CODES = { delivered: 0, unaccounted: 1, usage: 2, deadLettered: 3 } as const;

/** The exit status a run's summary earns. */
export function exitCodeOf(summary: Pick<RunSummary, 'balanced' | 'stopped' | 'dead_lettered'>): number {
  if (!summary.balanced || summary.stopped !== undefined) return EXIT_CODES.unaccounted;
  if (summary.dead_lettered > 0) return EXIT_CODES.deadLettered;
  return EXIT_CODES.delivered;
}

/**
 * `teddy-logs process`: every input record through the same pipeline the ship Lambda runs. Raw records (lines, or
 * multi-line records joined) are grouped into batches of `batchSize`; subscription events and payloads go through
 * one at a time, exactly as Lambda receives them. A line longer than the limit is a malformed dead letter, never a
 * crash. Stops early only when the sink can take nothing more (stdout closed), and then says so.
 */
export async function runProcess(
  sources: InputSource[],
  options: ProcessOptions,
  redactor: DocumentRedactor,
  sinks: RunSinks,
  io: ProcessIo,
  batchSize: number,
): Promise<RunSummary> {
  const deps: PipelineDeps = { redactor, sink: sinks.sink, deadLetters: sinks.deadLetters, drop: options.drop };
  const ledger = createLedger();
  const totalBytes = sources.every((s) => s.size !== undefined)
    ? sources.reduce((sum, s) => sum + (s.size ?? 0), 0)
    : undefined;
  const progress = createProgress(io.stderr, totalBytes);
  const run: RunState = { deps, ledger, options, batchSize, sinks, blankLines: 0 };
  let bytesBefore = 0;
  for (const input of sources) {
    const bytesRead = await processSource(input, run, (bytes) =>
      progress.update(bytesBefore + bytes, ledger.records_in),
    );
    bytesBefore += bytesRead;
    if (run.stopped !== undefined) break;
  }
  progress.update(bytesBefore, ledger.records_in, true);
  progress.done();
  await sinks.sink.close?.();
  await sinks.deadLetters.close?.();

  const summary: RunSummary = {
    ...ledger,
    sink: sinks.sink.name,
    dead_letters: sinks.deadLetterLocation,
    inputs: sources.map((s) => s.name),
    blank_lines: run.blankLines,
    balanced: isBalanced(ledger),
    exit_code: 0,
  };
  if (run.stopped !== undefined) summary.stopped = run.stopped;
  summary.exit_code = exitCodeOf(summary);
  if (options.summaryJson) await writeFile(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

interface RunState {
  deps: PipelineDeps;
  ledger: Ledger;
  options: ProcessOptions;
  batchSize: number;
  sinks: RunSinks;
  blankLines: number;
  stopped?: string;
}

/** One input through the pipeline; returns the bytes read. */
async function processSource(input: InputSource, run: RunState, onProgress: (bytes: number) => void): Promise<number> {
  const source: LogSource = {
    logGroup: run.options.logGroup ?? `/local/${input.name}`,
    logStream: input.name,
    owner: 'local',
  };
  const batch = createBatcher(input, source, run);
  const multiline = run.options.multiline !== false;
  let pending: PendingRecord | undefined;
  let lineNumber = 0;
  let bytesRead = 0;
  const endRecord = async () => {
    if (pending) await batch.add(pending.text, pending.firstLine);
    pending = undefined;
  };
  for await (const read of readLines(input.open(), run.options.maxLineBytes)) {
    lineNumber += 1;
    bytesRead = read.bytes;
    if (read.oversizedBytes !== undefined) {
      await endRecord();
      await batch.addOversized(read, lineNumber, run.options.maxLineBytes ?? MAX_INPUT_LINE_BYTES);
    } else if (read.line.trim() === '') {
      run.blankLines += 1;
      await endRecord();
    } else if (!(multiline && pending && joinContinuation(pending, read.line))) {
      await endRecord();
      pending = startRecord(read.line, lineNumber);
    }
    onProgress(bytesRead);
    if (run.stopped !== undefined) break;
  }
  if (run.stopped === undefined) await endRecord();
  await batch.flush();
  return bytesRead;
}

/** Raw records gathered into batches; encoded inputs and oversized lines handled one by one, in input order. */
function createBatcher(input: InputSource, source: LogSource, run: RunState) {
  let events: LogEvent[] = [];
  const count = async (result: Promise<Ledger>) => {
    addLedger(run.ledger, await result);
    run.stopped ??= run.sinks.stoppedBecause?.();
  };
  const flush = async () => {
    if (events.length === 0) return;
    const batch = { source, events };
    events = [];
    await count(processBatch(batch, run.deps));
  };
  return {
    flush,
    async add(text: string, lineNumber: number): Promise<void> {
      const classified = classifyInputLine(text);
      if (classified.kind === 'raw') {
        events.push({ id: `${input.id}-${lineNumber}`, timestamp: Date.now(), message: text });
        if (events.length >= run.batchSize) await flush();
        return;
      }
      await flush();
      if (run.stopped === undefined) await count(processEncoded(classified, run.deps));
    },
    async addOversized(read: InputLineRead, lineNumber: number, limit: number): Promise<void> {
      await flush();
      const reason =
        `input line ${lineNumber} of ${input.name} is ${read.oversizedBytes} bytes, over the limit of ${limit} ` +
        `bytes: only its first ${Buffer.byteLength(read.line)} bytes are kept here`;
      const letter: DeadLetter = {
        kind: 'malformed',
        stage: 'read',
        reason,
        content: `${read.line}…[truncated: ${read.oversizedBytes} bytes in all]`,
        source: { ...source, event_id: `${input.id}-${lineNumber}` },
        at: new Date().toISOString(),
      };
      await keepDeadLetters(run.deps.deadLetters, [letter]);
      const ledger = createLedger();
      ledger.records_in = 1;
      countDeadLetters(ledger, [letter]);
      addLedger(run.ledger, ledger);
    },
  };
}

function processEncoded(input: Exclude<InputLine, { kind: 'raw' }>, deps: PipelineDeps): Promise<Ledger> {
  if (input.kind === 'subscription-event') return processSubscriptionEvent(input.event, deps);
  if (input.kind === 'subscription-payload') {
    return processDecoded(decodeSubscriptionPayload(input.payload, { perEvent: true }), deps);
  }
  return processDecoded(decodeSubscriptionData(input.data, { perEvent: true }), deps);
}

/** The short human summary written to stderr. */
export function formatSummary(summary: RunSummary): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const redactions = Object.entries(summary.redactions)
    .sort(([, a], [, b]) => b - a)
    .map(([kind, count]) => `${kind} ${n(count)}`)
    .join(', ');
  return [
    `teddy-logs: ${n(summary.records_in)} records in -> ${n(summary.records_out)} delivered to ${summary.sink}, ` +
      `${n(summary.filtered)} filtered, ${n(summary.dead_lettered)} dead-lettered ` +
      `(${n(summary.malformed)} malformed, ${n(summary.leaks_blocked)} leaks blocked)`,
    `  ${n(summary.errors)} errors, ${n(summary.child_safety_events)} child-safety events; redactions: ${redactions || 'none'}`,
    ...(summary.dead_lettered > 0 ? [`  dead letters kept in ${summary.dead_letters}`] : []),
    ...(summary.stopped !== undefined
      ? [`  STOPPED: ${summary.stopped}; the input after record ${n(summary.records_in)} was not read`]
      : []),
    `  exit status ${summary.exit_code}`,
  ].join('\n');
}
