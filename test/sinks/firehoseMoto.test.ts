import type { LogDocument } from '../../shared/core/types.js';
import { createFirehoseSink } from '../../shared/sinks/firehose.js';
import { aLogDocument } from '../builders.js';
import { requireMoto } from '../support/services.js';
import { createMotoFirehose, type MotoFirehose } from './motoFirehose.js';

function someDocuments(count: number, tag: string): LogDocument[] {
  return Array.from({ length: count }, (_, i) =>
    aLogDocument({ message: `${tag} event ${i} "quoted" 🧸`, aws: { ...aLogDocument().aws, event_id: `${tag}-${i}` } }),
  );
}

describe('the Firehose sink against moto (ExtendedS3 destination)', () => {
  let moto: MotoFirehose;

  beforeAll(async () => {
    moto = await createMotoFirehose(await requireMoto());
  });

  afterAll(() => moto.remove());

  it('delivers every document to S3 exactly once, as one NDJSON line each', async () => {
    const documents = someDocuments(1_234, 'batch');
    const sink = createFirehoseSink({ client: moto.firehose, deliveryStreamName: moto.streamName });

    const result = await sink.deliver(documents);

    expect(result).toEqual({ delivered: 1_234, failed: [] });
    const delivered = await moto.readDelivered();
    expect(delivered).toHaveLength(1_234);
    expect(new Set(delivered.map((d) => d.aws.event_id))).toEqual(new Set(documents.map((d) => d.aws.event_id)));
    expect(delivered.find((d) => d.aws.event_id === 'batch-7')).toEqual(documents[7]);
  });

  it('delivers an oversized document truncated, still valid JSON, with its original size', async () => {
    const other = await createMotoFirehose(await requireMoto());
    const huge = aLogDocument({ message: 'z'.repeat(1_200_000), metadata: { story_id: 'st_9' } });
    const sink = createFirehoseSink({ client: other.firehose, deliveryStreamName: other.streamName });

    expect(await sink.deliver([huge])).toEqual({ delivered: 1, failed: [] });

    const [delivered] = await other.readDelivered();
    await other.remove();
    expect(delivered).toMatchObject({
      truncated: true,
      original_size: Buffer.byteLength(JSON.stringify(huge)),
      metadata: { story_id: 'st_9' },
    });
    expect(Buffer.byteLength(JSON.stringify(delivered))).toBeLessThan(1_024_000);
  });

  it('reports every document as failed, with the reason, when the stream does not exist', async () => {
    const documents = someDocuments(3, 'missing');
    const sink = createFirehoseSink({ client: moto.firehose, deliveryStreamName: 'no-such-stream', maxAttempts: 2 });

    const result = await sink.deliver(documents);

    expect(result.delivered).toBe(0);
    expect(result.failed.map((f) => f.document)).toEqual(documents);
    expect(result.failed[0]?.reason).toMatch(/ResourceNotFoundException/);
  });
});
