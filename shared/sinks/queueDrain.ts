import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describeError } from '../core/errors.js';
import { SQS_MAX_BATCH_ENTRIES } from './limits.js';

/** SQS samples its servers on a short poll; a one-second long poll, twice empty, means the queue is drained. */
export const DEFAULT_DRAIN_WAIT_TIME_SECONDS = 1;
/** Received messages stay hidden this long while a drain holds them: five minutes covers a long run. */
export const DEFAULT_DRAIN_VISIBILITY_TIMEOUT_SECONDS = 300;
/** Consecutive empty long polls after which a queue counts as drained. */
const EMPTY_RECEIVES_TO_STOP = 2;

export interface DrainOptions {
  queueUrl: string;
  /** How long received messages stay hidden: the caller holds them until it deletes or releases them. */
  visibilityTimeoutSeconds?: number;
  waitTimeSeconds?: number;
  /** Stop after this many distinct messages. */
  maxMessages?: number;
}

export interface DrainResult {
  /** Distinct messages handed to the caller. */
  received: number;
  /** The drain stopped at maxMessages, not because the queue was empty. */
  truncated: boolean;
}

/**
 * Reads every message of a queue once: receives up to 10 at a time, hidden for the visibility timeout, and hands the
 * caller each batch of messages it has not seen before; stops after two empty long polls or at maxMessages. A held
 * message that became visible again (a run longer than the timeout) is not handed over twice: `onSeenAgain` gets its
 * newer receipt handle instead. The caller deletes or releases what it was given (deleteMessages / releaseMessages).
 */
export async function drainQueue(
  sqs: SQSClient,
  options: DrainOptions,
  handle: (fresh: Message[]) => Promise<void>,
  onSeenAgain?: (message: Message) => void,
): Promise<DrainResult> {
  const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  let received = 0;
  let empty = 0;
  while (empty < EMPTY_RECEIVES_TO_STOP) {
    if (received >= max) return { received, truncated: true };
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(SQS_MAX_BATCH_ENTRIES, max - received),
        VisibilityTimeout: options.visibilityTimeoutSeconds ?? DEFAULT_DRAIN_VISIBILITY_TIMEOUT_SECONDS,
        WaitTimeSeconds: options.waitTimeSeconds ?? DEFAULT_DRAIN_WAIT_TIME_SECONDS,
      }),
    );
    const fresh = keepFresh(response.Messages ?? [], seen, onSeenAgain);
    empty = fresh.length > 0 ? 0 : empty + 1;
    received += fresh.length;
    if (fresh.length > 0) await handle(fresh);
  }
  return { received, truncated: false };
}

/** The messages not seen before (now remembered); the others go to `onSeenAgain`. */
function keepFresh(messages: Message[], seen: Set<string>, onSeenAgain?: (message: Message) => void): Message[] {
  const fresh: Message[] = [];
  for (const message of messages) {
    const id = message.MessageId ?? '';
    if (seen.has(id)) {
      onSeenAgain?.(message);
      continue;
    }
    seen.add(id);
    fresh.push(message);
  }
  return fresh;
}

/** What a batched call did to each message: the count SQS confirmed and why the others failed. */
export interface BatchOutcome {
  succeeded: number;
  failed: Array<{ message: Message; reason: string }>;
}

/**
 * Runs one SQS batch call per 10 messages. Never throws: an entry SQS refused, or every entry of a call that threw,
 * is returned in `failed` with the reason, so each caller decides whether that is fatal.
 */
async function inBatches(
  messages: readonly Message[],
  call: string,
  send: (entries: Array<{ Id: string; ReceiptHandle: string }>) => Promise<{
    Successful?: unknown[];
    Failed?: Array<{ Id?: string; Code?: string; Message?: string }>;
  }>,
): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { succeeded: 0, failed: [] };
  for (let i = 0; i < messages.length; i += SQS_MAX_BATCH_ENTRIES) {
    const batch = messages.slice(i, i + SQS_MAX_BATCH_ENTRIES);
    try {
      const response = await send(batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle ?? '' })));
      outcome.succeeded += response.Successful?.length ?? 0;
      for (const failure of response.Failed ?? []) {
        const message = batch[Number(failure.Id)] ?? {};
        outcome.failed.push({ message, reason: `${failure.Code}: ${failure.Message ?? ''}` });
      }
    } catch (error) {
      for (const message of batch) outcome.failed.push({ message, reason: `${call}: ${describeError(error)}` });
    }
  }
  return outcome;
}

/** Deletes messages, 10 per DeleteMessageBatch call. */
export function deleteMessages(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<BatchOutcome> {
  return inBatches(messages, 'DeleteMessageBatch', (Entries) =>
    sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries })),
  );
}

/**
 * Makes held messages visible again at once (visibility timeout 0), so the next reader sees them without waiting.
 * A message that could not be released is not lost: it reappears when its visibility timeout ends.
 */
export function releaseMessages(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<BatchOutcome> {
  return inBatches(messages, 'ChangeMessageVisibilityBatch', (entries) =>
    sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: entries.map((entry) => ({ ...entry, VisibilityTimeout: 0 })),
      }),
    ),
  );
}
