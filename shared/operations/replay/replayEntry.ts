import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../../core/errors.js';
import { countDeadLetters, countDelivered, createLedger } from '../../core/ledger.js';
import type {
  DeadLetter,
  DeadLetterSink,
  DocumentRedactor,
  Ledger,
  LogDocument,
  LogSource,
  Sink,
} from '../../core/types.js';
import { decodeSubscriptionData } from '../../pipeline/decode/index.js';
import { deliverDocuments } from '../../pipeline/deliver/deliverDocuments.js';
import type { DropRule } from '../../pipeline/drop/dropRules.js';
import { type PipelineDeps, processBatch, processDecoded, processSubscriptionEvent } from '../../pipeline/pipeline.js';
import { classifyReplayEntry, type ReplayEntry, resolvePointer } from './entries.js';

/** What became of one entry. Only `replayed` and `dead_lettered_again` entries may be removed from their store. */
export const ReplayOutcome = {
  /** Its content reached the sink (or was filtered by an explicit drop rule): nothing of it is dead-lettered. */
  REPLAYED: 'replayed',
  /** At least part of it is in a new dead letter, written before this outcome is returned. */
  DEAD_LETTERED_AGAIN: 'dead_lettered_again',
  /** Quarantined by the leak check: never forwarded, left in place (fail closed). */
  SKIPPED_QUARANTINE: 'skipped_quarantine',
  /** Not a dead letter replay knows: left in place. */
  UNRECOGNISED: 'unrecognised',
  /** Could not be handled (a pointer's object unreadable, a dead letter that could not be written): left in place. */
  FAILED: 'failed',
} as const;
export type ReplayOutcomeName = (typeof ReplayOutcome)[keyof typeof ReplayOutcome];

/** Where replayed content goes: the same shapes as a `process` run's sinks. */
export interface ReplaySinks {
  sink: Sink;
  deadLetters: DeadLetterSink;
  /** Where a user finds the new dead letters, for the report. */
  deadLetterLocation?: string;
}

export interface ReplayDeps {
  /** Re-processes malformed inputs and Lambda on-failure events; undeliverable documents are not redacted again. */
  redactor: DocumentRedactor;
  drop?: DropRule;
  /** Required unless the run is a dry run (which never writes: its own sinks accept and keep nothing). */
  sinks?: ReplaySinks;
  /** Reads the letters SQS pointer messages name; without it a pointer entry fails and is left in place. */
  s3?: S3Client;
  now?: () => Date;
}

export interface EntryResult {
  outcome: ReplayOutcomeName;
  /** The pipeline's counts for what was replayed (absent for entries left in place). */
  ledger?: Ledger;
  /** Why an entry was left in place; never quotes its content. */
  reason?: string;
}

/** The attribution of a malformed raw line that carries no source of its own. */
const REPLAY_SOURCE: LogSource = { logGroup: '/teddy-logs/replay', logStream: 'dead-letters', owner: 'unknown' };
// Every gzip stream starts 1f 8b 08, which base64-encodes to "H4sI": a bare subscription `data` string (as in
// cli/inputs.ts, which shared code cannot import).
const BARE_SUBSCRIPTION_DATA = /^H4sI[A-Za-z0-9+/]*={0,2}$/;

/**
 * Replays one entry of a dead-letter store (an SQS body, a file line) through `sinks`:
 * - `undeliverable`: the content is a processed document, delivered as it is (no second pass through the pipeline);
 * - `malformed`: the content is the original input, run through the pipeline again as `process` would read it;
 * - a Lambda on-failure record: its `requestPayload` through processSubscriptionEvent;
 * - `quarantine`: never forwarded; unrecognised entries: left alone.
 * New dead letters are written before this resolves; a failure to write one comes back as `failed`, never thrown.
 */
export async function replayEntry(text: string, deps: ReplayDeps & { sinks: ReplaySinks }): Promise<EntryResult> {
  let entry: ReplayEntry = classifyReplayEntry(text);
  try {
    if (entry.type === 'pointer') {
      // Fail closed before reading: a quarantined record's object is never fetched, let alone forwarded.
      if (entry.kind === 'quarantine') return quarantined();
      if (!deps.s3) return failed(`s3://${entry.bucket}/${entry.key}: no S3 client to read the pointer's letter`);
      entry = await resolvePointer(deps.s3, entry);
    }
    switch (entry.type) {
      case 'unrecognised':
        return { outcome: ReplayOutcome.UNRECOGNISED, reason: entry.reason };
      case 'lambda-failure':
        return fromLedger(await processSubscriptionEvent(entry.event, pipelineDeps(deps)));
      case 'letter':
        return await replayLetter(entry.letter, deps);
      default:
        return failed('unexpected entry');
    }
  } catch (error) {
    return failed(describeError(error));
  }
}

async function replayLetter(letter: DeadLetter, deps: ReplayDeps & { sinks: ReplaySinks }): Promise<EntryResult> {
  switch (letter.kind) {
    case 'quarantine':
      return quarantined();
    case 'undeliverable': {
      const document = parseDocument(letter.content);
      if (!document) {
        return { outcome: ReplayOutcome.UNRECOGNISED, reason: 'undeliverable letter whose content is not a document' };
      }
      const now = deps.now ?? (() => new Date());
      const { delivered, deadLettered } = await deliverDocuments(
        [document],
        deps.sinks.sink,
        deps.sinks.deadLetters,
        [],
        now,
      );
      const ledger = createLedger();
      ledger.records_in = 1;
      countDelivered(ledger, delivered);
      countDeadLetters(ledger, deadLettered);
      return fromLedger(ledger);
    }
    case 'malformed':
      return fromLedger(await reprocessInput(letter, pipelineDeps(deps)));
    default:
      return { outcome: ReplayOutcome.UNRECOGNISED, reason: 'unknown dead-letter kind' };
  }
}

/** A malformed letter's content is what decode was given: read it back the way `process` reads an input line. */
function reprocessInput(letter: DeadLetter, deps: PipelineDeps): Promise<Ledger> {
  const content = letter.content.trim();
  if (content.startsWith('{') && content.includes('"awslogs"')) {
    try {
      const event: unknown = JSON.parse(content);
      if (event !== null && typeof event === 'object' && 'awslogs' in event) {
        return processSubscriptionEvent(event, deps);
      }
    } catch {
      // Not JSON (a cut-down raw input): a raw line below.
    }
  }
  if (BARE_SUBSCRIPTION_DATA.test(content)) return processDecoded(decodeSubscriptionData(content), deps);
  const at = Date.parse(letter.at);
  return processBatch(
    {
      source: { ...REPLAY_SOURCE, ...definedOnly(letter.source) },
      // The id and time come from the letter, not the run, so a second replay overwrites in OpenSearch.
      events: [
        {
          id:
            letter.source?.event_id ??
            `replay-${createHash('sha256').update(letter.content).digest('hex').slice(0, 40)}`,
          timestamp: Number.isNaN(at) ? (deps.now?.() ?? new Date()).getTime() : at,
          message: letter.content,
        },
      ],
    },
    deps,
  );
}

/** The processed document of an undeliverable letter, or undefined when the content is not one. */
function parseDocument(content: string): LogDocument | undefined {
  try {
    const value = JSON.parse(content) as Partial<LogDocument> | null;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (typeof value['@timestamp'] !== 'string' || typeof value.aws !== 'object' || value.aws === null)
      return undefined;
    return value as LogDocument;
  } catch {
    return undefined;
  }
}

function pipelineDeps(deps: ReplayDeps & { sinks: ReplaySinks }): PipelineDeps {
  return {
    redactor: deps.redactor,
    drop: deps.drop,
    sink: deps.sinks.sink,
    deadLetters: deps.sinks.deadLetters,
    now: deps.now,
  };
}

function fromLedger(ledger: Ledger): EntryResult {
  const outcome = ledger.dead_lettered > 0 ? ReplayOutcome.DEAD_LETTERED_AGAIN : ReplayOutcome.REPLAYED;
  return { outcome, ledger };
}

function quarantined(): EntryResult {
  return { outcome: ReplayOutcome.SKIPPED_QUARANTINE, reason: 'quarantined records are never forwarded' };
}

function failed(reason: string): EntryResult {
  return { outcome: ReplayOutcome.FAILED, reason };
}

function definedOnly(source: DeadLetter['source']): Partial<LogSource> {
  const out: Partial<LogSource> = {};
  if (source?.logGroup) out.logGroup = source.logGroup;
  if (source?.logStream) out.logStream = source.logStream;
  if (source?.owner) out.owner = source.owner;
  if (source?.region) out.region = source.region;
  return out;
}
