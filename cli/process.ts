import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Config } from '../shared/core/config.js';
import { addLedger, createLedger, isBalanced } from '../shared/core/ledger.js';
import type { DeadLetterSink, DocumentRedactor, Ledger, LogEvent, LogSource, Sink } from '../shared/core/types.js';
import { decodeSubscriptionData } from '../shared/pipeline/decode/index.js';
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
import { classifyInputLine, type InputSource, readLines } from './inputs.js';
import { createProgress } from './progress.js';

export const SINK_NAMES = ['stdout', 'file', 'opensearch'] as const;
export type SinkName = (typeof SINK_NAMES)[number];

export interface ProcessOptions {
  summaryJson?: string;
  /** Explicit drop rules (--drop, DROP_FILTER_PATTERNS): matching documents are counted as filtered. */
  drop?: DropRule;
  /** Log group the raw lines are attributed to (service and environment derive from it). */
  logGroup?: string;
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
}

/** The embedded sinks: stdout (dead letters on stderr) or daily files under LOG_DIR (dead letters beside them). */
export function createLocalSinks(name: 'stdout' | 'file', config: Config, io: ProcessIo): RunSinks {
  if (name === 'stdout') {
    return {
      sink: createStreamSink(io.stdout),
      deadLetters: createStreamDeadLetterSink(io.stderr),
      deadLetterLocation: 'stderr',
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
}

/**
 * `teddy-logs process`: every input line through the same pipeline the ship Lambda runs. Raw lines are grouped into
 * batches of `batchSize`; subscription events go through one at a time, exactly as Lambda receives them.
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
  let blankLines = 0;
  const totalBytes = sources.every((s) => s.size !== undefined)
    ? sources.reduce((sum, s) => sum + (s.size ?? 0), 0)
    : undefined;
  const progress = createProgress(io.stderr, totalBytes);
  let bytesBefore = 0;

  for (const input of sources) {
    const source: LogSource = {
      logGroup: options.logGroup ?? `/local/${input.name}`,
      logStream: input.name,
      owner: 'local',
    };
    let pending: LogEvent[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      addLedger(ledger, await processBatch({ source, events: pending }, deps));
      pending = [];
    };
    let lineNumber = 0;
    let bytesRead = 0;
    for await (const { line, bytes } of readLines(input.open())) {
      lineNumber += 1;
      bytesRead = bytes;
      if (line.trim() === '') {
        blankLines += 1;
        continue;
      }
      const classified = classifyInputLine(line);
      if (classified.kind === 'raw') {
        pending.push({ id: `${input.id}-${lineNumber}`, timestamp: Date.now(), message: line });
        if (pending.length >= batchSize) await flush();
      } else {
        await flush();
        addLedger(ledger, await processEncoded(classified, deps));
      }
      progress.update(bytesBefore + bytesRead, ledger.records_in + pending.length);
    }
    await flush();
    bytesBefore += bytesRead;
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
    blank_lines: blankLines,
    balanced: isBalanced(ledger),
  };
  if (options.summaryJson) await writeFile(options.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function processEncoded(
  input: { kind: 'subscription-event'; event: unknown } | { kind: 'subscription-data'; data: string },
  deps: PipelineDeps,
): Promise<Ledger> {
  if (input.kind === 'subscription-event') return processSubscriptionEvent(input.event, deps);
  return processDecoded(decodeSubscriptionData(input.data), deps);
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
  ].join('\n');
}
