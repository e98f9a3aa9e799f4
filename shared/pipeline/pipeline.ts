import { describeError } from '../core/errors.js';
import { addLedger, countDeadLetters, countDelivered, createLedger } from '../core/ledger.js';
import type {
  DeadLetter,
  DeadLetterSink,
  DocumentRedactor,
  Ledger,
  LogBatch,
  LogDocument,
  LogEvent,
  LogSource,
  Sink,
} from '../core/types.js';
import { type DecodeResult, decodeSubscriptionEvent, type RejectedEvent } from './decode/index.js';
import { deliverDocuments, keepDeadLetters } from './deliver/index.js';
import type { DropRule } from './drop/index.js';
import { enrichDocument } from './enrich/index.js';
import { normaliseRecord } from './normalise/index.js';
import { parseLogEvent } from './parse/index.js';

export interface PipelineDeps {
  redactor: DocumentRedactor;
  /** Explicit drop rules (shared/pipeline/drop): a matching document is counted as filtered. */
  drop?: DropRule;
  sink: Sink;
  deadLetters: DeadLetterSink;
  /** The clock dead letters are stamped with. */
  now?: () => Date;
}

/**
 * The ship pipeline for one CloudWatch Logs subscription event:
 * decode → parse → normalise → (drop) → redact → enrich → deliver. Never throws for bad input (it is dead-lettered);
 * throws a DeliveryError only when a dead letter itself cannot be written.
 */
export async function processSubscriptionEvent(event: unknown, deps: PipelineDeps): Promise<Ledger> {
  return processDecoded(decodeSubscriptionEvent(event, { perEvent: true }), deps);
}

/**
 * The pipeline after decode: a malformed input is dead-lettered, a control message filtered, data processed. A log
 * event decode rejected on its own is one malformed dead letter; its neighbours go on.
 */
export async function processDecoded(decoded: DecodeResult, deps: PipelineDeps): Promise<Ledger> {
  if (!decoded.ok) {
    const ledger = createLedger();
    ledger.records_in = 1;
    const letter = aDeadLetter('malformed', 'decode', decoded.error.message, decoded.raw, deps);
    await keepDeadLetters(deps.deadLetters, [letter]);
    countDeadLetters(ledger, [letter]);
    return ledger;
  }
  if (decoded.control) {
    const ledger = createLedger();
    ledger.records_in = Math.max(1, decoded.batch.events.length);
    ledger.filtered = ledger.records_in;
    return ledger;
  }
  const rejected = await keepRejectedEvents(decoded.rejected ?? [], decoded.batch.source, deps);
  return addLedger(await processBatch(decoded.batch, deps), rejected);
}

async function keepRejectedEvents(rejected: RejectedEvent[], source: LogSource, deps: PipelineDeps): Promise<Ledger> {
  const ledger = createLedger();
  if (rejected.length === 0) return ledger;
  const letters = rejected.map((event) => aDeadLetter('malformed', 'decode', event.reason, event.raw, deps, source));
  await keepDeadLetters(deps.deadLetters, letters);
  ledger.records_in = letters.length;
  countDeadLetters(ledger, letters);
  return ledger;
}

/** The pipeline from parse on, for log events already decoded (a subscription batch, or raw lines from the CLI). */
export async function processBatch(batch: LogBatch, deps: PipelineDeps): Promise<Ledger> {
  const ledger = createLedger();
  ledger.records_in = batch.events.length;
  const ready: LogDocument[] = [];
  const letters: DeadLetter[] = [];
  for (const event of batch.events) {
    const outcome = transformEvent(event, batch.source, deps.redactor, deps.drop);
    if (outcome.ok) ready.push(outcome.document);
    else if (outcome.filtered) ledger.filtered += 1;
    else {
      letters.push(
        aDeadLetter('quarantine', outcome.stage, outcome.reason, outcome.content, deps, batch.source, event),
      );
      if (outcome.leak) ledger.leaks_blocked += 1;
    }
  }
  const { delivered, deadLettered } = await deliverDocuments(ready, deps.sink, deps.deadLetters, letters, deps.now);
  countDelivered(ledger, delivered);
  countDeadLetters(ledger, deadLettered);
  return ledger;
}

type TransformOutcome =
  | { ok: true; document: LogDocument }
  /** Not delivered: dropped on purpose by a rule (`filtered`), or quarantined with what is kept of it. */
  | { ok: false; filtered: boolean; stage: string; reason: string; content: string; leak: boolean };

/** One log event to one safe document, a drop, or the reason it must be quarantined. Pure; never throws. */
export function transformEvent(
  event: LogEvent,
  source: LogSource,
  redactor: DocumentRedactor,
  drop?: DropRule,
): TransformOutcome {
  let stage = 'parse';
  try {
    const parsed = parseLogEvent(event.message);
    stage = 'normalise';
    const document = normaliseRecord(parsed, event, source);
    stage = 'drop';
    const rule = drop?.(document);
    if (rule !== undefined) {
      return { ok: false, filtered: true, stage, reason: `dropped by ${rule}`, content: '', leak: false };
    }
    stage = 'redact';
    const redacted = redactor.redact(document);
    if (!redacted.ok) {
      return {
        ok: false,
        filtered: false,
        stage,
        reason: redacted.reason,
        content: redacted.content,
        leak: redacted.leak,
      };
    }
    stage = 'enrich';
    return { ok: true, document: enrichDocument(redacted.document) };
  } catch (error) {
    // Fail closed: a record no stage could handle is kept whole, never forwarded half-processed.
    return {
      ok: false,
      filtered: false,
      stage,
      reason: `${stage} failed: ${describeError(error)}`,
      content: event.message,
      leak: false,
    };
  }
}

function aDeadLetter(
  kind: DeadLetter['kind'],
  stage: string,
  reason: string,
  content: string,
  deps: PipelineDeps,
  source?: LogSource,
  event?: LogEvent,
): DeadLetter {
  return {
    kind,
    stage,
    reason,
    content,
    source: source ? { ...source, event_id: event?.id } : undefined,
    at: (deps.now?.() ?? new Date()).toISOString(),
  };
}
