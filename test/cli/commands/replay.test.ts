import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Client } from '@opensearch-project/opensearch';
import { registerReplay } from '../../../cli/commands/replay.js';
import type { DeadLetter, LogDocument } from '../../../shared/core/types.js';
import { createSqsDeadLetterSink } from '../../../shared/sinks/deadLetterQueue.js';
import { computeDocumentId } from '../../../shared/sinks/documentId.js';
import { aLogDocument, aLogEvent, aSubscriptionEvent } from '../../builders.js';
import { aCliWith } from '../../support/cli.js';
import { motoClientConfig, requireMoto, requireOpenSearch, uniqueName } from '../../support/services.js';

jest.setTimeout(90_000);

let moto: string;
let openSearchUrl: string;
let sqs: SQSClient;
let s3: S3Client;
let openSearch: Client;

beforeAll(async () => {
  moto = await requireMoto();
  openSearchUrl = await requireOpenSearch();
  sqs = new SQSClient(motoClientConfig(moto));
  s3 = new S3Client(motoClientConfig(moto));
  openSearch = new Client({ node: openSearchUrl });
});

afterAll(async () => {
  sqs.destroy();
  s3.destroy();
  await openSearch.close();
});

function anUndeliverableLetter(document: LogDocument): DeadLetter {
  return {
    kind: 'undeliverable',
    stage: 'deliver',
    reason: 'firehose: ServiceUnavailableException',
    content: JSON.stringify(document),
    source: { logGroup: document.aws.log_group, event_id: document.aws.event_id },
    at: '2026-01-15T10:31:00.000Z',
  };
}

function aLambdaFailureRecord(event: unknown) {
  return {
    version: '1.0',
    timestamp: '2026-01-15T10:35:00.000Z',
    requestContext: {
      requestId: '8f507cfc-1d1b-4697-b07a-ac58fc914c95',
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:teddy-logs-prod-ship:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'DeliveryError', errorMessage: 'could not keep 1 dead letter(s)' },
  };
}

/** A dead-letter queue holding one entry of every kind replay meets, written the way the ship function writes them. */
async function aQueueWithEveryKind() {
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('replay-dlq') }))).QueueUrl as string;
  const bucket = uniqueName('replay-dead-letters');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const tag = uniqueName('doc');
  const small = aLogDocument({
    message: 'Story delivery failed downstream',
    aws: { ...aLogDocument().aws, event_id: `${tag}-small` },
    metadata: { story_id: 's-42' },
  });
  const large = aLogDocument({
    // Larger than an SQS message: kept in S3 behind a pointer. Words, so the text field can index it whole.
    message: 'chapter '.repeat(40_000),
    aws: { ...aLogDocument().aws, event_id: `${tag}-large` },
  });
  const lambdaEventId = `${tag}-lambda`;
  const lambdaEvent = aSubscriptionEvent({
    logEvents: [
      aLogEvent({ id: lambdaEventId, message: '{"level":"ERROR","message":"Lambda gave up on this batch"}' }),
    ],
  });
  const sink = createSqsDeadLetterSink({ sqs, queueUrl, s3, bucket });
  const writeAll = async () => {
    await sink.write([
      anUndeliverableLetter(small),
      anUndeliverableLetter(large),
      {
        kind: 'malformed',
        stage: 'decode',
        reason: 'data is not valid base64',
        content: JSON.stringify({ awslogs: { data: 'not base64 at all!' } }),
        at: '2026-01-15T10:32:00.000Z',
      },
    ]);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(aLambdaFailureRecord(lambdaEvent)) }),
    );
  };
  await writeAll();
  await sink.write([
    {
      kind: 'quarantine',
      stage: 'redact',
      reason: 'leak check: email residue',
      content: '{"message":"[withheld]"}',
      at: '2026-01-15T10:33:00.000Z',
    },
  ]);
  await sqs.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a note somebody sent to the wrong queue' }),
  );
  return { queueUrl, small, large, lambdaEventId, writeHandledKindsAgain: writeAll };
}

/** The bodies in the queue; the messages are made visible again afterwards. */
async function receiveAll(queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  const handles: string[] = [];
  for (let empty = 0; empty < 2; ) {
    const response = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 30,
        WaitTimeSeconds: 1,
      }),
    );
    const messages = response.Messages ?? [];
    empty = messages.length ? 0 : empty + 1;
    bodies.push(...messages.map((m) => m.Body ?? ''));
    handles.push(...messages.map((m) => m.ReceiptHandle ?? ''));
  }
  for (const handle of handles) {
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }),
    );
  }
  return bodies;
}

async function anEnv(overrides: Record<string, string> = {}) {
  return {
    AWS_ENDPOINT_URL: moto,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    OPENSEARCH_URL: openSearchUrl,
    OPENSEARCH_INDEX: uniqueName('replay'),
    CHILD_ID_KEY: 'a child-id key for the replay tests',
    LOG_DIR: await mkdtemp(join(tmpdir(), 'replay-')),
    ...overrides,
  };
}

function aCli(env: Record<string, string | undefined>) {
  let exitCode = 0;
  const cli = aCliWith(
    (program, io) =>
      registerReplay(program, {
        ...io,
        setExitCode: (code) => {
          exitCode = code;
        },
      }),
    env,
  );
  return { ...cli, exitCode: () => exitCode };
}

async function countDocuments(index: string): Promise<number> {
  await openSearch.indices.refresh({ index });
  return (await openSearch.count({ index })).body.count;
}

describe('teddy-logs replay --queue-url', () => {
  it('re-delivers each kind the right way, leaves quarantine and junk in the queue, and a second replay adds nothing', async () => {
    const queue = await aQueueWithEveryKind();
    const env = await anEnv();
    const index = `${env.OPENSEARCH_INDEX}-2026.01.15`;

    const cli = aCli(env);
    await cli.run(['replay', '--queue-url', queue.queueUrl, '--sink', 'opensearch']);
    const report = JSON.parse(cli.out());

    expect(report).toMatchObject({
      read: 6,
      replayed: 3,
      dead_lettered_again: 1,
      skipped_quarantine: 1,
      unrecognised: 1,
      failed: 0,
      deleted_from_queue: 4,
      balanced: true,
    });
    expect(cli.exitCode()).toBe(0);
    expect(cli.err()).toMatch(/6 read from sqs:.* 3 replayed .* 1 dead-lettered again.*; balanced/);
    for (const document of [queue.small, queue.large]) {
      const stored = await openSearch.get({ index, id: computeDocumentId(document, 0) });
      expect(stored.body._source).toEqual(document);
    }
    const fromLambda = await openSearch.search({
      index,
      body: { query: { term: { 'aws.event_id': queue.lambdaEventId } } },
    });
    expect(fromLambda.body.hits.hits.map((hit) => (hit._source as LogDocument).message)).toEqual([
      'Lambda gave up on this batch',
    ]);
    const remaining = await receiveAll(queue.queueUrl);
    expect(remaining).toHaveLength(2);
    expect(remaining).toContain('a note somebody sent to the wrong queue');
    expect(remaining.map((body) => body.includes('"kind":"quarantine"'))).toContain(true);

    // The malformed input failed again: its new letter is in the dead-letter index, written before the delete.
    expect(await countDocuments(`${env.OPENSEARCH_INDEX}-deadletter`)).toBe(1);
    const documentsAfterFirstReplay = await countDocuments(index);
    expect(documentsAfterFirstReplay).toBe(3);
    await queue.writeHandledKindsAgain();
    const again = aCli(env);
    await again.run(['replay', '--queue-url', queue.queueUrl, '--sink', 'opensearch', '--visibility-timeout', '60']);

    expect(JSON.parse(again.out())).toMatchObject({ read: 6, replayed: 3, deleted_from_queue: 4, balanced: true });
    expect(await countDocuments(index)).toBe(documentsAfterFirstReplay);
    expect(await countDocuments(`${env.OPENSEARCH_INDEX}-deadletter`)).toBe(1);
  });

  it('with --dry-run reports what it would do and changes nothing: no message deleted, no index written', async () => {
    const queue = await aQueueWithEveryKind();
    const env = await anEnv();

    const cli = aCli(env);
    await cli.run(['replay', '--queue-url', queue.queueUrl, '--sink', 'opensearch', '--dry-run']);

    expect(JSON.parse(cli.out())).toMatchObject({
      dry_run: true,
      read: 6,
      replayed: 3,
      dead_lettered_again: 1,
      skipped_quarantine: 1,
      unrecognised: 1,
      deleted_from_queue: 0,
      balanced: true,
    });
    expect(await receiveAll(queue.queueUrl)).toHaveLength(6);
    const indices = await openSearch.cat.indices({ index: `${env.OPENSEARCH_INDEX}*`, format: 'json' });
    expect(indices.body).toEqual([]);
  });

  it('stops after --max entries and leaves the rest of the queue alone', async () => {
    const queue = await aQueueWithEveryKind();
    const env = await anEnv();

    const cli = aCli(env);
    await cli.run(['replay', '--queue-url', queue.queueUrl, '--sink', 'opensearch', '--dry-run', '--max', '2']);

    expect(JSON.parse(cli.out())).toMatchObject({ read: 2, truncated: true, balanced: true });
    expect(await receiveAll(queue.queueUrl)).toHaveLength(6);
  });

  it('refuses to replay a queue with the development child-id key, as a configuration error (exit 2)', async () => {
    const env = await anEnv({ CHILD_ID_KEY: '' });

    await expect(
      aCli(env).run(['replay', '--queue-url', 'http://127.0.0.1:1/123456789012/q', '--sink', 'stdout']),
    ).rejects.toThrow(
      expect.objectContaining({ name: 'ConfigError', message: expect.stringMatching(/development child-id key/) }),
    );
  });

  it('reads the queue the pipeline writes to (DEAD_LETTER_QUEUE_URL) when no source is named', async () => {
    const queue = await aQueueWithEveryKind();
    const cli = aCli(await anEnv({ DEAD_LETTER_QUEUE_URL: queue.queueUrl }));

    await cli.run(['replay', '--sink', 'opensearch', '--dry-run']);

    expect(JSON.parse(cli.out())).toMatchObject({ source: `sqs:${queue.queueUrl}`, read: 6, dry_run: true });
  });

  it('refuses two sources at once, or none', async () => {
    const env = await anEnv();

    await expect(aCli(env).run(['replay', '--sink', 'stdout'])).rejects.toThrow(/exactly one source/);
    await expect(
      aCli(env).run(['replay', '--sink', 'stdout', '--file', 'a.ndjson', '--queue-url', 'http://x/q']),
    ).rejects.toThrow(/exactly one source/);
  });
});

describe('teddy-logs replay --file', () => {
  it('replays a dead-letter file to stdout: documents as they were, the malformed input dead-lettered again on stderr', async () => {
    const env = await anEnv();
    const first = aLogDocument({ message: 'first undeliverable', aws: { ...aLogDocument().aws, event_id: 'file-1' } });
    const second = aLogDocument({ message: 'second, from stderr', aws: { ...aLogDocument().aws, event_id: 'file-2' } });
    const malformed: DeadLetter = {
      kind: 'malformed',
      stage: 'decode',
      reason: 'data is not gzip',
      content: JSON.stringify({ awslogs: { data: 'bm90IGd6aXA=' } }),
      at: '2026-01-15T10:32:00.000Z',
    };
    const quarantine: DeadLetter = { ...malformed, kind: 'quarantine', stage: 'redact', content: '{}' };
    const path = join(env.LOG_DIR, 'saved-dead-letters.ndjson');
    await writeFile(
      path,
      [
        JSON.stringify(anUndeliverableLetter(first)),
        JSON.stringify({ dead_letter: anUndeliverableLetter(second) }),
        JSON.stringify(malformed),
        '',
        JSON.stringify(quarantine),
        'junk',
      ].join('\n'),
    );

    const cli = aCli(env);
    await cli.run(['replay', '--file', path, '--sink', 'stdout']);

    const documents = cli
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(documents).toEqual([first, second]);
    expect(cli.err()).toContain('"dead_letter":{"kind":"malformed"');
    const report = JSON.parse(cli.err().slice(cli.err().indexOf('{\n'), cli.err().lastIndexOf('}') + 1));
    expect(report).toMatchObject({
      read: 5,
      replayed: 2,
      dead_lettered_again: 1,
      skipped_quarantine: 1,
      unrecognised: 1,
      deleted_from_queue: 0,
      balanced: true,
    });
    expect(cli.exitCode()).toBe(0);
  });

  it("refuses to replay the file the run's own dead letters go to", async () => {
    const env = await anEnv();
    const path = join(env.LOG_DIR, 'dead-letters.ndjson');
    await writeFile(path, '');

    await expect(aCli(env).run(['replay', '--file', path, '--sink', 'file'])).rejects.toThrow(/move it aside/);
  });
});
