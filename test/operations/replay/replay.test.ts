import { S3Client } from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, LogDocument } from '../../../shared/core/types.js';
import { type ReplaySinks, replayEntry, replayLines, replayQueue } from '../../../shared/operations/replay/index.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../../shared/pipeline/redact/index.js';
import { createSqsDeadLetterSink } from '../../../shared/sinks/deadLetterQueue.js';
import { aLogDocument } from '../../builders.js';
import { motoClientConfig, requireMoto, uniqueName } from '../../support/services.js';

jest.setTimeout(60_000);

const redactor = createRedactor({ key: DEV_CHILD_ID_KEY });

function anUndeliverableLetter(document: LogDocument = aLogDocument()): DeadLetter {
  return {
    kind: 'undeliverable',
    stage: 'deliver',
    reason: 'firehose: throttled',
    content: JSON.stringify(document),
    at: '2026-01-15T10:31:00.000Z',
  };
}

/** Sinks that remember what they were given, or throw when told to. */
function recordingSinks(options: { sinkFails?: boolean; deadLettersFail?: boolean } = {}) {
  const delivered: LogDocument[] = [];
  const letters: DeadLetter[] = [];
  const sinks: ReplaySinks = {
    sink: {
      name: 'recording',
      async deliver(documents) {
        if (options.sinkFails) throw new Error('connection refused');
        delivered.push(...documents);
        return { delivered: documents.length, failed: [] };
      },
    },
    deadLetters: {
      name: 'recording-dead-letters',
      async write(written) {
        if (options.deadLettersFail) throw new Error('disk full');
        letters.push(...written);
      },
    },
  };
  return { sinks, delivered, letters };
}

async function* linesOf(...entries: unknown[]) {
  for (const entry of entries) yield typeof entry === 'string' ? entry : JSON.stringify(entry);
}

describe('replayEntry', () => {
  it('delivers an undeliverable document as it is, without a second pass through the pipeline', async () => {
    // A document the redactor would change if it saw it again: its message holds an already-redacted marker and a
    // child id that is a hash; re-processing it as a raw line would turn it into a new document around that JSON.
    const document = aLogDocument({ message: 'Reset mail sent to [REDACTED:email]', child_id: 'hmac-sha256:v1:ab' });
    const { sinks, delivered } = recordingSinks();

    const result = await replayEntry(JSON.stringify(anUndeliverableLetter(document)), { redactor, sinks });

    expect(result.outcome).toBe('replayed');
    expect(delivered).toEqual([document]);
  });

  it('replays a malformed raw input to the same document every time, so OpenSearch ids repeat', async () => {
    const letter: DeadLetter = {
      kind: 'malformed',
      stage: 'decode',
      reason: 'not a CloudWatch Logs subscription event',
      content: '{"level":"WARN","message":"Retrying AI provider call"}',
      at: '2026-01-15T10:32:00.000Z',
    };
    const first = recordingSinks();
    const second = recordingSinks();

    await replayEntry(JSON.stringify(letter), { redactor, sinks: first.sinks, now: () => new Date(2026, 5, 1) });
    await replayEntry(JSON.stringify(letter), { redactor, sinks: second.sinks, now: () => new Date(2027, 0, 1) });

    expect(first.delivered).toHaveLength(1);
    expect(second.delivered).toEqual(first.delivered);
    expect(first.delivered[0]?.['@timestamp']).toBe('2026-01-15T10:32:00.000Z');
  });

  it('never forwards a quarantined letter, and never reads the object of a quarantined pointer', async () => {
    const { sinks, delivered, letters } = recordingSinks();
    const quarantined = { ...anUndeliverableLetter(), kind: 'quarantine' };
    const { content: _content, ...pointer } = { ...quarantined, content_s3: { bucket: 'b', key: 'k', bytes: 9 } };

    const results = [
      await replayEntry(JSON.stringify(quarantined), { redactor, sinks }),
      // No S3 client: reading the object would fail the entry instead of skipping it.
      await replayEntry(JSON.stringify(pointer), { redactor, sinks }),
    ];

    expect(results.map((r) => r.outcome)).toEqual(['skipped_quarantine', 'skipped_quarantine']);
    expect(delivered).toEqual([]);
    expect(letters).toEqual([]);
  });

  it('counts a document the sink refuses as dead-lettered again once its new letter is kept', async () => {
    const { sinks, letters } = recordingSinks({ sinkFails: true });

    const result = await replayEntry(JSON.stringify(anUndeliverableLetter()), { redactor, sinks });

    expect(result.outcome).toBe('dead_lettered_again');
    expect(letters).toEqual([
      expect.objectContaining({ kind: 'undeliverable', reason: expect.stringContaining('connection refused') }),
    ]);
  });

  it('fails an entry, without throwing, when neither the sink nor the dead letter takes it', async () => {
    const { sinks } = recordingSinks({ sinkFails: true, deadLettersFail: true });

    const result = await replayEntry(JSON.stringify(anUndeliverableLetter()), { redactor, sinks });

    expect(result).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('disk full') });
  });
});

describe('replayQueue', () => {
  let sqs: SQSClient;
  let s3: S3Client;

  beforeAll(async () => {
    const moto = await requireMoto();
    sqs = new SQSClient(motoClientConfig(moto));
    s3 = new S3Client(motoClientConfig(moto));
  });

  afterAll(() => {
    sqs.destroy();
    s3.destroy();
  });

  async function aQueueWith(letters: DeadLetter[]): Promise<string> {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('replay-q') }))).QueueUrl as string;
    // Small letters only: the bucket is never written.
    await createSqsDeadLetterSink({ sqs, queueUrl, s3, bucket: 'unused' }).write(letters);
    return queueUrl;
  }

  async function visibleMessages(queueUrl: string): Promise<number> {
    const response = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    for (const message of response.Messages ?? []) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
    return response.Messages?.length ?? 0;
  }

  it('keeps a message whose content could be neither delivered nor dead-lettered, visible again at once', async () => {
    const queueUrl = await aQueueWith([anUndeliverableLetter()]);
    const { sinks } = recordingSinks({ sinkFails: true, deadLettersFail: true });

    const report = await replayQueue(sqs, { redactor, sinks }, { queueUrl, dryRun: false });

    expect(report).toMatchObject({ read: 1, failed: 1, deleted_from_queue: 0, balanced: false });
    expect(report.notes).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(await visibleMessages(queueUrl)).toBe(1);
  });

  it('deletes a message once the sink refused it but its new dead letter is kept', async () => {
    const queueUrl = await aQueueWith([anUndeliverableLetter()]);
    const { sinks, letters } = recordingSinks({ sinkFails: true });

    const report = await replayQueue(sqs, { redactor, sinks }, { queueUrl, dryRun: false });

    expect(report).toMatchObject({ read: 1, dead_lettered_again: 1, deleted_from_queue: 1, balanced: true });
    expect(letters).toHaveLength(1);
    expect(await visibleMessages(queueUrl)).toBe(0);
  });

  it('in a dry run uses none of the sinks it is given', async () => {
    const queueUrl = await aQueueWith([anUndeliverableLetter()]);
    const { sinks, delivered } = recordingSinks();

    const report = await replayQueue(sqs, { redactor, sinks }, { queueUrl, dryRun: true });

    expect(report).toMatchObject({ read: 1, replayed: 1, deleted_from_queue: 0, dry_run: true });
    expect(delivered).toEqual([]);
    expect(await visibleMessages(queueUrl)).toBe(1);
  });
});

describe('replayLines', () => {
  it('skips blank lines and counts every other line in exactly one outcome', async () => {
    const { sinks } = recordingSinks();

    const report = await replayLines(
      linesOf(anUndeliverableLetter(), '', '   ', 'junk', { ...anUndeliverableLetter(), kind: 'quarantine' }),
      { redactor, sinks },
      { source: 'test', dryRun: false },
    );

    expect(report).toMatchObject({ read: 3, replayed: 1, unrecognised: 1, skipped_quarantine: 1, balanced: true });
    expect(report.notes).toEqual([{ entry: 'line 4', outcome: 'unrecognised', reason: 'not JSON' }]);
  });
});
