import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ConfigError, describeError } from '../../core/errors.js';
import { type ReplayDeps, ReplayOutcome, type ReplaySinks, replayEntry } from './replayEntry.js';
import { countEntry, createReplayReport, noteEntry, type ReplayReport, settleReplayReport } from './report.js';

/** SQS batch calls take at most 10 entries (ReceiveMessage, DeleteMessageBatch, ChangeMessageVisibilityBatch). */
const SQS_BATCH = 10;
/** Received messages stay hidden this long: held ones until the run ends, so five minutes covers a long replay. */
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 300;
/** SQS samples its servers on a short poll; a one-second long poll, twice empty, means the queue is drained. */
const DEFAULT_WAIT_TIME_SECONDS = 1;

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
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const held = new Map<string, Message>();
  const seen = new Set<string>();
  try {
    let empty = 0;
    while (empty < 2) {
      if (report.read >= max) {
        report.truncated = true;
        break;
      }
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(SQS_BATCH, max - report.read),
          VisibilityTimeout: options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
          WaitTimeSeconds: options.waitTimeSeconds ?? DEFAULT_WAIT_TIME_SECONDS,
        }),
      );
      const messages = response.Messages ?? [];
      const fresh: Message[] = [];
      for (const message of messages) {
        const id = message.MessageId ?? '';
        // A held message that became visible again (a very long run): keep its newest receipt handle, read it once.
        if (seen.has(id)) {
          if (held.has(id)) held.set(id, message);
          continue;
        }
        seen.add(id);
        fresh.push(message);
      }
      empty = fresh.length > 0 ? 0 : empty + 1;
      const handled: Message[] = [];
      for (const message of fresh) {
        const id = message.MessageId ?? '';
        const result = await replayEntry(message.Body ?? '', { ...deps, sinks });
        countEntry(report, id, result);
        const done = result.outcome === ReplayOutcome.REPLAYED || result.outcome === ReplayOutcome.DEAD_LETTERED_AGAIN;
        if (done && !dryRun) handled.push(message);
        else held.set(id, message);
      }
      // Deleted batch by batch, so a run that stops half-way does not replay the handled ones a second time.
      report.deleted_from_queue += await deleteMessages(sqs, queueUrl, handled, report);
    }
  } finally {
    await releaseMessages(sqs, queueUrl, [...held.values()], report);
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

/** Deletes handled messages; resolves to how many SQS confirmed. A refused delete is noted, never thrown: the
 * content is already delivered, and a later replay of it overwrites (OpenSearch) rather than loses. */
async function deleteMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: Message[],
  report: ReplayReport,
): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < messages.length; i += SQS_BATCH) {
    const batch = messages.slice(i, i + SQS_BATCH);
    try {
      const response = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      deleted += response.Successful?.length ?? 0;
      for (const failure of response.Failed ?? []) {
        const message = batch[Number(failure.Id)];
        noteEntry(report, message?.MessageId ?? '?', 'not_deleted', `${failure.Code}: ${failure.Message ?? ''}`);
      }
    } catch (error) {
      for (const message of batch) {
        noteEntry(report, message.MessageId ?? '?', 'not_deleted', `DeleteMessageBatch: ${describeError(error)}`);
      }
    }
  }
  return deleted;
}

/** Makes messages visible again at once, so another run (or erase) sees them without waiting for the timeout. */
async function releaseMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: Message[],
  report: ReplayReport,
): Promise<void> {
  for (let i = 0; i < messages.length; i += SQS_BATCH) {
    const batch = messages.slice(i, i + SQS_BATCH);
    try {
      const response = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
      for (const failure of response.Failed ?? []) {
        const message = batch[Number(failure.Id)];
        noteEntry(report, message?.MessageId ?? '?', 'not_released', `${failure.Code}: ${failure.Message ?? ''}`);
      }
    } catch (error) {
      // Not lost: the message becomes visible again when its visibility timeout ends.
      for (const message of batch) {
        noteEntry(
          report,
          message.MessageId ?? '?',
          'not_released',
          `ChangeMessageVisibilityBatch: ${describeError(error)}`,
        );
      }
    }
  }
}
