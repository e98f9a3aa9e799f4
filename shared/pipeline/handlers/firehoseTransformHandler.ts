import { gzipSync } from 'node:zlib';
import { describeError } from '../../core/errors.js';
import { addLedger, createLedger } from '../../core/ledger.js';
import type { DeadLetter, DeadLetterSink, Ledger, LogBatch, LogDocument, Sink } from '../../core/types.js';
import { decodeSubscriptionData } from '../decode/index.js';
import type { ShipDeps } from '../lambdaHandler.js';
import { processDecoded } from '../pipeline.js';
import { annotateDeadLetters } from './annotateDeadLetters.js';
import {
  FirehoseResult,
  type FirehoseResultName,
  type FirehoseTransformEvent,
  type FirehoseTransformResponse,
} from './eventShapes.js';
import { type InvocationContext, logInvocation } from './invocationLog.js';

/**
 * Room for the `data` of one transformation response. Lambda's synchronous response is capped at 6 MB (6,291,456
 * bytes, https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html) and Firehose fails the whole batch
 * if the answer exceeds it (https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html). AWS's own
 * CloudWatch Logs processor blueprint stops at 6,000,000 bytes for headroom (JSON keys, record ids); so do we.
 */
export const FIREHOSE_RESPONSE_BUDGET_BYTES = 6_000_000;
/** JSON a response entry adds around its data: `{"recordId":"","result":"ProcessingFailed","data":""},`. */
const ENTRY_OVERHEAD_BYTES = 64;

/**
 * Puts payloads back into the Firehose stream that sent them (the blueprint's "re-ingestion"): they come back in a
 * later invocation. Returns the payloads it could not put, by index, with the reason. Direct PUT streams only, as the
 * firehose topology's is: a stream fed by Kinesis (`sourceKinesisStreamArn`) would need them put into that stream.
 */
export type Reingest = (
  deliveryStreamArn: string,
  payloads: Uint8Array[],
) => Promise<Array<{ index: number; reason: string }>>;

export interface FirehoseTransformDeps extends Omit<ShipDeps, 'sink'> {
  reingest: Reingest;
  /** Defaults to {@link FIREHOSE_RESPONSE_BUDGET_BYTES}; smaller in tests. */
  responseBudgetBytes?: number;
}

/** One input record after the pipeline, before the response is planned. */
interface Transformed {
  recordId: string;
  /** The record as Firehose gave it (base64), for re-ingestion. */
  original: string;
  batch?: LogBatch;
  documents: LogDocument[];
  letters: DeadLetter[];
  ledger: Ledger;
  /** Base64 of the NDJSON documents, '' when none. */
  data: string;
  result: FirehoseResultName;
  /** Re-ingested: whole (the response was full) or split in parts (too large for any response). */
  reingest?: Uint8Array[];
  failure?: string;
}

/**
 * The ship function as the data-transformation Lambda of a Firehose stream that CloudWatch Logs subscribes to
 * (topology `firehose`). Each record (one gzipped subscription payload) goes through the pipeline with an in-memory
 * sink; its documents become the record's output, one JSON line each (NDJSON), and the result per record is:
 * - `Ok` with the documents, when at least one was produced (its quarantined events are in the dead letter);
 * - `Dropped` when nothing is left to deliver and everything is accounted for: a control message, events filtered by
 *   a drop rule or dead-lettered (a record that cannot be decoded is one malformed dead letter with its reason), or a
 *   record re-ingested because the response was full;
 * - `ProcessingFailed` only when what the record needs could not be kept (its dead letters, or its re-ingestion):
 *   Firehose then writes the original record to the error output of its S3 destination, so it is never lost.
 * Dead letters are written only for records whose result is final here, so a re-ingested record is not dead-lettered
 * twice.
 */
export function createFirehoseTransformHandler(deps: FirehoseTransformDeps) {
  const budget = deps.responseBudgetBytes ?? FIREHOSE_RESPONSE_BUDGET_BYTES;
  return async (event: FirehoseTransformEvent, context: InvocationContext): Promise<FirehoseTransformResponse> => {
    const now = deps.now ?? (() => new Date());
    const redactor = await deps.redactor();
    const transformed: Transformed[] = [];
    for (const record of event.records) {
      const origin = `firehose ${event.deliveryStreamArn} ${record.recordId}`;
      transformed.push(await transformRecord(record, origin, { ...deps, redactor, now, region: event.region }));
    }
    planResponse(transformed, budget);
    await reingestRecords(transformed, event.deliveryStreamArn, deps.reingest);
    await keepLetters(transformed, deps.deadLetters);
    const ledger = createLedger();
    for (const record of transformed) if (countsInLedger(record)) addLedger(ledger, record.ledger);
    logInvocation(deps.log, context, now(), summarise(transformed, ledger));
    return {
      records: transformed.map(({ recordId, result, data }) => ({
        recordId,
        result,
        data: result === FirehoseResult.OK ? data : '',
      })),
    };
  };
}

async function transformRecord(
  record: FirehoseTransformEvent['records'][number],
  origin: string,
  deps: Omit<FirehoseTransformDeps, 'redactor' | 'reingest'> & {
    redactor: Awaited<ReturnType<ShipDeps['redactor']>>;
    now: () => Date;
    region?: string;
  },
): Promise<Transformed> {
  const documents: LogDocument[] = [];
  const letters: DeadLetter[] = [];
  // The sink only collects: Firehose delivers what the response carries. Letters are held until the result is final.
  const collect: Sink = {
    name: 'firehose-transformation',
    deliver: async (batch) => {
      documents.push(...batch);
      return { delivered: batch.length, failed: [] };
    },
  };
  const hold: DeadLetterSink = {
    name: 'held',
    write: async (batch) => {
      letters.push(...batch);
    },
  };
  const decoded = decodeSubscriptionData(record.data, { region: deps.region, perEvent: true });
  const ledger = await processDecoded(decoded, {
    redactor: deps.redactor,
    sink: collect,
    deadLetters: annotateDeadLetters(hold, origin),
    drop: deps.drop,
    now: deps.now,
  });
  const data = documents.length > 0 ? toNdjsonBase64(documents) : '';
  return {
    recordId: record.recordId,
    original: record.data,
    batch: decoded.ok && !decoded.control ? decoded.batch : undefined,
    documents,
    letters,
    ledger,
    data,
    result: documents.length > 0 ? FirehoseResult.OK : FirehoseResult.DROPPED,
  };
}

function toNdjsonBase64(documents: LogDocument[]): string {
  let text = '';
  for (const document of documents) text += `${JSON.stringify(document)}\n`;
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Fits the `Ok` records into the response budget in input order, as the blueprint does: once the response is full,
 * a record is re-ingested whole (it fits a later, emptier response). A record whose output alone exceeds the budget
 * would never fit: its events are split in halves, each re-ingested as its own payload (halved again later if need be).
 */
function planResponse(records: Transformed[], budget: number): void {
  let projected = 0;
  for (const record of records) {
    const entryBytes = record.recordId.length + ENTRY_OVERHEAD_BYTES;
    if (record.result !== FirehoseResult.OK) {
      projected += entryBytes;
      continue;
    }
    const size = record.data.length + entryBytes;
    if (projected + size <= budget) {
      projected += size;
      continue;
    }
    record.result = FirehoseResult.DROPPED;
    record.reingest = size > budget ? splitPayload(record) : [Buffer.from(record.original, 'base64')];
    projected += entryBytes;
  }
}

/** The record's events in two gzipped subscription payloads, so each half's output is about half as large. */
function splitPayload(record: Transformed): Uint8Array[] | undefined {
  const batch = record.batch;
  if (!batch || batch.events.length < 2) {
    // One event cannot be split; CloudWatch Logs caps an event at 256 KiB, so its output never nears the budget.
    record.failure = 'a single log event whose output exceeds the response budget';
    return undefined;
  }
  const half = Math.ceil(batch.events.length / 2);
  return [batch.events.slice(0, half), batch.events.slice(half)].map((events) =>
    gzipSync(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: batch.source.owner,
        logGroup: batch.source.logGroup,
        logStream: batch.source.logStream,
        subscriptionFilters: [],
        logEvents: events,
      }),
    ),
  );
}

async function reingestRecords(records: Transformed[], deliveryStreamArn: string, reingest: Reingest): Promise<void> {
  const payloads: Array<{ record: Transformed; payload: Uint8Array }> = [];
  for (const record of records) {
    if (record.failure) record.result = FirehoseResult.PROCESSING_FAILED;
    for (const payload of record.reingest ?? []) payloads.push({ record, payload });
  }
  if (payloads.length === 0) return;
  let failed: Array<{ index: number; reason: string }>;
  try {
    failed = await reingest(
      deliveryStreamArn,
      payloads.map((p) => p.payload),
    );
  } catch (error) {
    failed = payloads.map((_, index) => ({ index, reason: describeError(error) }));
  }
  for (const { index, reason } of failed) {
    const record = payloads[index]?.record;
    if (!record) continue;
    // Part of it may be back in the stream already; Firehose's error output keeps the whole record all the same.
    record.result = FirehoseResult.PROCESSING_FAILED;
    record.failure = `re-ingestion failed: ${reason}`;
  }
}

async function keepLetters(records: Transformed[], deadLetters: DeadLetterSink): Promise<void> {
  for (const record of records) {
    if (!countsInLedger(record) || record.letters.length === 0) continue;
    try {
      await deadLetters.write(record.letters);
    } catch (error) {
      record.result = FirehoseResult.PROCESSING_FAILED;
      record.failure = `dead letters not kept: ${describeError(error)}`;
    }
  }
}

/** A record whose outcome is final in this invocation: processed here, not re-ingested and not failed. */
function countsInLedger(record: Transformed): boolean {
  return record.result !== FirehoseResult.PROCESSING_FAILED && record.reingest === undefined;
}

function summarise(records: Transformed[], ledger: Ledger) {
  const count = (result: FirehoseResultName) => records.filter((r) => r.result === result).length;
  const failures = records.flatMap((r) => (r.failure ? [r.failure] : []));
  const reingested = records.filter((r) => r.reingest !== undefined && r.result !== FirehoseResult.PROCESSING_FAILED);
  return {
    ledger,
    topology: 'firehose',
    warn: failures.length > 0,
    metrics: {
      FirehoseRecordsFailed: count(FirehoseResult.PROCESSING_FAILED),
      FirehoseRecordsReingested: reingested.length,
    },
    details: {
      records: records.length,
      ok: count(FirehoseResult.OK),
      dropped: count(FirehoseResult.DROPPED),
      processing_failed: count(FirehoseResult.PROCESSING_FAILED),
      reingested_records: reingested.length,
      reingested_payloads: reingested.reduce((sum, r) => sum + (r.reingest?.length ?? 0), 0),
      ...(failures.length > 0 ? { first_failure: failures[0] } : {}),
    },
  };
}
