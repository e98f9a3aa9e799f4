import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterSink } from '../core/types.js';
import { chunkBySize } from './chunk.js';
import { SQS_MAX_BATCH_BYTES, SQS_MAX_BATCH_ENTRIES, SQS_MAX_MESSAGE_BYTES } from './limits.js';
import { describeAwsError, isRetryableAwsError, type RetryOptions, retryFailedItems } from './retry.js';

export interface SqsDeadLetterSinkOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** Where letters too large for an SQS message go; the queue then gets a pointer to the object. */
  s3: S3Client;
  bucket: string;
  /** Key prefix of the large letters: `<prefix>YYYY/MM/DD/<uuid>.json`. */
  keyPrefix?: string;
  /** Retries of failed SQS entries; few, since the caller throws (and Lambda retries) if the letters are not kept. */
  retry?: RetryOptions;
  now?: () => Date;
  newId?: () => string;
}

/** The SQS message that stands for a letter kept in S3: everything but the content, and where the content is. */
export interface DeadLetterPointer {
  kind: DeadLetter['kind'];
  stage: string;
  reason: string;
  source?: DeadLetter['source'];
  at: string;
  content_s3: { bucket: string; key: string; bytes: number };
}

/** Room left in a message for SQS's own accounting and the pointer's fields. */
const SQS_BODY_LIMIT = SQS_MAX_MESSAGE_BYTES - 1024;
/** A pointer keeps this much of the reason, so the pointer itself always fits. */
const POINTER_REASON_CHARS = 2_000;

/**
 * A dead letter in SQS: one message per letter (SendMessageBatch, 10 at a time within the batch size limit). A letter
 * larger than an SQS message is written whole to S3 and the queue gets a small pointer message naming the object.
 * Throws when any letter could not be kept, so that the caller does not claim it: then some letters of the same
 * write may be in the queue twice after the caller's retry, which is the price of never losing one.
 */
export function createSqsDeadLetterSink(options: SqsDeadLetterSinkOptions): DeadLetterSink {
  const keyPrefix = options.keyPrefix ?? 'dead-letters/';
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;

  async function toMessageBody(letter: DeadLetter): Promise<string> {
    const body = toSqsSafeJson(letter);
    const bytes = Buffer.byteLength(body);
    if (bytes <= SQS_BODY_LIMIT) return body;
    const date = now().toISOString().slice(0, 10).replaceAll('-', '/');
    const key = `${keyPrefix}${date}/${newId()}.json`;
    try {
      await options.s3.send(
        new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body, ContentType: 'application/json' }),
      );
    } catch (error) {
      throw new Error(
        `could not write a ${bytes}-byte dead letter to s3://${options.bucket}/${key}: ${describeAwsError(error)}`,
      );
    }
    const pointer: DeadLetterPointer = {
      kind: letter.kind,
      stage: letter.stage,
      reason: letter.reason.slice(0, POINTER_REASON_CHARS),
      source: letter.source,
      at: letter.at,
      content_s3: { bucket: options.bucket, key, bytes },
    };
    return toSqsSafeJson(pointer);
  }

  async function sendBatch(entries: SendMessageBatchRequestEntry[]) {
    const failures: BatchEntryFailure[] = [];
    for (const batch of chunkEntries(entries)) {
      try {
        const response = await options.sqs.send(
          new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: batch }),
        );
        failures.push(...failedEntries(batch, response));
      } catch (error) {
        const reason = `SendMessageBatch failed: ${describeAwsError(error)}`;
        for (const entry of batch) failures.push({ item: entry, reason, retryable: isRetryableAwsError(error) });
      }
    }
    return failures;
  }

  return {
    name: `sqs:${options.queueUrl}`,
    async write(letters: DeadLetter[]): Promise<void> {
      if (letters.length === 0) return;
      const entries: SendMessageBatchRequestEntry[] = [];
      for (const [i, letter] of letters.entries()) {
        entries.push({ Id: String(i), MessageBody: await toMessageBody(letter) });
      }
      const lost = await retryFailedItems(entries, sendBatch, {
        maxAttempts: 3,
        safetyMarginMs: 1_000,
        ...options.retry,
      });
      if (lost.length > 0) {
        throw new Error(
          `${lost.length} of ${letters.length} dead letter(s) not accepted by SQS ${options.queueUrl}: ${lost[0]?.reason}`,
        );
      }
    },
  };
}

/** One entry of a SendMessageBatch call that SQS did not confirm, and whether sending it again could help. */
interface BatchEntryFailure {
  item: SendMessageBatchRequestEntry;
  reason: string;
  retryable: boolean;
}

/** The entries SQS reported as failed, and those it reported neither as sent nor as failed (not known to be kept). */
function failedEntries(
  batch: SendMessageBatchRequestEntry[],
  response: Pick<SendMessageBatchCommandOutput, 'Successful' | 'Failed'>,
): BatchEntryFailure[] {
  const failures: BatchEntryFailure[] = [];
  const byId = new Map(batch.map((entry) => [entry.Id, entry]));
  for (const failure of response.Failed ?? []) {
    const entry = byId.get(failure.Id);
    if (!entry) continue;
    failures.push({
      item: entry,
      reason: `${failure.Code}: ${failure.Message ?? 'no message'}`,
      retryable: !failure.SenderFault,
    });
  }
  const answered = new Set([...(response.Successful ?? []), ...(response.Failed ?? [])].map((r) => r.Id));
  for (const entry of batch) {
    if (!answered.has(entry.Id)) failures.push({ item: entry, reason: 'no result for this entry', retryable: true });
  }
  return failures;
}

/** SendMessageBatch calls of at most 10 entries and at most the batch byte limit. */
function chunkEntries(entries: SendMessageBatchRequestEntry[]): SendMessageBatchRequestEntry[][] {
  return chunkBySize(entries, { maxItems: SQS_MAX_BATCH_ENTRIES, maxBytes: SQS_MAX_BATCH_BYTES }, (entry) =>
    Buffer.byteLength(entry.MessageBody ?? ''),
  );
}

/**
 * JSON that SQS accepts as a message body. SQS allows only #x9 #xA #xD, #x20–#xD7FF, #xE000–#xFFFD and
 * #x10000–#x10FFFF; JSON.stringify already escapes control characters and lone surrogates, which leaves U+FFFE and
 * U+FFFF to escape by hand (still the same JSON value).
 */
export function toSqsSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}
