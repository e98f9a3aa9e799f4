import { DecodeError, DeliveryError } from '../../shared/core/errors';
import { isBalanced } from '../../shared/core/ledger';
import type {
  DeadLetter,
  DeadLetterSink,
  DocumentRedactor,
  LogBatch,
  LogDocument,
  LogEvent,
  Sink,
} from '../../shared/core/types';
import { processBatch, processDecoded, processSubscriptionEvent } from '../../shared/pipeline/pipeline';
import { aLogEvent, aSubscriptionEvent } from '../builders';

// Orchestration only: the stages are tested on their own; here the redactor and sinks are small in-memory doubles.
const passThrough: DocumentRedactor = { redact: (document) => ({ ok: true, document }) };

function aBatch(messages: string[]): LogBatch {
  return {
    source: { logGroup: '/aws/lambda/story-service', logStream: 's1', owner: '123456789012' },
    events: messages.map((message, i) => ({ id: `e${i}`, timestamp: Date.UTC(2026, 10, 26, 9, 0, i), message })),
  };
}

function aMemorySink(failWhen: (d: LogDocument) => boolean = () => false): Sink & { documents: LogDocument[] } {
  const documents: LogDocument[] = [];
  return {
    name: 'memory',
    documents,
    async deliver(batch) {
      const failed = batch.filter(failWhen).map((document) => ({ document, reason: 'refused' }));
      documents.push(...batch.filter((d) => !failWhen(d)));
      return { delivered: batch.length - failed.length, failed };
    },
  };
}

function aMemoryDeadLetterSink(): DeadLetterSink & { letters: DeadLetter[] } {
  const letters: DeadLetter[] = [];
  return { name: 'memory-dlq', letters, write: async (l) => void letters.push(...l) };
}

describe('processBatch', () => {
  it('delivers one document per log event and balances the ledger', async () => {
    const sink = aMemorySink();
    const ledger = await processBatch(aBatch(['{"level":"ERROR","message":"a"}', 'b', 'c']), {
      redactor: passThrough,
      sink,
      deadLetters: aMemoryDeadLetterSink(),
    });
    expect(sink.documents).toHaveLength(3);
    expect(ledger).toMatchObject({ records_in: 3, records_out: 3, dead_lettered: 0 });
    expect(isBalanced(ledger)).toBe(true);
  });

  it('dead-letters the documents the sink refuses, with the serialized document and the reason', async () => {
    const sink = aMemorySink((d) => d.message === 'b');
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processBatch(aBatch(['a', 'b', 'c']), { redactor: passThrough, sink, deadLetters });
    expect(ledger).toMatchObject({ records_in: 3, records_out: 2, dead_lettered: 1 });
    expect(deadLetters.letters[0]).toMatchObject({
      kind: 'undeliverable',
      stage: 'deliver',
      reason: 'memory: refused',
    });
    expect(JSON.parse(deadLetters.letters[0]?.content ?? '{}').message).toBe('b');
    expect(isBalanced(ledger)).toBe(true);
  });

  it('quarantines what the redactor refuses and counts blocked leaks', async () => {
    const redactor: DocumentRedactor = {
      redact: (document) =>
        document.message.includes('leak')
          ? { ok: false, leak: true, reason: 'leak check: email in message', content: '[quarantined]' }
          : { ok: true, document },
    };
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processBatch(aBatch(['fine', 'a leak']), { redactor, sink: aMemorySink(), deadLetters });
    expect(ledger).toMatchObject({ records_out: 1, dead_lettered: 1, leaks_blocked: 1 });
    expect(deadLetters.letters[0]).toMatchObject({ kind: 'quarantine', stage: 'redact', content: '[quarantined]' });
  });

  it('fails closed when a stage throws: the raw event is kept, never forwarded', async () => {
    const redactor: DocumentRedactor = {
      redact: () => {
        throw new Error('boom');
      },
    };
    const sink = aMemorySink();
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processBatch(aBatch(['secret@example.com']), { redactor, sink, deadLetters });
    expect(sink.documents).toHaveLength(0);
    expect(deadLetters.letters[0]).toMatchObject({ kind: 'quarantine', reason: 'redact failed: boom' });
    expect(deadLetters.letters[0]?.source).toMatchObject({ logGroup: '/aws/lambda/story-service', event_id: 'e0' });
    expect(isBalanced(ledger)).toBe(true);
  });

  it('treats a sink that throws as a failure of the whole batch, kept in the dead letter', async () => {
    const sink: Sink = {
      name: 'broken',
      deliver: async () => {
        throw new Error('socket hang up');
      },
    };
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processBatch(aBatch(['a', 'b']), { redactor: passThrough, sink, deadLetters });
    expect(ledger).toMatchObject({ records_out: 0, dead_lettered: 2 });
    expect(deadLetters.letters.map((l) => l.reason)).toEqual([
      'broken: sink threw: socket hang up',
      'broken: sink threw: socket hang up',
    ]);
  });

  it('throws a retryable DeliveryError when the dead letter itself cannot be written', async () => {
    const deadLetters: DeadLetterSink = {
      name: 'dlq',
      write: async () => {
        throw new Error('AccessDenied');
      },
    };
    const run = processBatch(aBatch(['a']), { redactor: passThrough, sink: aMemorySink(() => true), deadLetters });
    await expect(run).rejects.toBeInstanceOf(DeliveryError);
    await expect(run).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('dlq') });
  });
});

describe('processDecoded', () => {
  it('keeps an input that could not be decoded as one malformed dead letter', async () => {
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processDecoded(
      { ok: false, error: new DecodeError('awslogs.data is not valid base64'), raw: '{"awslogs":{"data":"%%%"}}' },
      { redactor: passThrough, sink: aMemorySink(), deadLetters },
    );
    expect(ledger).toMatchObject({ records_in: 1, dead_lettered: 1, malformed: 1 });
    expect(deadLetters.letters[0]).toMatchObject({
      kind: 'malformed',
      reason: 'awslogs.data is not valid base64',
      content: '{"awslogs":{"data":"%%%"}}',
    });
  });

  it('counts a control message as filtered and delivers nothing', async () => {
    const sink = aMemorySink();
    const ledger = await processDecoded(
      { ok: true, control: true, batch: aBatch(['CWL CONTROL MESSAGE: Checking health of destination']) },
      { redactor: passThrough, sink, deadLetters: aMemoryDeadLetterSink() },
    );
    expect(ledger).toMatchObject({ records_in: 1, filtered: 1, records_out: 0 });
    expect(sink.documents).toHaveLength(0);
    expect(isBalanced(ledger)).toBe(true);
  });
});

describe('processSubscriptionEvent: per-event accounting', () => {
  it('dead-letters one malformed log event among 10,000 and processes its neighbours', async () => {
    const events: unknown[] = Array.from({ length: 10_000 }, (_, i) =>
      aLogEvent({ id: `e${i}`, message: `{"level":"INFO","message":"event ${i}"}` }),
    );
    events[4_321] = { id: 'e4321', timestamp: 'yesterday', message: 'the bad one' };
    const sink = aMemorySink();
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processSubscriptionEvent(aSubscriptionEvent({ logEvents: events as LogEvent[] }), {
      redactor: passThrough,
      sink,
      deadLetters,
    });
    expect(ledger).toMatchObject({ records_in: 10_000, records_out: 9_999, dead_lettered: 1, malformed: 1 });
    expect(isBalanced(ledger)).toBe(true);
    expect(sink.documents).toHaveLength(9_999);
    expect(deadLetters.letters).toEqual([
      expect.objectContaining({
        kind: 'malformed',
        stage: 'decode',
        reason: expect.stringMatching(/^logEvents\[4321\]: timestamp: .*expected number/),
        content: '{"id":"e4321","timestamp":"yesterday","message":"the bad one"}',
        source: expect.objectContaining({ logGroup: '/aws/ai-teddy-bear/production/story-service' }),
      }),
    ]);
  });

  it('still keeps a payload without the shape of one as one malformed dead letter', async () => {
    const deadLetters = aMemoryDeadLetterSink();
    const ledger = await processSubscriptionEvent(aSubscriptionEvent({ logEvents: 'none' as unknown as LogEvent[] }), {
      redactor: passThrough,
      sink: aMemorySink(),
      deadLetters,
    });
    expect(ledger).toMatchObject({ records_in: 1, dead_lettered: 1, malformed: 1 });
  });
});
