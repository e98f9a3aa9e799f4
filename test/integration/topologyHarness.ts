/**
 * What the kinesis and firehose topology tests share: CloudWatch Logs groups subscribed to a destination in moto, a
 * stream of realistic lines with planted secrets, the ship function's dependencies against moto, and reading the
 * SQS dead letter and the function's ledger lines back.
 */

import { gunzipSync } from 'node:zlib';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { addLedger, createLedger } from '../../shared/core/ledger.js';
import type { DeadLetter, Ledger } from '../../shared/core/types.js';
import { REAL_LINES } from '../builders.js';
import { motoClientConfig, uniqueName } from '../support/services.js';

export const ACCOUNT = '123456789012';

/** Secrets planted in the stream; none may reach a destination. */
export const PLANTED = ['parent.one@example.com', 'mom@example.org', 'hunter2', '4111 1111 1111 1111', 'child_123'];

const APP_LINES = [
  '{"level":"INFO","category":"business","message":"Story generated successfully","service":"story-service","metadata":{"story_id":"st_8841"}}',
  '{"level":"WARNING","category":"child_safety","message":"Unsafe prompt blocked","child_id":"child_123","metadata":{"parent_email":"parent.one@example.com"}}',
  '{"level":"ERROR","category":"security","message":"Login failed for user mom@example.org","client_ip":"81.2.69.142","password":"hunter2"}',
  '{"level":50,"msg":"payment provider timeout","service":"billing","card_number":"4111 1111 1111 1111"}',
];

const LINES = [...APP_LINES, ...Object.values(REAL_LINES)];

/** The key of one CloudWatch Logs event wherever it ends: in a document, in a dead letter, in a raw payload. */
export function eventKey(logGroup: string | undefined, eventId: string | number | undefined): string {
  return `${logGroup}|${eventId}`;
}

/** The events inside a raw subscription payload (gzip of JSON), as CloudWatch Logs put them: read without the pipeline. */
export function eventKeysInPayload(gzipped: Uint8Array): string[] {
  const payload = JSON.parse(gunzipSync(gzipped).toString('utf8')) as {
    messageType: string;
    logGroup: string;
    logEvents: Array<{ id: string | number }>;
  };
  if (payload.messageType !== 'DATA_MESSAGE') return [];
  return payload.logEvents.map((event) => eventKey(payload.logGroup, event.id));
}

export interface SubscribedGroups {
  logs: CloudWatchLogsClient;
  groups: string[];
  /** Puts `batches` PutLogEvents calls of `size` lines of every kind into each group; returns how many events. */
  putLines(batches: number, size: number): Promise<number>;
}

/** Log groups subscribed (per group) to `destinationArn`; moto forwards every PutLogEvents to it. */
export async function subscribeGroups(
  endpoint: string,
  destinationArn: string,
  count: number,
): Promise<SubscribedGroups> {
  const logs = new CloudWatchLogsClient(motoClientConfig(endpoint));
  const groups = Array.from({ length: count }, () => `/aws/lambda/${uniqueName('story-service')}`);
  for (const logGroupName of groups) {
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'main' }));
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName,
        filterName: 'teddy-logs-ship',
        filterPattern: '',
        destinationArn,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/teddy-logs-test-subscription`,
      }),
    );
  }
  return {
    logs,
    groups,
    async putLines(batches, size) {
      let put = 0;
      for (const logGroupName of groups) {
        for (let b = 0; b < batches; b += 1) {
          // CloudWatch Logs (and moto) refuse events older than 14 days: stamped with the real clock.
          const now = Date.now();
          const logEvents = Array.from({ length: size }, (_, i) => ({
            message: LINES[(b + i) % LINES.length] as string,
            timestamp: now + i,
          }));
          await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'main', logEvents }));
          put += size;
        }
      }
      return put;
    },
  };
}

export async function receiveLetters(sqs: SQSClient, queueUrl: string): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (!page.Messages?.length) return letters;
    for (const message of page.Messages) letters.push(JSON.parse(message.Body ?? '') as DeadLetter);
  }
}

/** The ledgers of the function's summary lines, summed; and every summary line. */
export function readLedgers(lines: string[]): { total: Ledger; summaries: Array<Record<string, unknown>> } {
  const summaries = lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === 'ship batch processed');
  const total = createLedger();
  for (const summary of summaries) addLedger(total, summary.ledger as Ledger);
  return { total, summaries };
}

export function aContext() {
  const deadline = Date.now() + 60_000;
  return {
    getRemainingTimeInMillis: () => deadline - Date.now(),
    functionName: 'teddy-logs-test-ship',
    awsRequestId: uniqueName('req'),
  };
}
