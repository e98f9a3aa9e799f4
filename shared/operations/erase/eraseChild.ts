import { randomUUID } from 'node:crypto';
import { ChildIdKeySource, type ChildIdKeySourceName } from '../../core/childIdKeys.js';
import { ConfigError } from '../../core/errors.js';
import { formatLogLine } from '../../core/logLine.js';
import { deadLetterIndexName } from '../../sinks/opensearch/deadLetterIndex.js';
import { createChildMatcher } from './childMatcher.js';
import { type BucketErasureReport, eraseFromBucket } from './eraseFromBucket.js';
import { type DeadLetterIndexErasureReport, eraseFromDeadLetterIndex } from './eraseFromDeadLetterIndex.js';
import { eraseFromIndices, type IndexErasureReport } from './eraseFromIndices.js';
import { eraseFromLocalFiles, type LocalFilesErasureReport } from './eraseFromLocalFiles.js';
import { eraseFromQueue, type QueueErasureReport } from './eraseFromQueue.js';
import { validateChildId } from './erasureRequest.js';
import { ErasureRequestError } from './errors.js';
import { assertStoresReachable, type ErasureStores, listConfiguredStores, STORE_VARIABLES } from './stores.js';

/** Firehose holds records at most 900 s before delivering them (BufferingHints.IntervalInSeconds maximum). */
export const FIREHOSE_MAX_BUFFER_SECONDS = 900;
const DAY_MS = 86_400_000;

export interface ErasureDeps extends ErasureStores {
  /** The child's hash under the current key and every previous key still in use (the redactor's `childIdHashes`). */
  childIdHashes: (childId: string) => string[];
  /** Where the keys came from: an erasure that is not a dry run refuses the development key. */
  keySource?: ChildIdKeySourceName;
  now?: () => Date;
  newId?: () => string;
}

export interface ErasureRequest {
  /** The raw child id as the parent's request names it: validated, hashed, never stored or logged. */
  childId: unknown;
  dryRun: boolean;
  /** Who asked, for the receipt (a ticket number, not a person's name). */
  reference?: string;
}

export interface ErasureTargets {
  indexPrefix: string;
  deadLetterQueueUrl?: string;
  deadLetterBucket?: string;
  backupBucket?: string;
  /** LOG_DIR of a CLI run (daily files and dead-letter files); absent in Lambda, which keeps no local files. */
  localDirectory?: string;
  /** CLOUDWATCH_RETENTION_DAYS: when the raw CloudWatch copies expire. */
  cloudWatchRetentionDays: number;
  /** Only for tests: how long the queue scan waits for more messages. */
  queueWaitTimeSeconds?: number;
}

type Skipped = { skipped: string };

/** One line per store of the receipt: what was searched, how much of it, what was removed. */
export interface StoreSummary {
  store: string;
  location?: string;
  /** How the store was searched when not every record was read: the data indices are queried by field. */
  how?: string;
  /** Records read: letters, messages, objects, lines; for a queried store, the documents the query matched; null
   * when skipped. */
  scanned: number | null;
  removed: number;
  skipped?: string;
}

/** The receipt of one erasure request: an audit record a compliance officer keeps. It never holds the raw id. */
export interface ErasureReceipt {
  receipt: 'erasure';
  category: 'audit';
  receipt_id: string;
  reference?: string;
  generated_at: string;
  dry_run: boolean;
  /** The child's keyed hashes under every key version searched. */
  child_id_hashes: string[];
  /** The raw id was searched for too, where inputs are kept as they came (dead letters, backups, local files). */
  raw_id_searched: true;
  stores: {
    opensearch: IndexErasureReport | Skipped;
    opensearch_dead_letters: DeadLetterIndexErasureReport | Skipped;
    dead_letter_queue: QueueErasureReport | Skipped;
    dead_letter_bucket: BucketErasureReport | Skipped;
    firehose_backup_bucket: BucketErasureReport | Skipped;
    local_files: LocalFilesErasureReport | Skipped;
  };
  /** Each store in one line: scanned, removed (or why it was skipped). */
  store_summary: StoreSummary[];
  /** Records removed across the stores (documents + dead letters + backup records + local lines). */
  total_removed: number;
  /** What cannot be erased record by record, and when it is gone anyway. */
  not_erasable_record_by_record: Array<{ store: string; gone_by: string; why: string }>;
  /** Run the request again after this time: what was in flight (Firehose's buffer) has landed by then. */
  rerun_after: string;
  /** After this time, and the re-run, no copy of the child's records remains anywhere in the pipeline. */
  everything_gone_by: string;
}

function skipped(variable: string, what: string): Skipped {
  return { skipped: `no ${what} configured (${variable})` };
}

/**
 * Carries out a parent's erasure request: validates the child id (ErasureRequestError when empty or malformed),
 * computes its hash under every key, and removes the child's records — by hash, and by the raw id where inputs are
 * kept as they came — from the OpenSearch data and dead-letter indices, the dead-letter queue and bucket, the
 * Firehose backups and the CLI's local files. Refuses (ConfigError, nothing touched, no receipt) when no store is
 * configured, when a configured store cannot be reached, or when a real erasure would hash with the development
 * key. A dry run counts the same records and removes none. A child with no data yields a receipt with zero counts.
 */
export async function eraseChild(
  deps: ErasureDeps,
  request: ErasureRequest,
  targets: ErasureTargets,
): Promise<ErasureReceipt> {
  const childId = validateChildId(request.childId);
  const { dryRun } = request;
  const { hashes, configured } = await prepareErasure(deps, childId, dryRun, targets);
  const matches = createChildMatcher(childId, hashes);
  const now = (deps.now ?? (() => new Date()))();

  const opensearch = deps.openSearch
    ? await eraseFromIndices(deps.openSearch, {
        indexPrefix: targets.indexPrefix,
        excludeIndices: [deadLetterIndexName(targets.indexPrefix)],
        hashes,
        rawId: childId,
        dryRun,
      })
    : skipped('OPENSEARCH_URL', 'OpenSearch endpoint');
  const openSearchDeadLetters = deps.openSearch
    ? await eraseFromDeadLetterIndex(deps.openSearch, {
        index: deadLetterIndexName(targets.indexPrefix),
        matches,
        dryRun,
      })
    : skipped('OPENSEARCH_URL', 'OpenSearch endpoint');
  // The queue before the bucket: a pointer letter is judged by its S3 object, which the bucket pass may remove.
  const queue =
    deps.sqs && targets.deadLetterQueueUrl
      ? await eraseFromQueue(deps.sqs, deps.s3, {
          queueUrl: targets.deadLetterQueueUrl,
          matches,
          dryRun,
          waitTimeSeconds: targets.queueWaitTimeSeconds,
        })
      : skipped('DEAD_LETTER_QUEUE_URL', 'dead-letter queue');
  const handled = new Set('pointer_objects' in queue ? queue.pointer_objects : []);
  const deadLetterBucket =
    deps.s3 && targets.deadLetterBucket
      ? await eraseFromBucket(deps.s3, targets.deadLetterBucket, matches, dryRun, handled)
      : skipped('DEAD_LETTER_BUCKET', 'dead-letter bucket');
  const backupBucket =
    deps.s3 && targets.backupBucket
      ? await eraseFromBucket(deps.s3, targets.backupBucket, matches, dryRun, handled)
      : skipped('FIREHOSE_BACKUP_BUCKET', 'Firehose backup bucket');
  const localFiles = configured.includes('local_files')
    ? await eraseFromLocalFiles(targets.localDirectory as string, { matches, dryRun })
    : skipped('LOG_DIR', 'existing local log directory');

  const stores: ErasureReceipt['stores'] = {
    opensearch,
    opensearch_dead_letters: openSearchDeadLetters,
    dead_letter_queue: queue,
    dead_letter_bucket: deadLetterBucket,
    firehose_backup_bucket: backupBucket,
    local_files: localFiles,
  };
  const summary = summariseStores(stores);
  const cloudWatchGoneBy = new Date(now.getTime() + (targets.cloudWatchRetentionDays + 1) * DAY_MS);
  const firehoseGoneBy = new Date(now.getTime() + FIREHOSE_MAX_BUFFER_SECONDS * 1000);
  return {
    receipt: 'erasure',
    category: 'audit',
    receipt_id: (deps.newId ?? randomUUID)(),
    reference: request.reference,
    generated_at: now.toISOString(),
    dry_run: dryRun,
    child_id_hashes: hashes,
    raw_id_searched: true,
    stores,
    store_summary: summary,
    total_removed: summary.reduce((sum, s) => sum + s.removed, 0),
    not_erasable_record_by_record: [
      {
        store: 'cloudwatch-logs',
        gone_by: cloudWatchGoneBy.toISOString(),
        why:
          `CloudWatch Logs cannot delete single events; the raw events expire with the log group's retention ` +
          `(CLOUDWATCH_RETENTION_DAYS = ${targets.cloudWatchRetentionDays} days, plus up to a day until CloudWatch purges them)`,
      },
      {
        store: 'firehose-buffer',
        gone_by: firehoseGoneBy.toISOString(),
        why:
          `records in Firehose's buffer (at most ${FIREHOSE_MAX_BUFFER_SECONDS / 60} minutes) were not yet in ` +
          'OpenSearch or S3 when this ran: run the erasure again after rerun_after to remove what they delivered',
      },
    ],
    rerun_after: firehoseGoneBy.toISOString(),
    everything_gone_by: cloudWatchGoneBy.toISOString(),
  };
}

/**
 * Everything checked before any store is touched: the key (never the development key for a real erasure), the
 * hashes, and the stores — at least one configured, every configured one reachable.
 */
async function prepareErasure(deps: ErasureDeps, childId: string, dryRun: boolean, targets: ErasureTargets) {
  if (!dryRun && deps.keySource === ChildIdKeySource.DEVELOPMENT) {
    throw new ConfigError(
      'refusing to erase with the public development child-id key: the pipeline hashed with another key, so ' +
        'nothing would be found. Set CHILD_ID_KEY_PARAMETER (SSM), CHILD_ID_KEY or CHILD_ID_KEY_FILE (or use --dry-run)',
    );
  }
  const hashes = [...new Set(deps.childIdHashes(childId))];
  if (hashes.length === 0) throw new ErasureRequestError('no child-id key is configured: nothing to hash the id with');
  const configured = await listConfiguredStores(deps, targets);
  if (configured.length === 0) {
    throw new ConfigError(
      `erase has no store to search: set ${STORE_VARIABLES}; nothing was erased and no receipt was written`,
    );
  }
  await assertStoresReachable(deps, targets, configured);
  return { hashes, configured };
}

/** The receipt's one-line-per-store view, in the order the stores were searched. */
function summariseStores(stores: ErasureReceipt['stores']): StoreSummary[] {
  const line = <T extends object>(
    store: string,
    report: T | Skipped,
    view: (r: T) => Omit<StoreSummary, 'store'>,
  ): StoreSummary =>
    'skipped' in report ? { store, scanned: null, removed: 0, skipped: report.skipped } : { store, ...view(report) };
  return [
    line('opensearch', stores.opensearch, (r) => ({
      location: r.index_pattern,
      how: 'query on child_id and content (hashes)',
      scanned: r.total_deleted,
      removed: r.total_deleted,
    })),
    line('opensearch_dead_letters', stores.opensearch_dead_letters, (r) => ({
      location: r.index,
      scanned: r.letters_scanned,
      removed: r.letters_removed,
    })),
    line('dead_letter_queue', stores.dead_letter_queue, (r) => ({
      location: r.queue,
      scanned: r.messages_scanned,
      removed: r.messages_deleted,
    })),
    line('dead_letter_bucket', stores.dead_letter_bucket, (r) => ({
      location: `s3://${r.bucket}`,
      scanned: r.objects_scanned,
      removed: r.records_removed,
    })),
    line('firehose_backup_bucket', stores.firehose_backup_bucket, (r) => ({
      location: `s3://${r.bucket}`,
      scanned: r.objects_scanned,
      removed: r.records_removed,
    })),
    line('local_files', stores.local_files, (r) => ({
      location: r.directory,
      scanned: r.lines_scanned,
      removed: r.lines_removed,
    })),
  ];
}

/** The receipt as one JSON audit log line (the full receipt: it is small and holds no raw id). */
export function formatReceiptLine(receipt: ErasureReceipt): string {
  return formatLogLine({
    timestamp: receipt.generated_at,
    level: 'INFO',
    service: 'teddy-logs-erase',
    message:
      `erasure${receipt.dry_run ? ' (dry run)' : ''}: ${receipt.dry_run ? 'would remove' : 'removed'} ` +
      `${receipt.total_removed} record(s) of child ${receipt.child_id_hashes[0]}`,
    ...receipt,
  });
}
