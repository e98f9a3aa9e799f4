import { firstQuota, type Measured, modelVolume, QUOTAS } from '../../bench/capacityModel.js';

const measured: Measured = {
  eventsPerCpuSecond: { lambda: 20_000, kinesis: 20_000, firehose: 20_000 },
  cloudWatchBytesPerEvent: 326,
  gzipBytesPerEvent: 80,
  documentBytesPerEvent: 600,
  eventsPerDelivery: 250,
  transformExpansion: 8,
};

const topology = (gb: number, name: string) => {
  const found = modelVolume(gb, measured).topologies.find((t) => t.topology === name);
  if (!found) throw new Error(name);
  return found;
};

describe('the capacity model', () => {
  it('counts events from the bytes CloudWatch Logs counts per event', () => {
    expect(modelVolume(326, measured).eventsPerDay).toBeCloseTo(1e9, 0);
  });

  it('bills one Firehose record per document at 5 KB each in the lambda topology', () => {
    const lambda = topology(326, 'lambda');
    expect(lambda.firehoseBilledGbPerDay).toBeCloseTo((1e9 * 5 * 1024) / 1e9, 6);
  });

  it('bills whole gzipped payloads in the firehose topology, rounded up per record', () => {
    const firehose = topology(326, 'firehose');
    // 250 events × 80 bytes = 20,000 bytes a record, billed as 20,480.
    expect(firehose.firehoseBilledGbPerDay).toBeCloseTo(((1e9 / 250) * 20_480) / 1e9, 6);
    expect(firehose.firehoseTransformBufferMb).toBeCloseTo((0.9 * QUOTAS.lambdaSyncPayloadBytes) / 8 / 1024 ** 2, 6);
  });

  it('adds Kinesis shards for write bytes at the peak, and stays at one shard for a trickle', () => {
    expect(topology(1, 'kinesis').kinesisShards).toBe(1);
    // 1,000 GB/day: 3.07e9 events × 80 B / 86,400 s × 3 = 8.5 MB/s at peak: nine 1 MiB/s shards.
    expect(topology(1_000, 'kinesis').kinesisShards).toBe(9);
  });

  it('names the Firehose Direct PUT bytes quota first for the lambda topology at 100 GB/day', () => {
    const first = firstQuota(topology(100, 'lambda'));
    expect(first.quota).toBe('Firehose Direct PUT MiB/s');
    expect(first.ratio).toBeGreaterThan(1);
  });
});
