/**
 * Builders for the events the ship function receives in the kinesis and firehose topologies, typed with the
 * community's Lambda event types (@types/aws-lambda), so a fixture that drifts from the real shape does not compile.
 */
import type { FirehoseTransformationEvent, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { DeadLetter, DeadLetterSink, DocumentRedactor, LogDocument, Sink } from '../../../shared/core/types.js';

export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/teddy-logs-test';
export const DELIVERY_STREAM_ARN = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/teddy-logs-test-ingest';

/** A record as a Kinesis event source mapping hands it over; `data` is a base64 subscription payload. */
export function aKinesisRecord(data: string, sequenceNumber: string): KinesisStreamRecord {
  return {
    awsRegion: 'us-east-1',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: STREAM_ARN,
    eventVersion: '1.0',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/teddy-logs-test-ship',
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: '2c1f0b5e6d9a8c7b',
      sequenceNumber,
      data,
      approximateArrivalTimestamp: 1768473000.123,
    },
  };
}

/** A batch of records with sequence numbers 49590338271490256608559692538361571095921575989136588801, …02, … */
export function aKinesisEvent(payloads: string[]): KinesisStreamEvent {
  return { Records: payloads.map((data, i) => aKinesisRecord(data, aSequenceNumber(i))) };
}

export function aSequenceNumber(i: number): string {
  return `4959033827149025660855969253836157109592157598913658${String(8801 + i).padStart(4, '0')}`;
}

/** A Firehose data-transformation invocation; record ids as Firehose writes them. */
export function aFirehoseTransformationEvent(payloads: string[]): FirehoseTransformationEvent {
  return {
    invocationId: 'invocationIdExample',
    deliveryStreamArn: DELIVERY_STREAM_ARN,
    region: 'us-east-1',
    records: payloads.map((data, i) => ({
      recordId: aRecordId(i),
      approximateArrivalTimestamp: 1768473000123 + i,
      data,
    })),
  };
}

export function aRecordId(i: number): string {
  return `495903382714902566085596925383615710959215759891365880${String(i).padStart(2, '0')}000000000000000`;
}

export const context = {
  getRemainingTimeInMillis: () => 30_000,
  functionName: 'teddy-logs-test-ship',
  awsRequestId: 'req-1',
};

/** Quarantines any document whose message contains POISON (as a failed redaction would), passes the rest. */
export const poisonAwareRedactor: DocumentRedactor = {
  redact: (document) =>
    document.message.includes('POISON')
      ? { ok: false, leak: true, reason: 'leak check: planted secret', content: '[quarantined]' }
      : { ok: true, document },
};

export function aCollectingSink(): Sink & { documents: LogDocument[] } {
  const documents: LogDocument[] = [];
  return {
    name: 'firehose:test',
    documents,
    deliver: async (batch) => {
      documents.push(...batch);
      return { delivered: batch.length, failed: [] };
    },
  };
}

/** Keeps letters; refuses any write whose letters' reasons match `refuse`. */
export function aDeadLetterSink(refuse?: RegExp): DeadLetterSink & { letters: DeadLetter[] } {
  const letters: DeadLetter[] = [];
  return {
    name: 'sqs:test',
    letters,
    write: async (batch) => {
      if (refuse && batch.some((letter) => refuse.test(letter.reason))) throw new Error('SQS unavailable');
      letters.push(...batch);
    },
  };
}

/** The two lines an invocation logs: the summary (with the ledger) and the EMF metrics. */
export function parseLog(lines: string[]) {
  const [summary, metrics] = lines.map((line) => JSON.parse(line));
  return { summary, metrics };
}
