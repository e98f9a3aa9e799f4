import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '../../core/errors.js';
import {
  DEFAULT_DRAIN_VISIBILITY_TIMEOUT_SECONDS,
  deleteMessages,
  drainQueue,
  releaseMessages,
} from '../../sinks/queueDrain.js';
import { type ReplayDeps, ReplayOutcome, type ReplaySinks, replayEntry } from './replayEntry.js';
import { countEntry, createReplayReport, noteEntry, type ReplayReport, settleReplayReport } from './report.js';

/** Received messages stay hidden this long: held ones until the run ends, so five minutes covers a long replay. */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = DEFAULT_DRAIN_VISIBILITY_TIMEOUT_SECONDS;

export interface QueueReplayOptions {
  queueUrl: string;
  /** Read and report only: nothing is delivered, written or deleted, and every message is released. */
  dryRun: boolean;
  /** Stop after this many messages. */
  max?: number;
  visibilityTimeoutSeconds?: number;
  waitTimeSeconds?: number;
}

/**
 * Replays the dead-letter queue. Messages are received 10 at a time and hidden while the run lasts; each is deleted
 * only after its content was delivered or its new dead letter written (replayEntry returns only then). Everything
 * else (quarantined, unrecognised, failed, and all of a dry run) is made visible again at the end, also when the run
 * throws, and is held until then so that this run reads each message once.
 */
export async function replayQueue(
  sqs: SQSClient,
  deps: ReplayDeps,
  options: QueueReplayOptions,
): Promise<ReplayReport> {
  const { queueUrl, dryRun } = options;
  const sinks = chooseSinks(deps, dryRun);
  const report = createReplayReport({
    source: `sqs:${queueUrl}`,
    sink: sinks.sink.name,
    dead_letters: sinks.deadLetterLocation ?? sinks.deadLetters.name,
    dry_run: dryRun,
  });
  const held = new Map<string, Message>();
  try {
    const drained = await drainQueue(
      sqs,
      {
        queueUrl,
        maxMessages: options.max,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
        waitTimeSeconds: options.waitTimeSeconds,
      },
      async (fresh) => {
        const handled: Message[] = [];
        for (const message of fresh) {
          const id = message.MessageId ?? '';
          const result = await replayEntry(message.Body ?? '', { ...deps, sinks });
          countEntry(report, id, result);
          const done =
            result.outcome === ReplayOutcome.REPLAYED || result.outcome === ReplayOutcome.DEAD_LETTERED_AGAIN;
          if (done && !dryRun) handled.push(message);
          else held.set(id, message);
        }
        // Deleted batch by batch, so a run that stops half-way does not replay the handled ones a second time. A
        // refused delete is noted, never thrown: the content is already delivered, and a later replay of it
        // overwrites (OpenSearch) rather than loses.
        const deleted = await deleteMessages(sqs, queueUrl, handled);
        report.deleted_from_queue += deleted.succeeded;
        for (const { message, reason } of deleted.failed)
          noteEntry(report, message.MessageId ?? '?', 'not_deleted', reason);
      },
      // A held message that became visible again (a very long run): keep its newest receipt handle, read it once.
      (message) => {
        const id = message.MessageId ?? '';
        if (held.has(id)) held.set(id, message);
      },
    );
    report.truncated = drained.truncated;
  } finally {
    // Made visible again at once, so another run (or erase) sees them without waiting for the timeout.
    const released = await releaseMessages(sqs, queueUrl, [...held.values()]);
    for (const { message, reason } of released.failed) {
      noteEntry(report, message.MessageId ?? '?', 'not_released', reason);
    }
    await closeSinks(sinks, dryRun);
  }
  return settleReplayReport(report);
}

export interface LinesReplayOptions {
  /** What the lines are, for the report (a file path). */
  source: string;
  dryRun: boolean;
  max?: number;
}

/**
 * Replays NDJSON dead letters (the CLI's LOG_DIR/dead-letters.ndjson, or its stderr form). A file is never changed:
 * entries left in place are simply still there, and replayed ones too (see the runbook: move the file aside first).
 */
export async function replayLines(
  lines: AsyncIterable<string>,
  deps: ReplayDeps,
  options: LinesReplayOptions,
): Promise<ReplayReport> {
  const sinks = chooseSinks(deps, options.dryRun);
  const report = createReplayReport({
    source: options.source,
    sink: sinks.sink.name,
    dead_letters: sinks.deadLetterLocation ?? sinks.deadLetters.name,
    dry_run: options.dryRun,
  });
  const max = options.max ?? Number.POSITIVE_INFINITY;
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      if (report.read >= max) {
        report.truncated = true;
        break;
      }
      countEntry(report, `line ${lineNumber}`, await replayEntry(line, { ...deps, sinks }));
    }
  } finally {
    await closeSinks(sinks, options.dryRun);
  }
  return settleReplayReport(report);
}

/** Sinks for a dry run: accept everything, keep nothing, so the report says what a real run would do. */
export function createDryRunSinks(): ReplaySinks {
  return {
    sink: {
      name: 'dry-run (nothing delivered)',
      async deliver(documents) {
        return { delivered: documents.length, failed: [] };
      },
    },
    deadLetters: { name: 'dry-run (nothing written)', async write() {} },
    deadLetterLocation: 'dry-run (nothing written)',
  };
}

function chooseSinks(deps: ReplayDeps, dryRun: boolean): ReplaySinks {
  // A dry run never uses the given sinks, whatever the caller passed: it must change nothing.
  if (dryRun) return createDryRunSinks();
  if (!deps.sinks) throw new ConfigError('replay needs a sink and a dead-letter sink unless it is a dry run');
  return deps.sinks;
}

async function closeSinks(sinks: ReplaySinks, dryRun: boolean): Promise<void> {
  if (dryRun) return;
  await sinks.sink.close?.();
  await sinks.deadLetters.close?.();
}
