/**
 * The capacity model behind CAPACITY.md: from per-event figures measured by bench/capacity.ts, what each topology
 * needs at a given daily log volume (Lambda GB-seconds and concurrency, Kinesis shards, Firehose throughput,
 * OpenSearch indexing rate), which AWS quota it meets first, and what it costs beside CloudWatch Logs' own ingestion.
 * Pure: every AWS number is a named constant with the page it comes from.
 */

/** The date the quotas and list prices below were read from the AWS pages they cite (us-east-1). */
export const PRICES_READ_ON = '2026-11-27';

/** Service quotas, us-east-1 defaults. */
export const QUOTAS = {
  /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html (PutSubscriptionFilter API
   * reference: "Each log group can have up to two subscription filters"); not adjustable. */
  subscriptionFiltersPerLogGroup: 2,
  /** https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: concurrent executions, adjustable. */
  lambdaConcurrentExecutions: 1_000,
  /** Same page: "At 1,769 MB, a function has the equivalent of one vCPU"; CPU is allocated in proportion to memory. */
  lambdaMbPerVcpu: 1_769,
  /** Same page: invocation payload, request and response, synchronous (Firehose transformations are synchronous). */
  lambdaSyncPayloadBytes: 6 * 1024 * 1024,
  /** https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html: per shard, 1 MB/s or 1,000
   * records/s of writes; 2 MB/s of reads. */
  kinesisShardWriteBytesPerSecond: 1024 * 1024,
  kinesisShardWriteRecordsPerSecond: 1_000,
  kinesisShardReadBytesPerSecond: 2 * 1024 * 1024,
  /** Same page: default shard quota per account in us-east-1, us-west-2 and eu-west-1 (1,000 or 6,000 elsewhere). */
  kinesisShardsPerAccount: 20_000,
  /** https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html: ParallelizationFactor maximum. */
  kinesisParallelizationFactorMax: 10,
  /** https://docs.aws.amazon.com/firehose/latest/dev/limits.html: Direct PUT, per stream, us-east-1 (adjustable; the
   * three scale together). */
  firehoseDirectPutBytesPerSecond: 5 * 1024 * 1024,
  firehoseDirectPutRecordsPerSecond: 500_000,
  firehoseDirectPutRequestsPerSecond: 2_000,
  /** https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html: the Lambda buffering hint for a
   * transformation is 0.2-3 MB, 1 MB by default. */
  firehoseTransformBufferDefaultBytes: 1024 * 1024,
  firehoseTransformBufferMinBytes: 0.2 * 1024 * 1024,
} as const;

/** List prices, us-east-1, read on {@link PRICES_READ_ON}. */
export const PRICES = {
  /** https://aws.amazon.com/cloudwatch/pricing/ - Logs, standard class, "Collect (data ingestion)", per GB. */
  cloudWatchLogsIngestionPerGb: 0.5,
  /** https://aws.amazon.com/lambda/pricing/ - Arm, first 7.5 billion GB-seconds a month. */
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  /** https://aws.amazon.com/kinesis/data-streams/pricing/ - provisioned mode. */
  kinesisPerShardHour: 0.015,
  /** Same page: per million PUT payload units; a unit is a 25 KB chunk of one record. */
  kinesisPerMillionPutPayloadUnits: 0.014,
  kinesisPutPayloadUnitBytes: 25 * 1024,
  /** https://aws.amazon.com/firehose/pricing/ - Direct PUT ingestion, first 500 TB a month, per GB; each record is
   * billed rounded up to the next 5 KB. */
  firehoseIngestionPerGb: 0.029,
  firehoseBillingIncrementBytes: 5 * 1024,
} as const;

/** Assumptions of the model (not measured, not from AWS): stated so they can be changed in one place. */
export const ASSUMPTIONS = {
  /** Peak hour over the daily average. Sizes (shards, concurrency, quotas) are for the peak; costs for the average. */
  peakToAverage: 3,
  /** The ship function's memory (serverless.yml). Below 1,769 MB its CPU share is memory / 1,769. */
  lambdaMemoryMb: 512,
  /** Time an invocation waits on the network (PutRecordBatch to Firehose, the SQS dead letter), not measured here. */
  ioWaitSecondsPerInvocation: 0.05,
  /** Kinesis event source mapping BatchSize and MaximumBatchingWindowInSeconds (resources/topologies.yml). */
  kinesisBatchSize: 100,
  kinesisBatchingWindowSeconds: 5,
  /** OpenSearch: one replica; rolling daily indexes kept LOG_RETENTION_DAYS (90) days; 50 GiB per primary shard, the
   * top of AWS's 30-50 GiB guidance for write-heavy logs
   * (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/bp-sharding.html). */
  openSearchReplicas: 1,
  openSearchRetentionDays: 90,
  openSearchShardGiB: 50,
  /** https://docs.aws.amazon.com/opensearch-service/latest/developerguide/sizing-domains.html: source data ×
   * (1 + replicas) × 1.45 is the minimum storage (indexing overhead, OS reserve, service overhead). */
  openSearchStorageFactor: 1.45,
  daysPerMonth: 30,
} as const;

export const TOPOLOGIES = ['lambda', 'kinesis', 'firehose'] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** What bench/capacity.ts measures, per event, on this machine. */
export interface Measured {
  /** Events one CPU-second processes, per topology (median over rounds). */
  eventsPerCpuSecond: Record<Topology, number>;
  /** Bytes CloudWatch Logs counts per event: the message (UTF-8) plus 26 bytes (the PutLogEvents accounting). */
  cloudWatchBytesPerEvent: number;
  /** Bytes of the gzipped subscription payload per event: what Kinesis and Firehose ingest. */
  gzipBytesPerEvent: number;
  /** Bytes of the processed document per event (JSON and newline): what OpenSearch indexes. */
  documentBytesPerEvent: number;
  /** Events per subscription delivery (one Kinesis or Firehose record, one Lambda invocation in topology lambda). */
  eventsPerDelivery: number;
  /** Bytes of a Firehose transformation's response per byte of the records it was given (base64 both ways). */
  transformExpansion: number;
}

export interface QuotaUse {
  quota: string;
  /** Peak use over the quota: 1 means at the quota. */
  ratio: number;
}

export interface TopologyAtVolume {
  topology: Topology;
  lambdaGbSecondsPerDay: number;
  lambdaInvocationsPerDay: number;
  lambdaPeakConcurrency: number;
  kinesisShards?: number;
  kinesisParallelizationFactor?: number;
  /** Firehose ingestion billed per day (GB, each record rounded up to 5 KB). */
  firehoseBilledGbPerDay: number;
  firehosePeakMiBPerSecond: number;
  /** Firehose Lambda buffering hint that keeps a transformation's response under 6 MB (topology firehose). */
  firehoseTransformBufferMb?: number;
  quotas: QuotaUse[];
  costPerMonth: { lambda: number; kinesis: number; firehose: number; total: number };
}

export interface VolumeModel {
  gbPerDay: number;
  eventsPerDay: number;
  peakEventsPerSecond: number;
  cloudWatchIngestionPerMonth: number;
  openSearch: {
    peakDocsPerSecond: number;
    averageDocsPerSecond: number;
    peakIndexingMiBPerSecond: number;
    primaryGiBPerDay: number;
    primaryShardsPerDailyIndex: number;
    storageGiB: number;
  };
  topologies: TopologyAtVolume[];
}

const SECONDS_PER_DAY = 86_400;
const GB = 1e9;
const MIB = 1024 * 1024;
const GIB = 1024 ** 3;

/** vCPU share of the ship function: CPU is allocated in proportion to memory up to one vCPU at 1,769 MB. */
function vcpuShare(): number {
  return Math.min(1, ASSUMPTIONS.lambdaMemoryMb / QUOTAS.lambdaMbPerVcpu);
}

function lambdaNeeds(eventsPerDay: number, peakEventsPerSecond: number, invocationsPerDay: number, eps: number) {
  const cpuSeconds = eventsPerDay / eps;
  const memoryGb = ASSUMPTIONS.lambdaMemoryMb / 1024;
  // CPU-bound time at this memory size is CPU-seconds over the vCPU share; the network wait adds per invocation.
  const durationSeconds = cpuSeconds / vcpuShare() + invocationsPerDay * ASSUMPTIONS.ioWaitSecondsPerInvocation;
  const peakInvocationsPerSecond = (invocationsPerDay / SECONDS_PER_DAY) * ASSUMPTIONS.peakToAverage;
  const peakConcurrency =
    peakEventsPerSecond / (eps * vcpuShare()) + peakInvocationsPerSecond * ASSUMPTIONS.ioWaitSecondsPerInvocation;
  return { gbSeconds: durationSeconds * memoryGb, peakConcurrency };
}

function lambdaCost(gbSecondsPerDay: number, invocationsPerDay: number): number {
  const perDay =
    gbSecondsPerDay * PRICES.lambdaArmPerGbSecond + (invocationsPerDay / 1e6) * PRICES.lambdaPerMillionRequests;
  return perDay * ASSUMPTIONS.daysPerMonth;
}

/** Bytes Firehose bills for records of `recordBytes`: each rounded up to the next 5 KB. */
function firehoseBilledBytes(records: number, recordBytes: number): number {
  return records * Math.ceil(recordBytes / PRICES.firehoseBillingIncrementBytes) * PRICES.firehoseBillingIncrementBytes;
}

/** Documents to OpenSearch through the Firehose delivery stream (topologies lambda and kinesis): one record each. */
function openSearchDelivery(
  eventsPerDay: number,
  peakEventsPerSecond: number,
  m: Measured,
  peakCallsPerSecond: number,
) {
  const billedGb = firehoseBilledBytes(eventsPerDay, m.documentBytesPerEvent) / GB;
  const peakBytes = peakEventsPerSecond * m.documentBytesPerEvent;
  return {
    billedGb,
    peakMiB: peakBytes / MIB,
    quotas: [
      { quota: 'Firehose Direct PUT MiB/s', ratio: peakBytes / QUOTAS.firehoseDirectPutBytesPerSecond },
      { quota: 'Firehose Direct PUT records/s', ratio: peakEventsPerSecond / QUOTAS.firehoseDirectPutRecordsPerSecond },
      {
        quota: 'Firehose Direct PUT requests/s',
        ratio: peakCallsPerSecond / QUOTAS.firehoseDirectPutRequestsPerSecond,
      },
    ],
  };
}

function modelLambda(v: VolumeBase, m: Measured): TopologyAtVolume {
  const invocations = v.deliveriesPerDay;
  const lambda = lambdaNeeds(v.eventsPerDay, v.peakEventsPerSecond, invocations, m.eventsPerCpuSecond.lambda);
  const delivery = openSearchDelivery(v.eventsPerDay, v.peakEventsPerSecond, m, v.peakDeliveriesPerSecond);
  const costLambda = lambdaCost(lambda.gbSeconds, invocations);
  const costFirehose = delivery.billedGb * PRICES.firehoseIngestionPerGb * ASSUMPTIONS.daysPerMonth;
  return {
    topology: 'lambda',
    lambdaGbSecondsPerDay: lambda.gbSeconds,
    lambdaInvocationsPerDay: invocations,
    lambdaPeakConcurrency: lambda.peakConcurrency,
    firehoseBilledGbPerDay: delivery.billedGb,
    firehosePeakMiBPerSecond: delivery.peakMiB,
    quotas: [
      { quota: 'Lambda concurrent executions', ratio: lambda.peakConcurrency / QUOTAS.lambdaConcurrentExecutions },
      ...delivery.quotas,
    ],
    costPerMonth: { lambda: costLambda, kinesis: 0, firehose: costFirehose, total: costLambda + costFirehose },
  };
}

function modelKinesis(v: VolumeBase, m: Measured): TopologyAtVolume {
  const recordBytes = m.gzipBytesPerEvent * m.eventsPerDelivery;
  const peakBytes = v.peakEventsPerSecond * m.gzipBytesPerEvent;
  const byWrites = Math.max(
    peakBytes / QUOTAS.kinesisShardWriteBytesPerSecond,
    v.peakDeliveriesPerSecond / QUOTAS.kinesisShardWriteRecordsPerSecond,
  );
  // One Lambda instance per shard and parallelization slot keeps up with this many events a second.
  const eventsPerInstanceSecond = m.eventsPerCpuSecond.kinesis * vcpuShare();
  const instancesNeeded = v.peakEventsPerSecond / eventsPerInstanceSecond;
  const shards = Math.max(1, Math.ceil(byWrites), Math.ceil(instancesNeeded / QUOTAS.kinesisParallelizationFactorMax));
  const parallelizationFactor = Math.min(
    QUOTAS.kinesisParallelizationFactorMax,
    Math.max(1, Math.ceil(instancesNeeded / shards)),
  );
  const byBatch = v.deliveriesPerDay / ASSUMPTIONS.kinesisBatchSize;
  const byWindow = (shards * parallelizationFactor * SECONDS_PER_DAY) / ASSUMPTIONS.kinesisBatchingWindowSeconds;
  const invocations = Math.max(byBatch, Math.min(v.deliveriesPerDay, byWindow));
  const lambda = lambdaNeeds(v.eventsPerDay, v.peakEventsPerSecond, invocations, m.eventsPerCpuSecond.kinesis);
  const peakInvocations = (invocations / SECONDS_PER_DAY) * ASSUMPTIONS.peakToAverage;
  const delivery = openSearchDelivery(v.eventsPerDay, v.peakEventsPerSecond, m, peakInvocations);
  const putUnits = v.deliveriesPerDay * Math.ceil(recordBytes / PRICES.kinesisPutPayloadUnitBytes);
  const costKinesis =
    (shards * 24 * PRICES.kinesisPerShardHour + (putUnits / 1e6) * PRICES.kinesisPerMillionPutPayloadUnits) *
    ASSUMPTIONS.daysPerMonth;
  const costLambda = lambdaCost(lambda.gbSeconds, invocations);
  const costFirehose = delivery.billedGb * PRICES.firehoseIngestionPerGb * ASSUMPTIONS.daysPerMonth;
  return {
    topology: 'kinesis',
    lambdaGbSecondsPerDay: lambda.gbSeconds,
    lambdaInvocationsPerDay: invocations,
    lambdaPeakConcurrency: lambda.peakConcurrency,
    kinesisShards: shards,
    kinesisParallelizationFactor: parallelizationFactor,
    firehoseBilledGbPerDay: delivery.billedGb,
    firehosePeakMiBPerSecond: delivery.peakMiB,
    quotas: [
      { quota: 'Kinesis shards per account', ratio: shards / QUOTAS.kinesisShardsPerAccount },
      { quota: 'Lambda concurrent executions', ratio: lambda.peakConcurrency / QUOTAS.lambdaConcurrentExecutions },
      ...delivery.quotas,
    ],
    costPerMonth: {
      lambda: costLambda,
      kinesis: costKinesis,
      firehose: costFirehose,
      total: costLambda + costKinesis + costFirehose,
    },
  };
}

function modelFirehose(v: VolumeBase, m: Measured): TopologyAtVolume {
  const recordBytes = m.gzipBytesPerEvent * m.eventsPerDelivery;
  const ingestBytesPerDay = v.eventsPerDay * m.gzipBytesPerEvent;
  // Firehose buffers this much of its input per invocation; the answer is `transformExpansion` times larger and must
  // stay under the 6 MB response (the handler re-ingests what does not fit, at the price of one more round).
  const fittingBuffer = (0.9 * QUOTAS.lambdaSyncPayloadBytes) / m.transformExpansion;
  const buffer = Math.max(
    QUOTAS.firehoseTransformBufferMinBytes,
    Math.min(QUOTAS.firehoseTransformBufferDefaultBytes, fittingBuffer),
  );
  const bufferIntervalSeconds = 60; // the default Lambda buffering interval (same page)
  const invocations = Math.max(ingestBytesPerDay / buffer, SECONDS_PER_DAY / bufferIntervalSeconds);
  const lambda = lambdaNeeds(v.eventsPerDay, v.peakEventsPerSecond, invocations, m.eventsPerCpuSecond.firehose);
  const billedGb = firehoseBilledBytes(v.deliveriesPerDay, recordBytes) / GB;
  const peakBytes = v.peakEventsPerSecond * m.gzipBytesPerEvent;
  const costLambda = lambdaCost(lambda.gbSeconds, invocations);
  const costFirehose = billedGb * PRICES.firehoseIngestionPerGb * ASSUMPTIONS.daysPerMonth;
  return {
    topology: 'firehose',
    lambdaGbSecondsPerDay: lambda.gbSeconds,
    lambdaInvocationsPerDay: invocations,
    lambdaPeakConcurrency: lambda.peakConcurrency,
    firehoseBilledGbPerDay: billedGb,
    firehosePeakMiBPerSecond: peakBytes / MIB,
    firehoseTransformBufferMb: buffer / MIB,
    quotas: [
      { quota: 'Firehose Direct PUT MiB/s', ratio: peakBytes / QUOTAS.firehoseDirectPutBytesPerSecond },
      {
        quota: 'Firehose Direct PUT requests/s',
        ratio: v.peakDeliveriesPerSecond / QUOTAS.firehoseDirectPutRequestsPerSecond,
      },
      { quota: 'Lambda concurrent executions', ratio: lambda.peakConcurrency / QUOTAS.lambdaConcurrentExecutions },
    ],
    costPerMonth: { lambda: costLambda, kinesis: 0, firehose: costFirehose, total: costLambda + costFirehose },
  };
}

interface VolumeBase {
  eventsPerDay: number;
  peakEventsPerSecond: number;
  deliveriesPerDay: number;
  peakDeliveriesPerSecond: number;
}

/** The model at one daily volume: `gbPerDay` decimal GB of log data as CloudWatch Logs counts it. */
export function modelVolume(gbPerDay: number, m: Measured): VolumeModel {
  const eventsPerDay = (gbPerDay * GB) / m.cloudWatchBytesPerEvent;
  const averageEventsPerSecond = eventsPerDay / SECONDS_PER_DAY;
  const peakEventsPerSecond = averageEventsPerSecond * ASSUMPTIONS.peakToAverage;
  const deliveriesPerDay = eventsPerDay / m.eventsPerDelivery;
  const base: VolumeBase = {
    eventsPerDay,
    peakEventsPerSecond,
    deliveriesPerDay,
    peakDeliveriesPerSecond: (deliveriesPerDay / SECONDS_PER_DAY) * ASSUMPTIONS.peakToAverage,
  };
  const primaryGiBPerDay = (eventsPerDay * m.documentBytesPerEvent) / GIB;
  return {
    gbPerDay,
    eventsPerDay,
    peakEventsPerSecond,
    cloudWatchIngestionPerMonth: gbPerDay * PRICES.cloudWatchLogsIngestionPerGb * ASSUMPTIONS.daysPerMonth,
    openSearch: {
      averageDocsPerSecond: averageEventsPerSecond,
      peakDocsPerSecond: peakEventsPerSecond,
      peakIndexingMiBPerSecond: (peakEventsPerSecond * m.documentBytesPerEvent) / MIB,
      primaryGiBPerDay,
      primaryShardsPerDailyIndex: Math.max(1, Math.ceil(primaryGiBPerDay / ASSUMPTIONS.openSearchShardGiB)),
      storageGiB:
        primaryGiBPerDay *
        ASSUMPTIONS.openSearchRetentionDays *
        (1 + ASSUMPTIONS.openSearchReplicas) *
        ASSUMPTIONS.openSearchStorageFactor,
    },
    topologies: [modelLambda(base, m), modelKinesis(base, m), modelFirehose(base, m)],
  };
}

/** The quota a topology meets first at a volume: the one with the highest peak use. */
export function firstQuota(topology: TopologyAtVolume): QuotaUse {
  return topology.quotas.reduce((worst, use) => (use.ratio > worst.ratio ? use : worst));
}
