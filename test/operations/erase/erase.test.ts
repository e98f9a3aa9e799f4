import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Client } from '@opensearch-project/opensearch';
import { ChildIdKeySource, parseChildIdKeys } from '../../../shared/core/childIdKeys.js';
import type { DeadLetter, LogDocument } from '../../../shared/core/types.js';
import {
  type ErasureDeps,
  ErasureRequestError,
  type ErasureTargets,
  eraseChild,
  formatReceiptLine,
} from '../../../shared/operations/erase/index.js';
import { createRedactor } from '../../../shared/pipeline/redact/index.js';
import type { DeadLetterPointer } from '../../../shared/sinks/deadLetterQueue.js';
import { installIndexTemplate } from '../../../shared/sinks/opensearch/installTemplates.js';
import { motoClientConfig, requireMoto, requireOpenSearch, uniqueName } from '../../support/services.js';

const NOW = new Date('2026-03-01T10:00:00Z');
// Keys rotated once: alice's older records carry v1 hashes, her newer ones v2.
const V1 = { version: 'v1', secret: 'the first child-id key, rotated out' };
const V2 = { version: 'v2', secret: 'the second child-id key, current now' };
const current = createRedactor({ key: V2, previousKeys: [V1] });
const beforeRotation = createRedactor({ key: V1 });
const CHILDREN = { alice: 'child-alice-0001', bob: 'child-bob-0002', carol: 'child-carol-0003' } as const;
type Child = keyof typeof CHILDREN;
const hashOf = (child: Child, redactor = current) => redactor.hashChildId(CHILDREN[child]);
const allHashesOf = (child: Child) => current.childIdHashes(CHILDREN[child]);

function aDocument(child: Child, overrides: Partial<LogDocument> = {}): LogDocument {
  return {
    '@timestamp': '2026-02-01T12:00:00.000Z',
    level: 'INFO',
    category: 'child_safety',
    message: `conversation turn for ${child}`,
    child_id: hashOf(child),
    tags: ['child_safety', 'compliance'],
    aws: {
      log_group: '/aws/ai-teddy-bear/dev/api',
      log_stream: 's',
      event_id: uniqueName('e'),
      account_id: '123456789012',
    },
    ...overrides,
  };
}

/** The pointer message createSqsDeadLetterSink writes for a letter too large for SQS. */
function aPointer(bucket: string, key: string): string {
  const pointer: DeadLetterPointer = {
    kind: 'undeliverable',
    stage: 'deliver',
    reason: 'firehose: ServiceUnavailableException',
    at: '2026-02-27T10:00:00.000Z',
    content_s3: { bucket, key, bytes: 300_000 },
  };
  return JSON.stringify(pointer);
}

function aDeadLetter(child: Child | undefined, overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    kind: 'undeliverable',
    stage: 'deliver',
    reason: 'mapper_parsing_exception',
    content: child ? JSON.stringify(aDocument(child)) : 'not json at all',
    at: NOW.toISOString(),
    ...overrides,
  };
}

/** A Firehose failed-document backup record: the document travels base64-encoded in rawData. */
function aBackupRecord(child: Child): string {
  return JSON.stringify({
    attemptsMade: 4,
    arrivalTimestamp: NOW.getTime(),
    errorCode: '400',
    errorMessage: 'mapper_parsing_exception',
    attemptEndingTimestamp: NOW.getTime(),
    rawData: Buffer.from(JSON.stringify(aDocument(child))).toString('base64'),
    esIndexName: 'ai-teddy-bear-logs-2026-02-01',
  });
}

/** What Lambda's on-failure destination puts on the queue: the whole subscription event, gzipped and base64'd. */
function aFailedInvocation(child: Child): string {
  const payload = {
    messageType: 'DATA_MESSAGE',
    logGroup: '/aws/ai-teddy-bear/dev/api',
    logEvents: [
      { id: '1', timestamp: NOW.getTime(), message: JSON.stringify({ level: 'INFO', child_id: hashOf(child) }) },
    ],
  };
  return JSON.stringify({
    version: '1.0',
    requestContext: { condition: 'RetriesExhausted' },
    requestPayload: { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } },
  });
}

describe("erasing a child's records from every store", () => {
  let openSearch: Client;
  let sqs: SQSClient;
  let s3: S3Client;
  let deps: ErasureDeps;
  let targets: ErasureTargets;
  const prefix = uniqueName('erase').toLowerCase();
  const carolLetter = JSON.stringify(aDeadLetter('carol'));
  const index = { january: `${prefix}-2026.01.01`, february: `${prefix}-2026-02-01`, letters: `${prefix}-deadletter` };

  beforeAll(async () => {
    openSearch = new Client({ node: await requireOpenSearch() });
    const aws = motoClientConfig(await requireMoto());
    sqs = new SQSClient(aws);
    s3 = new S3Client(aws);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dead-letters') })))
      .QueueUrl as string;
    const deadLetterBucket = uniqueName('dead-letters');
    const backupBucket = uniqueName('failed-documents');
    for (const bucket of [deadLetterBucket, backupBucket]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    deps = {
      childIdHashes: (id) => current.childIdHashes(id),
      openSearch,
      sqs,
      s3,
      now: () => NOW,
      newId: () => 'r-1',
    };
    targets = {
      indexPrefix: prefix,
      deadLetterQueueUrl: queueUrl,
      deadLetterBucket,
      backupBucket,
      cloudWatchRetentionDays: 30,
      queueWaitTimeSeconds: 0,
    };

    const mappings = {
      properties: {
        child_id: { type: 'keyword' as const },
        content: { type: 'text' as const },
        '@timestamp': { type: 'date' as const },
      },
    };
    for (const name of Object.values(index)) {
      await openSearch.indices.create({ index: name, body: { settings: { number_of_replicas: 0 }, mappings } });
    }
    const documents: Array<[string, object]> = [
      [index.january, aDocument('alice')],
      [index.january, aDocument('alice', { child_id: hashOf('alice', beforeRotation) })],
      [index.january, aDocument('alice')],
      [index.january, aDocument('bob')],
      [index.january, aDocument('carol')],
      [index.february, aDocument('alice')],
      [index.february, aDocument('alice', { child_id: hashOf('alice', beforeRotation) })],
      [index.february, aDocument('bob')],
      [index.february, aDocument('carol')],
      [index.letters, aDeadLetter('alice')],
      [index.letters, aDeadLetter('bob')],
    ];
    await openSearch.bulk({
      refresh: true,
      body: documents.flatMap(([name, document]) => [{ index: { _index: name } }, document]),
    });

    const put = (bucket: string, key: string, body: string | Buffer) =>
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    await put(deadLetterBucket, 'letters/alice.json', JSON.stringify(aDeadLetter('alice')));
    await put(deadLetterBucket, 'letters/bob.json', JSON.stringify(aDeadLetter('bob')));
    await put(deadLetterBucket, 'letters/mixed.ndjson', `${JSON.stringify(aDeadLetter('alice'))}\n${carolLetter}\n`);
    await put(
      deadLetterBucket,
      'large/alice-pointer.json',
      JSON.stringify(aDeadLetter('alice', { content: 'x'.repeat(300_000).replace(/^x{64}/, hashOf('alice')) })),
    );
    await put(deadLetterBucket, 'large/bob-pointer.json', JSON.stringify(aDeadLetter('bob')));
    await put(
      backupBucket,
      'failed/2026/02/01/batch-1.gz',
      gzipSync(`${aBackupRecord('alice')}\n${aBackupRecord('bob')}\n`),
    );
    await put(
      backupBucket,
      'failed/2026/02/01/batch-2.gz',
      gzipSync(`${aBackupRecord('alice')}\n${aBackupRecord('alice')}\n`),
    );
    await put(backupBucket, 'failed/2026/02/01/batch-3', `${aBackupRecord('carol')}${aBackupRecord('alice')}`);

    const send = (body: string) => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await send(JSON.stringify(aDeadLetter('alice')));
    await send(JSON.stringify(aDeadLetter('bob')));
    await send(JSON.stringify(aDeadLetter(undefined, { kind: 'malformed', stage: 'decode' })));
    await send(aPointer(deadLetterBucket, 'large/alice-pointer.json'));
    await send(aPointer(deadLetterBucket, 'large/bob-pointer.json'));
    await send(aFailedInvocation('alice'));
    await send(aFailedInvocation('carol'));
  });

  afterAll(async () => {
    await openSearch?.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true });
    await openSearch?.close();
  });

  async function documentsOf(child: Child): Promise<number> {
    const response = await openSearch.count({
      index: `${prefix}-*`,
      body: {
        query: {
          bool: {
            should: [
              { terms: { child_id: allHashesOf(child) } },
              ...allHashesOf(child).map((h) => ({ match_phrase: { content: h } })),
            ],
          },
        },
      },
    });
    return response.body.count;
  }

  async function queueBodies(): Promise<string[]> {
    const held: Message[] = [];
    for (let empty = 0; empty < 2; ) {
      const response = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: targets.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 30,
        }),
      );
      const messages = response.Messages ?? [];
      empty = messages.length ? 0 : empty + 1;
      held.push(...messages);
    }
    for (let i = 0; i < held.length; i += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: targets.deadLetterQueueUrl,
          Entries: held
            .slice(i, i + 10)
            .map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    }
    return held.map((m) => m.Body ?? '');
  }

  /** Every stored object's text, gunzipped, with Firehose's base64 rawData decoded in place. */
  async function storedTexts(bucket: string): Promise<Record<string, string>> {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const texts: Record<string, string> = {};
    for (const { Key } of listing.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const bytes = Buffer.from(
        await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      const text = (bytes[0] === 0x1f ? gunzipSync(bytes) : bytes).toString('utf8');
      texts[Key as string] = text.replace(/"rawData":"([^"]+)"/g, (_m, data) =>
        Buffer.from(data, 'base64').toString('utf8'),
      );
    }
    return texts;
  }

  /** A queue message's body with its gzipped base64 payloads (`"data"`) decoded, so hashes inside them show. */
  const decodedPayloads = (body: string) =>
    body.replace(/"data":"([^"]+)"/g, (_m, data) => gunzipSync(Buffer.from(data, 'base64')).toString());

  async function mentionsAnywhere(child: Child): Promise<string[]> {
    const mentions = (text: string) => allHashesOf(child).some((h) => text.includes(h));
    const found: string[] = [];
    if ((await documentsOf(child)) > 0) found.push('opensearch');
    found.push(...(await queueBodies()).filter((body) => mentions(decodedPayloads(body))).map(() => 'queue'));
    for (const bucket of [targets.deadLetterBucket, targets.backupBucket] as string[]) {
      const texts = Object.entries(await storedTexts(bucket));
      found.push(...texts.filter(([, text]) => mentions(text)).map(([key]) => `${bucket}/${key}`));
    }
    return found;
  }

  it('counts in a dry run exactly what it will erase, and erases nothing', async () => {
    const dryRun = await eraseChild(deps, { childId: CHILDREN.alice, dryRun: true }, targets);

    expect(dryRun.dry_run).toBe(true);
    expect(dryRun.total_removed).toBe(6 + 3 + 2 + 4);
    expect(await documentsOf('alice')).toBe(6);
    expect((await queueBodies()).length).toBe(7);
    expect(Object.keys(await storedTexts(targets.deadLetterBucket as string))).toHaveLength(5);
  });

  it("removes every one of the child's records, under every key version, and counts them per store", async () => {
    const receipt = await eraseChild(deps, { childId: CHILDREN.alice, dryRun: false, reference: 'REQ-42' }, targets);

    expect(receipt.stores.opensearch).toMatchObject({
      deleted_per_index: { [index.january]: 3, [index.february]: 2 },
      total_deleted: 5,
      remaining: 0,
      closed_indices: [],
    });
    // The dead-letter index is read letter by letter (raw inputs can hold the raw id), not queried.
    expect(receipt.stores.opensearch_dead_letters).toEqual({
      index: index.letters,
      letters_scanned: 2,
      letters_removed: 1,
    });
    // This node has no reindex module, so no _delete_by_query: the scroll-and-bulk fallback ran.
    expect(['delete_by_query', 'scroll_and_bulk']).toContain((receipt.stores.opensearch as { method?: string }).method);
    expect(receipt.stores.dead_letter_queue).toMatchObject({
      messages_scanned: 7,
      messages_deleted: 3,
      pointer_objects_changed: 1,
    });
    expect(receipt.stores.dead_letter_bucket).toMatchObject({
      objects_deleted: 1,
      objects_rewritten: 1,
      records_removed: 2,
    });
    expect(receipt.stores.firehose_backup_bucket).toMatchObject({
      objects_scanned: 3,
      objects_deleted: 1,
      objects_rewritten: 2,
      records_removed: 4,
    });
    expect(receipt.total_removed).toBe(15);
    expect(await mentionsAnywhere('alice')).toEqual([]);
  });

  it("keeps the other children's records intact, in the layout they were stored in", async () => {
    expect(await documentsOf('bob')).toBe(3);
    expect(await documentsOf('carol')).toBe(2);
    const letters = await storedTexts(targets.deadLetterBucket as string);
    expect(Object.keys(letters).sort()).toEqual(['large/bob-pointer.json', 'letters/bob.json', 'letters/mixed.ndjson']);
    expect(letters['letters/mixed.ndjson']).toBe(`${carolLetter}\n`);
    const backups = await storedTexts(targets.backupBucket as string);
    expect(Object.keys(backups).sort()).toEqual(['failed/2026/02/01/batch-1.gz', 'failed/2026/02/01/batch-3']);
    expect(backups['failed/2026/02/01/batch-1.gz']).toContain(hashOf('bob'));
    expect(backups['failed/2026/02/01/batch-3']).toContain(hashOf('carol'));
    const queue = await queueBodies();
    expect(queue).toHaveLength(4);
    expect(queue.filter((b) => b.includes(hashOf('bob')) || b.includes('bob-pointer'))).toHaveLength(2);
  });

  it('keeps the backups gzipped when it rewrites them', async () => {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: targets.backupBucket, Key: 'failed/2026/02/01/batch-1.gz' }),
    );
    const bytes = await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();

    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  });

  it('writes a receipt an auditor can keep: hashes, counts, time, the bounds, never the raw id', async () => {
    const receipt = await eraseChild(deps, { childId: CHILDREN.alice, dryRun: true }, targets);
    const line = formatReceiptLine(receipt);

    expect(receipt).toMatchObject({
      receipt: 'erasure',
      category: 'audit',
      receipt_id: 'r-1',
      generated_at: NOW.toISOString(),
      child_id_hashes: allHashesOf('alice'),
      rerun_after: '2026-03-01T10:15:00.000Z',
      everything_gone_by: '2026-04-01T10:00:00.000Z',
    });
    expect(receipt.child_id_hashes).toHaveLength(2);
    expect(receipt.not_erasable_record_by_record.map((n) => n.store)).toEqual(['cloudwatch-logs', 'firehose-buffer']);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({ category: 'audit', service: 'teddy-logs-erase', dry_run: true });
    expect(line).not.toContain(CHILDREN.alice);
    expect(JSON.stringify(receipt)).not.toContain(CHILDREN.alice);
  });

  it('succeeds with zero counts for a child it holds nothing of', async () => {
    const receipt = await eraseChild(deps, { childId: 'child-nobody-9999', dryRun: false }, targets);

    expect(receipt.total_removed).toBe(0);
    expect(receipt.stores.opensearch).toMatchObject({ deleted_per_index: {}, total_deleted: 0, remaining: 0 });
    expect(receipt.stores.dead_letter_queue).toMatchObject({ messages_deleted: 0, messages_scanned: 4 });
    expect(await documentsOf('bob')).toBe(3);
  });

  it('refuses an empty or malformed child id before touching any store', async () => {
    await expect(eraseChild(deps, { childId: '', dryRun: false }, targets)).rejects.toThrow(ErasureRequestError);
    await expect(eraseChild(deps, { childId: 'child bob', dryRun: false }, targets)).rejects.toThrow(/malformed/);
    expect(await documentsOf('bob')).toBe(3);
  });

  it('refuses, with no receipt, when no store is configured', async () => {
    await expect(
      eraseChild(
        { childIdHashes: deps.childIdHashes, now: () => NOW },
        { childId: CHILDREN.bob, dryRun: true },
        { indexPrefix: prefix, cloudWatchRetentionDays: 30, localDirectory: join(tmpdir(), uniqueName('absent')) },
      ),
    ).rejects.toThrow(/no store to search: set OPENSEARCH_URL, DEAD_LETTER_QUEUE_URL, DEAD_LETTER_BUCKET/);
  });

  it('reports the stores that are not configured as skipped, beside the ones searched', async () => {
    const receipt = await eraseChild(
      { childIdHashes: deps.childIdHashes, now: () => NOW, sqs },
      { childId: CHILDREN.bob, dryRun: true },
      { indexPrefix: prefix, cloudWatchRetentionDays: 30, deadLetterQueueUrl: targets.deadLetterQueueUrl },
    );

    expect(receipt.stores).toMatchObject({
      opensearch: { skipped: expect.stringContaining('OPENSEARCH_URL') },
      opensearch_dead_letters: { skipped: expect.stringContaining('OPENSEARCH_URL') },
      dead_letter_queue: { messages_scanned: 4 },
      dead_letter_bucket: { skipped: expect.stringContaining('DEAD_LETTER_BUCKET') },
      firehose_backup_bucket: { skipped: expect.stringContaining('FIREHOSE_BACKUP_BUCKET') },
      local_files: { skipped: expect.stringContaining('LOG_DIR') },
    });
    expect(receipt.store_summary.map((s) => [s.store, s.scanned])).toEqual([
      ['opensearch', null],
      ['opensearch_dead_letters', null],
      ['dead_letter_queue', 4],
      ['dead_letter_bucket', null],
      ['firehose_backup_bucket', null],
      ['local_files', null],
    ]);
  });

  it('refuses a real erasure with the development key, and still counts in a dry run', async () => {
    const withDevKey = { ...deps, keySource: ChildIdKeySource.DEVELOPMENT };
    await expect(eraseChild(withDevKey, { childId: CHILDREN.bob, dryRun: false }, targets)).rejects.toThrow(
      /development child-id key.*CHILD_ID_KEY_PARAMETER \(SSM\), CHILD_ID_KEY or CHILD_ID_KEY_FILE/,
    );
    expect(await documentsOf('bob')).toBe(3);
    const dryRun = await eraseChild(withDevKey, { childId: CHILDREN.bob, dryRun: true }, targets);
    expect(dryRun.total_removed).toBeGreaterThan(0);
  });

  it('refuses, before touching anything, when a configured store cannot be reached', async () => {
    const missingQueue = `${targets.deadLetterQueueUrl}-gone`;
    await expect(
      eraseChild(deps, { childId: CHILDREN.bob, dryRun: false }, { ...targets, deadLetterQueueUrl: missingQueue }),
    ).rejects.toThrow(/cannot reach dead letter queue \(DEAD_LETTER_QUEUE_URL\).*nothing was erased/);
    const unreachable = new Client({ node: 'http://127.0.0.1:9', requestTimeout: 2_000, maxRetries: 0 });
    await expect(
      eraseChild({ ...deps, openSearch: unreachable }, { childId: CHILDREN.bob, dryRun: false }, targets),
    ).rejects.toThrow(/cannot reach opensearch \(OPENSEARCH_URL\)/);
    await unreachable.close();
    expect(await documentsOf('bob')).toBe(3);
    expect((await queueBodies()).length).toBe(4);
  });
});

describe('erasing by the raw id where inputs are kept as they came', () => {
  const RAW = 'child-dora-0004';
  const SHORT = '77';
  const dora = current.childIdHashes(RAW);
  /** A malformed input as the app wrote it: not JSON, so never parsed, redacted or hashed. */
  const malformedLine = `{"level":"INFO","child_id":"${RAW}","password":"hunter2","message":"cut off`;
  let openSearch: Client;
  let sqs: SQSClient;
  let s3: S3Client;
  let deps: ErasureDeps;
  let targets: ErasureTargets;
  let logDir: string;
  const prefix = uniqueName('erase-raw').toLowerCase();

  beforeAll(async () => {
    openSearch = new Client({ node: await requireOpenSearch() });
    const aws = motoClientConfig(await requireMoto());
    sqs = new SQSClient(aws);
    s3 = new S3Client(aws);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('raw-letters') }))).QueueUrl;
    const bucket = uniqueName('raw-letters');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    logDir = mkdtempSync(join(tmpdir(), 'erase-raw-'));
    deps = { childIdHashes: (id) => current.childIdHashes(id), openSearch, sqs, s3, now: () => NOW };
    targets = {
      indexPrefix: prefix,
      deadLetterQueueUrl: queueUrl,
      deadLetterBucket: bucket,
      localDirectory: logDir,
      cloudWatchRetentionDays: 30,
      queueWaitTimeSeconds: 0,
    };
    const malformed = (content: string) => JSON.stringify(aDeadLetter(undefined, { kind: 'malformed', content }));
    const send = (body: string) => sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await send(malformed(malformedLine));
    await send(malformed(`child_id=${SHORT} latency 77 ms`));
    await send(malformed('latency 77 ms, child-dora-00041 is someone else'));
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'overflow/1.json', Body: malformed(malformedLine.repeat(50)) }),
    );
    await openSearch.bulk({
      refresh: true,
      body: [
        { index: { _index: `${prefix}-deadletter` } },
        JSON.parse(malformed(malformedLine)),
        { index: { _index: `${prefix}-deadletter` } },
        JSON.parse(malformed('{"child":{"name":"x","id":"child-erin-0005"}')),
      ],
    });
    // Data documents written before a rule knew the field: the raw id in the message, and in metadata.
    await installIndexTemplate(openSearch, prefix);
    await openSearch.bulk({
      refresh: true,
      body: [
        { index: { _index: `${prefix}-2026.02.01` } },
        aDocument('alice', { child_id: undefined, message: `story told to ${RAW} at bedtime` }),
        { index: { _index: `${prefix}-2026.02.01` } },
        aDocument('alice', { child_id: undefined, metadata: { kid_ref: RAW } } as Partial<LogDocument>),
        { index: { _index: `${prefix}-2026.02.01` } },
        aDocument('bob'),
      ],
    });
    writeFileSync(
      join(logDir, 'dead-letters.ndjson'),
      `${malformed(malformedLine)}\n${malformed('{"child_id":"child-erin-0005"')}\n`,
    );
    writeFileSync(
      join(logDir, `${prefix}-2026.02.01.ndjson`),
      `${JSON.stringify(aDocument('alice', { child_id: dora[0] }))}\n${JSON.stringify(aDocument('bob'))}\n`,
    );
  });

  afterAll(async () => {
    await openSearch?.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true });
    await openSearch?.close();
  });

  it('finds malformed letters holding the raw id in the queue, the bucket, the dead-letter index and local files', async () => {
    const receipt = await eraseChild(deps, { childId: RAW, dryRun: false }, targets);

    expect(receipt.stores.opensearch).toMatchObject({ total_deleted: 2, remaining: 0 });
    expect(receipt.stores.dead_letter_queue).toMatchObject({ messages_scanned: 3, messages_deleted: 1 });
    expect(receipt.stores.dead_letter_bucket).toMatchObject({ objects_deleted: 1 });
    expect(receipt.stores.opensearch_dead_letters).toMatchObject({ letters_scanned: 2, letters_removed: 1 });
    expect(receipt.stores.local_files).toMatchObject({ files_scanned: 2, lines_removed: 2 });
    const local = readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('');
    expect(local).not.toContain(RAW);
    expect(local).not.toContain(dora[0]);
    expect(local).toContain('child-erin-0005');
    expect(local).toContain(hashOf('bob'));
    expect(JSON.stringify(receipt)).not.toContain(RAW);
  });

  it('finds a short raw id only beside a child-id key, never as a bare number', async () => {
    const receipt = await eraseChild(deps, { childId: SHORT, dryRun: true }, targets);

    expect(receipt.stores.dead_letter_queue).toMatchObject({ messages_scanned: 2, messages_deleted: 1 });
  });
});

describe('erasing after key rotations', () => {
  it('removes records hashed under v1 and v2 once the keys rotated to v3', async () => {
    const secret = (v: string) => `the ${v} child-id key of this test`;
    const v1 = createRedactor({ key: { version: 'v1', secret: secret('v1') } });
    const v2 = createRedactor({
      key: { version: 'v2', secret: secret('v2') },
      previousKeys: [{ version: 'v1', secret: secret('v1') }],
    });
    const rotated = parseChildIdKeys(
      JSON.stringify({ current: 'v3', keys: { v1: secret('v1'), v2: secret('v2'), v3: secret('v3') } }),
      'v1',
      'CHILD_ID_KEY',
    );
    const v3 = createRedactor(rotated);
    const logDir = mkdtempSync(join(tmpdir(), 'erase-rotated-'));
    const id = 'child-fay-0006';
    const bob = JSON.stringify(aDocument('bob'));
    const lines = [v1, v2, v3].map((r) => JSON.stringify(aDocument('alice', { child_id: r.hashChildId(id) })));
    writeFileSync(join(logDir, 'ai-teddy-bear-logs-2026.02.01.ndjson'), `${lines.join('\n')}\n${bob}\n`);

    const receipt = await eraseChild(
      { childIdHashes: (childId) => v3.childIdHashes(childId), now: () => NOW },
      { childId: id, dryRun: false },
      { indexPrefix: 'ai-teddy-bear-logs', localDirectory: logDir, cloudWatchRetentionDays: 30 },
    );

    expect(receipt.child_id_hashes.map((h) => h.split(':')[1])).toEqual(['v3', 'v1', 'v2']);
    expect(receipt.stores.local_files).toMatchObject({ lines_scanned: 4, lines_removed: 3 });
    expect(readFileSync(join(logDir, 'ai-teddy-bear-logs-2026.02.01.ndjson'), 'utf8')).toBe(`${bob}\n`);
  });
});
