import { classifyEvent, createShipFunctionHandler } from '../../../shared/pipeline/handlers/index.js';
import { aSubscriptionEvent, aSubscriptionPayload } from '../../builders.js';
import {
  aCollectingSink,
  aDeadLetterSink,
  aFirehoseTransformationEvent,
  aKinesisEvent,
  context,
  poisonAwareRedactor,
} from './builders.js';

function aHandler() {
  const sink = aCollectingSink();
  const deadLetters = aDeadLetterSink();
  const lines: string[] = [];
  const handler = createShipFunctionHandler({
    redactor: async () => poisonAwareRedactor,
    sink: () => sink,
    deadLetters,
    reingest: async () => [],
    log: (line) => lines.push(line),
  });
  const topology = () => JSON.parse(lines.at(-2) ?? '{}').topology;
  return { handler, sink, deadLetters, topology };
}

describe('the ship function telling the topologies apart', () => {
  it('classifies the three shapes, and anything else as a subscription event', () => {
    expect(classifyEvent(aSubscriptionEvent())).toBe('subscription');
    expect(classifyEvent(aKinesisEvent([aSubscriptionPayload()]))).toBe('kinesis');
    expect(classifyEvent(aFirehoseTransformationEvent([aSubscriptionPayload()]))).toBe('firehose');
    for (const other of [null, 'text', 42, [], {}, { Records: [] }, { Records: [{ eventSource: 'aws:sqs' }] }]) {
      expect(classifyEvent(other)).toBe('subscription');
    }
  });

  it('answers a subscription event with its ledger', async () => {
    const { handler, sink, topology } = aHandler();
    expect(await handler(aSubscriptionEvent(), context)).toMatchObject({ records_in: 1, records_out: 1 });
    expect(sink.documents).toHaveLength(1);
    expect(topology()).toBe('lambda');
  });

  it('answers a Kinesis batch with batch item failures and delivers through the sink', async () => {
    const { handler, sink, topology } = aHandler();
    expect(await handler(aKinesisEvent([aSubscriptionPayload()]), context)).toEqual({ batchItemFailures: [] });
    expect(sink.documents).toHaveLength(1);
    expect(topology()).toBe('kinesis');
  });

  it('answers a Firehose transformation with per-record results and leaves the sink alone', async () => {
    const { handler, sink, topology } = aHandler();
    const response = (await handler(aFirehoseTransformationEvent([aSubscriptionPayload()]), context)) as {
      records: Array<{ result: string }>;
    };
    expect(response.records.map((r) => r.result)).toEqual(['Ok']);
    expect(sink.documents).toHaveLength(0);
    expect(topology()).toBe('firehose');
  });

  it('dead-letters whole an event that looks like a Kinesis batch but is not one', async () => {
    const { handler, deadLetters } = aHandler();
    const broken = { Records: [{ eventSource: 'aws:kinesis', kinesis: { data: 'abc' } }] }; // no sequenceNumber
    expect(await handler(broken, context)).toMatchObject({ records_in: 1, malformed: 1 });
    expect(deadLetters.letters[0]?.content).toContain('aws:kinesis');
  });

  it('dead-letters whole a Firehose invocation whose records carry no data', async () => {
    const { handler, deadLetters } = aHandler();
    const broken = { deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/x', records: [{ recordId: '1' }] };
    expect(await handler(broken, context)).toMatchObject({ records_in: 1, malformed: 1 });
    expect(deadLetters.letters[0]?.content).toContain('deliverystream/x');
  });
});
