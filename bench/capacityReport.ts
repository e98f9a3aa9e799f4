/**
 * CAPACITY.md, rendered from the figures bench/capacity.ts measured and the model of bench/capacityModel.ts. The prose
 * lives here so that the numbers and the words around them are always regenerated together.
 */
import {
  ASSUMPTIONS,
  firstQuota,
  type Measured,
  PRICES,
  PRICES_READ_ON,
  QUOTAS,
  TOPOLOGIES,
  type TopologyAtVolume,
  type VolumeModel,
} from './capacityModel.js';

export interface CapacityRun {
  measured: Measured;
  volumes: VolumeModel[];
  /** `git describe`-like identity of the tree measured, and the machine. */
  commit: string;
  machine: string;
  date: string;
  workload: string;
}

function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function money(value: number): string {
  return value < 10 ? `$${fmt(value, 2)}` : `$${fmt(value, 0)}`;
}

function compact(value: number): string {
  if (value >= 1e9) return `${fmt(value / 1e9, 2)} B`;
  if (value >= 1e6) return `${fmt(value / 1e6, 2)} M`;
  if (value >= 1e4) return `${fmt(value / 1e3, 0)} k`;
  return fmt(value, value < 10 ? 2 : 0);
}

function percent(ratio: number): string {
  return ratio >= 10 ? `${fmt(ratio, 0)}×` : `${fmt(ratio * 100, ratio < 0.01 ? 2 : 0)}%`;
}

function topologyOf(volume: VolumeModel, name: string): TopologyAtVolume {
  const found = volume.topologies.find((t) => t.topology === name);
  if (!found) throw new Error(`no ${name} topology in the model`);
  return found;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function measuredSection(run: CapacityRun): string[] {
  const m = run.measured;
  return [
    '## Measured on this machine',
    '',
    ...table(
      ['figure', 'value'],
      [
        ...TOPOLOGIES.map((t) => [`events per CPU-second, topology \`${t}\``, fmt(m.eventsPerCpuSecond[t])]),
        ['bytes per event as CloudWatch Logs counts them (message + 26)', fmt(m.cloudWatchBytesPerEvent, 1)],
        ['bytes per event of gzipped subscription payload (Kinesis / Firehose input)', fmt(m.gzipBytesPerEvent, 1)],
        ['bytes per event of processed document (OpenSearch input)', fmt(m.documentBytesPerEvent, 1)],
        ['events per subscription delivery (the workload)', fmt(m.eventsPerDelivery)],
        ['Firehose transformation response bytes per input byte', fmt(m.transformExpansion, 2)],
      ],
    ),
    '',
    `Workload: ${run.workload}`,
  ];
}

function needsSection(volumes: VolumeModel[], measured: Measured): string[] {
  return [
    '## What each topology needs',
    '',
    `Sizes are for the peak hour (${ASSUMPTIONS.peakToAverage}× the daily average); GB-seconds and costs for the ` +
      `average day. The ship function has ${ASSUMPTIONS.lambdaMemoryMb} MB, so ${fmt((ASSUMPTIONS.lambdaMemoryMb / QUOTAS.lambdaMbPerVcpu) * 100, 0)}% ` +
      `of a vCPU (Lambda allocates CPU in proportion to memory, one vCPU at ${fmt(QUOTAS.lambdaMbPerVcpu)} MB); each ` +
      `invocation is charged ${ASSUMPTIONS.ioWaitSecondsPerInvocation * 1000} ms of network wait on top of its CPU time (an assumption, not measured).`,
    '',
    ...table(
      [
        'GB/day',
        'events/day',
        'peak events/s',
        'topology',
        'Lambda GB-s/day',
        'invocations/day',
        'peak concurrency',
        'Kinesis shards (parallelization)',
        'Firehose billed GB/day',
        'Firehose peak MiB/s',
      ],
      volumes.flatMap((v) =>
        v.topologies.map((t) => [
          fmt(v.gbPerDay),
          compact(v.eventsPerDay),
          compact(v.peakEventsPerSecond),
          `\`${t.topology}\``,
          compact(t.lambdaGbSecondsPerDay),
          compact(t.lambdaInvocationsPerDay),
          fmt(t.lambdaPeakConcurrency, 1),
          t.kinesisShards === undefined ? '-' : `${t.kinesisShards} (${t.kinesisParallelizationFactor})`,
          fmt(t.firehoseBilledGbPerDay, 1),
          fmt(t.firehosePeakMiBPerSecond, 2),
        ]),
      ),
    ),
    '',
    'Firehose "billed GB" is what Firehose charges for, not the bytes sent: it rounds every record up to the next ' +
      `5 KB. Topologies \`lambda\` and \`kinesis\` put one document per record into the stream that feeds OpenSearch, ` +
      'so a document of a few hundred bytes is billed as 5 KB; topology `firehose` receives whole gzipped subscription ' +
      'payloads and pays close to their size.',
    '',
    `Topology \`firehose\`: an answer is ${fmt(measured.transformExpansion, 1)}× the bytes of the records Firehose buffered for ` +
      `the function, so a Lambda buffering hint above ${fmt(volumes[0]?.topologies[2]?.firehoseTransformBufferMb ?? 0, 2)} MB ` +
      'would push answers past the 6 MB response quota (the handler then re-ingests what does not fit, which works but ' +
      'costs another round); resources/topologies.yml sets `BufferSizeInMBs` to 0.5.',
  ];
}

function openSearchSection(volumes: VolumeModel[]): string[] {
  return [
    '## OpenSearch indexing',
    '',
    `One document per event, daily indexes, ${ASSUMPTIONS.openSearchReplicas} replica, kept ` +
      `${ASSUMPTIONS.openSearchRetentionDays} days; storage = source × (1 + replicas) × ${ASSUMPTIONS.openSearchStorageFactor} ` +
      '(AWS sizing guidance); primary shards per daily index at ' +
      `${ASSUMPTIONS.openSearchShardGiB} GiB each. The same for every topology that delivers to OpenSearch.`,
    '',
    ...table(
      [
        'GB/day',
        'average docs/s',
        'peak docs/s',
        'peak indexing MiB/s',
        'primary GiB/day',
        'primary shards/day',
        'storage GiB',
      ],
      volumes.map((v) => [
        fmt(v.gbPerDay),
        compact(v.openSearch.averageDocsPerSecond),
        compact(v.openSearch.peakDocsPerSecond),
        fmt(v.openSearch.peakIndexingMiBPerSecond, 2),
        fmt(v.openSearch.primaryGiBPerDay, 1),
        fmt(v.openSearch.primaryShardsPerDailyIndex),
        compact(v.openSearch.storageGiB),
      ]),
    ),
  ];
}

function quotaSection(volumes: VolumeModel[]): string[] {
  return [
    '## The quota each topology meets first',
    '',
    'Peak use of each default quota (us-east-1); the highest is the one to raise first. Above 100% the topology does ' +
      'not run at that volume without a quota increase (or, for Kinesis, more shards, which the shard column already has).',
    '',
    ...table(
      ['GB/day', ...TOPOLOGIES.map((t) => `\`${t}\``)],
      volumes.map((v) => [
        fmt(v.gbPerDay),
        ...TOPOLOGIES.map((name) => {
          const first = firstQuota(topologyOf(v, name));
          return `${first.quota}: ${percent(first.ratio)}`;
        }),
      ]),
    ),
    '',
    'Quotas that do not grow with volume, and what each topology does about them:',
    `- CloudWatch Logs allows ${QUOTAS.subscriptionFiltersPerLogGroup} subscription filters per log group, not adjustable ` +
      '(PutSubscriptionFilter reference). Every topology uses one; the account-level subscription policy ' +
      '(`accountSubscription: true`) uses none per group.',
    `- A Lambda synchronous response is at most ${fmt(QUOTAS.lambdaSyncPayloadBytes)} bytes ` +
      '(https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): topology `firehose` answers within ' +
      '6,000,000 bytes and re-ingests the records that would not fit, halving any record too large for any answer.',
    `- A Kinesis shard takes ${fmt(QUOTAS.kinesisShardWriteBytesPerSecond / MIB_LABEL)} MiB/s or ` +
      `${fmt(QUOTAS.kinesisShardWriteRecordsPerSecond)} records/s of writes and serves 2 MiB/s of reads ` +
      '(https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html); one event source mapping reads ' +
      `each shard with up to ${QUOTAS.kinesisParallelizationFactorMax} concurrent batches ` +
      '(https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html).',
    `- Firehose Direct PUT takes ${fmt(QUOTAS.firehoseDirectPutBytesPerSecond / MIB_LABEL)} MiB/s, ` +
      `${fmt(QUOTAS.firehoseDirectPutRecordsPerSecond)} records/s and ${fmt(QUOTAS.firehoseDirectPutRequestsPerSecond)} requests/s per ` +
      'stream in us-east-1 (https://docs.aws.amazon.com/firehose/latest/dev/limits.html; the three scale together ' +
      'when raised).',
    `- Lambda: ${fmt(QUOTAS.lambdaConcurrentExecutions)} concurrent executions per account and region by default, shared with every other function.`,
  ];
}

const MIB_LABEL = 1024 * 1024;

function costSection(volumes: VolumeModel[]): string[] {
  return [
    '## Cost per month beside CloudWatch Logs ingestion',
    '',
    `List prices, us-east-1, read ${PRICES_READ_ON}: CloudWatch Logs ingestion $${fmt(PRICES.cloudWatchLogsIngestionPerGb, 2)}/GB ` +
      '(https://aws.amazon.com/cloudwatch/pricing/); Lambda Arm ' +
      `$${PRICES.lambdaArmPerGbSecond}/GB-s and $${fmt(PRICES.lambdaPerMillionRequests, 2)} per million requests ` +
      `(https://aws.amazon.com/lambda/pricing/); Kinesis provisioned $${PRICES.kinesisPerShardHour}/shard-hour and ` +
      `$${PRICES.kinesisPerMillionPutPayloadUnits} per million 25 KB PUT payload units ` +
      '(https://aws.amazon.com/kinesis/data-streams/pricing/); Firehose Direct PUT ' +
      `$${PRICES.firehoseIngestionPerGb}/GB, records rounded up to 5 KB (https://aws.amazon.com/firehose/pricing/). ` +
      `${ASSUMPTIONS.daysPerMonth}-day month, no free tier, no Savings Plans. The OpenSearch domain, S3 and the dead-letter ` +
      'queue are the same in every topology and left out.',
    '',
    ...table(
      ['GB/day', 'CloudWatch Logs ingestion', ...TOPOLOGIES.map((t) => `\`${t}\` (Lambda + Kinesis + Firehose)`)],
      volumes.map((v) => [
        fmt(v.gbPerDay),
        money(v.cloudWatchIngestionPerMonth),
        ...TOPOLOGIES.map((name) => {
          const c = topologyOf(v, name).costPerMonth;
          const parts = [money(c.lambda), c.kinesis > 0 ? money(c.kinesis) : '-', money(c.firehose)];
          return `**${money(c.total)}** (${parts.join(' + ')}) = ${percent(c.total / v.cloudWatchIngestionPerMonth)} of ingestion`;
        }),
      ]),
    ),
  ];
}

const PREAMBLE = [
  '# Capacity',
  '',
  'Generated by `npm run bench` (bench/capacity.ts, model in bench/capacityModel.ts); do not edit by hand. The per-event',
  'figures are measured on the machine named below; everything else follows from them, from the AWS quotas and list',
  'prices cited beside each number, and from the assumptions listed at the end.',
  '',
  '## The three topologies (serverless.yml parameter `topology`)',
  '',
  '- `lambda` (the default): a subscription filter invokes the ship function asynchronously with each delivery; ship',
  '  puts one document per record into the Firehose stream that feeds OpenSearch. Fewest moving parts; CloudWatch Logs',
  '  retries a throttled invocation, and Lambda keeps what still fails in the on-failure destination.',
  '- `kinesis`: subscription filters (or the account policy) write to a Kinesis stream; ship consumes it through an',
  '  event source mapping (batch size, batching window, parallelization factor, bisect on error, on-failure destination,',
  '  `ReportBatchItemFailures`) and delivers like `lambda`. The stream buffers bursts and can be replayed for its',
  '  retention period; the iterator-age alarm says when ship falls behind.',
  '- `firehose`: subscription filters write straight to a Firehose stream whose data-transformation Lambda is ship;',
  '  each record is answered `Ok` (its documents as NDJSON), `Dropped` (nothing to deliver, everything accounted for),',
  '  or `ProcessingFailed` (kept whole in the error output). AWS does not support CloudWatch Logs → Firehose →',
  '  OpenSearch ("CloudWatch combines multiple log events into one Firehose record and Amazon OpenSearch Service cannot',
  '  accept multiple log events in one record", https://docs.aws.amazon.com/firehose/latest/dev/writing-with-cloudwatch-logs.html),',
  '  so this topology delivers the redacted documents to S3 (NDJSON, for Athena or an OpenSearch Ingestion pipeline',
  '  from S3), not to the OpenSearch domain. It is the cheapest per GB and the simplest at very high volume.',
  '',
];

function findingsSection(run: CapacityRun): string[] {
  const m = run.measured;
  const billedPerDocument =
    Math.ceil(m.documentBytesPerEvent / PRICES.firehoseBillingIncrementBytes) * PRICES.firehoseBillingIncrementBytes;
  const quotaGbPerDay =
    (QUOTAS.firehoseDirectPutBytesPerSecond * 86_400 * m.cloudWatchBytesPerEvent) /
    (ASSUMPTIONS.peakToAverage * m.documentBytesPerEvent) /
    1e9;
  const largest = run.volumes.at(-1);
  const shareOf = (name: string) =>
    largest ? topologyOf(largest, name).costPerMonth.total / largest.cloudWatchIngestionPerMonth : Number.NaN;
  const vcpus = largest ? largest.peakEventsPerSecond / m.eventsPerCpuSecond.kinesis : Number.NaN;
  return [
    '## Findings',
    '',
    `- Firehose bills each record rounded up to 5 KB. A document is ${fmt(m.documentBytesPerEvent)} bytes, so in ` +
      `topologies \`lambda\` and \`kinesis\` (one document per record into the OpenSearch stream) Firehose bills ` +
      `${fmt(billedPerDocument / m.documentBytesPerEvent, 1)}× the bytes sent: the pipeline then costs ` +
      `${percent(shareOf('lambda'))} of what CloudWatch Logs charges to ingest the same logs, almost all of it Firehose. ` +
      'Delivering straight to OpenSearch with the bulk sink (shared/sinks/opensearch/) instead of through Firehose ' +
      'would remove that line; topology `firehose` costs ' +
      `${percent(shareOf('firehose'))} because its records are whole gzipped payloads.`,
    `- The first quota topologies \`lambda\` and \`kinesis\` meet is Firehose Direct PUT's 5 MiB/s per stream, at about ` +
      `${fmt(quotaGbPerDay, 0)} GB of logs a day (peak ${ASSUMPTIONS.peakToAverage}× average): raise it (the records/s ` +
      'and requests/s quotas rise with it) before growing past that.',
    `- CPU is not the limit: at ${fmt(largest?.gbPerDay ?? 0)} GB/day the peak needs about ${fmt(vcpus, 1)} vCPUs of ` +
      `ship (${fmt(m.eventsPerCpuSecond.kinesis)} events per CPU-second here), far inside Lambda's default concurrency.`,
    `- A Firehose transformation's answer is ${fmt(m.transformExpansion, 1)}× its input (gzip inflated, documents ` +
      'enriched, base64 again), which is why topology `firehose` must keep its Lambda buffering hint small.',
  ];
}

export function renderCapacityMarkdown(run: CapacityRun): string {
  const lines = [
    ...PREAMBLE,
    `Measured ${run.date} on ${run.machine}, tree ${run.commit}.`,
    '',
    ...findingsSection(run),
    '',
    ...measuredSection(run),
    '',
    ...needsSection(run.volumes, run.measured),
    '',
    ...openSearchSection(run.volumes),
    '',
    ...quotaSection(run.volumes),
    '',
    ...costSection(run.volumes),
    '',
    '## Assumptions',
    '',
    ...Object.entries(ASSUMPTIONS).map(([name, value]) => `- \`${name}\`: ${value}`),
    "- CPU time is this machine's (see above), not a Graviton core's; Lambda Arm cores differ. CPU-seconds include the",
    "  garbage collector's threads. Network waits are the assumption above, not measured.",
    '- "GB/day" is log data as CloudWatch Logs counts it for its quotas: the message bytes plus 26 bytes per event.',
    '',
  ];
  return `${lines.join('\n')}`;
}
