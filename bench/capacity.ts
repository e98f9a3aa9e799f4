/**
 * Scenario 7: capacity. The same realistic workload through the ship function as each topology calls it — one
 * subscription event per invocation (`lambda`), Kinesis batches (`kinesis`), Firehose transformation invocations
 * (`firehose`) — timing the CPU each takes (process.cpuUsage: user + system, the collector's threads included), and
 * the bytes per event at each hop. From those, bench/capacityModel.ts sizes each topology at 1, 10, 100 and 1,000 GB of
 * logs a day; the full run writes CAPACITY.md, the quick run only prints the figures.
 */
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DocumentRedactor, Ledger, LogDocument } from '../shared/core/types.js';
import {
  createFirehoseTransformHandler,
  createKinesisShipHandler,
  type FirehoseTransformEvent,
  type KinesisEvent,
} from '../shared/pipeline/handlers/index.js';
import { createShipHandler } from '../shared/pipeline/lambdaHandler.js';
import { type Measured, modelVolume, TOPOLOGIES, type Topology } from './capacityModel.js';
import { renderCapacityMarkdown } from './capacityReport.js';
import { aMixedWorkload, LINE_MIX, type SubscriptionEvent } from './fixtures.js';
import { createCountingDeadLetters, createCountingSink, createRealRedactor } from './modules.js';
import type { ScenarioResult } from './report.js';
import { anEmptyResult, runOrReportUnavailable, type ScenarioOptions } from './scenario.js';
import { collectGarbage, summarise } from './stats.js';

const SIZES = {
  quick: { payloads: 12, eventsPerPayload: 100, rounds: 3 },
  full: { payloads: 48, eventsPerPayload: 250, rounds: 7 },
} as const;
/** Records per Kinesis invocation here (the stack's BatchSize is 100; the workload has fewer records than that). */
const KINESIS_RECORDS_PER_BATCH = 8;
/** Input per Firehose transformation invocation: the stack's buffering hint (resources/topologies.yml). */
const FIREHOSE_BUFFER_BYTES = 256 * 1024;
/** CloudWatch Logs counts 26 bytes per event on top of the message (PutLogEvents quota accounting). */
const CLOUDWATCH_EVENT_OVERHEAD_BYTES = 26;
/** The daily volumes CAPACITY.md models, in GB of log data. */
export const VOLUMES_GB_PER_DAY = [1, 10, 100, 1_000] as const;

const context = { getRemainingTimeInMillis: () => 60_000, functionName: 'bench-ship', awsRequestId: 'bench' };
const discard = () => {};

/** One pass of the workload through one topology's handler; returns the events it delivered. */
type Pass = () => Promise<number>;

function lambdaPass(events: readonly SubscriptionEvent[], redactor: DocumentRedactor): Pass {
  const sink = createCountingSink();
  const handler = createShipHandler({
    redactor: async () => redactor,
    sink: () => sink,
    deadLetters: createCountingDeadLetters(),
    log: discard,
  });
  return async () => {
    const before = sink.documents;
    for (const event of events) await handler(event, context);
    return sink.documents - before;
  };
}

function kinesisBatches(events: readonly SubscriptionEvent[]): KinesisEvent[] {
  const batches: KinesisEvent[] = [];
  for (let start = 0; start < events.length; start += KINESIS_RECORDS_PER_BATCH) {
    batches.push({
      Records: events.slice(start, start + KINESIS_RECORDS_PER_BATCH).map((event, i) => ({
        eventSource: 'aws:kinesis' as const,
        eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/bench',
        awsRegion: 'us-east-1',
        kinesis: { sequenceNumber: String(start + i), data: event.awslogs.data },
      })),
    });
  }
  return batches;
}

function kinesisPass(events: readonly SubscriptionEvent[], redactor: DocumentRedactor): Pass {
  const sink = createCountingSink();
  const handler = createKinesisShipHandler({
    redactor: async () => redactor,
    sink: () => sink,
    deadLetters: createCountingDeadLetters(),
    log: discard,
  });
  const batches = kinesisBatches(events);
  return async () => {
    const before = sink.documents;
    for (const batch of batches) await handler(batch, context);
    return sink.documents - before;
  };
}

function firehoseInvocations(events: readonly SubscriptionEvent[]): FirehoseTransformEvent[] {
  const invocations: FirehoseTransformEvent[] = [];
  let records: FirehoseTransformEvent['records'] = [];
  let bytes = 0;
  const flush = () => {
    if (records.length === 0) return;
    invocations.push({ deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', records });
    records = [];
    bytes = 0;
  };
  for (const [i, event] of events.entries()) {
    if (bytes + event.awslogs.data.length > FIREHOSE_BUFFER_BYTES) flush();
    records.push({ recordId: String(i), data: event.awslogs.data, approximateArrivalTimestamp: 0 });
    bytes += event.awslogs.data.length;
  }
  flush();
  return invocations;
}

function firehosePass(events: readonly SubscriptionEvent[], redactor: DocumentRedactor, stats: FirehoseStats): Pass {
  let delivered = 0;
  const handler = createFirehoseTransformHandler({
    redactor: async () => redactor,
    deadLetters: createCountingDeadLetters(),
    reingest: async () => [],
    // The ledger line says how many documents the answers carry; reading it costs far less than decoding them.
    log: (line) => {
      if (line.startsWith('{"timestamp"')) delivered += (JSON.parse(line) as { ledger: Ledger }).ledger.records_out;
    },
  });
  const invocations = firehoseInvocations(events);
  let measuredSizes = false;
  return async () => {
    delivered = 0;
    for (const invocation of invocations) {
      const response = await handler(invocation, context);
      if (measuredSizes) continue;
      // Sizes once (the warm-up pass), outside the timed rounds: base64 of the input against the answer's JSON.
      stats.inputBytes += invocation.records.reduce((sum, r) => sum + r.data.length, 0);
      stats.outputBytes += Buffer.byteLength(JSON.stringify(response));
    }
    measuredSizes = true;
    return delivered;
  };
}

interface FirehoseStats {
  inputBytes: number;
  outputBytes: number;
}

/** CPU-seconds (user + system) that `pass` takes. */
async function cpuSecondsOf(pass: Pass): Promise<{ seconds: number; delivered: number }> {
  collectGarbage();
  const start = process.cpuUsage();
  const delivered = await pass();
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, delivered };
}

/** Bytes per event at each hop, read from the workload itself and from the documents the pipeline makes. */
async function measureBytes(events: readonly SubscriptionEvent[], redactor: DocumentRedactor) {
  let messageBytes = 0;
  let gzipBytes = 0;
  let count = 0;
  for (const event of events) {
    const compressed = Buffer.from(event.awslogs.data, 'base64');
    gzipBytes += compressed.length;
    const payload = JSON.parse(gunzipSync(compressed).toString('utf8')) as { logEvents: Array<{ message: string }> };
    for (const logEvent of payload.logEvents) messageBytes += Buffer.byteLength(logEvent.message) + 0;
    count += payload.logEvents.length;
  }
  let documentBytes = 0;
  let documents = 0;
  const sink = {
    name: 'measuring',
    deliver: async (batch: LogDocument[]) => {
      for (const document of batch) documentBytes += Buffer.byteLength(JSON.stringify(document)) + 1;
      documents += batch.length;
      return { delivered: batch.length, failed: [] };
    },
  };
  const handler = createShipHandler({
    redactor: async () => redactor,
    sink: () => sink,
    deadLetters: createCountingDeadLetters(),
    log: discard,
  });
  for (const event of events) await handler(event, context);
  return {
    cloudWatchBytesPerEvent: messageBytes / count + CLOUDWATCH_EVENT_OVERHEAD_BYTES,
    gzipBytesPerEvent: gzipBytes / count,
    documentBytesPerEvent: documentBytes / documents,
    events: count,
  };
}

function describeTree(root: string): string {
  try {
    const commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim();
    const dirty = execSync('git status --porcelain -- shared bench functions', { cwd: root }).toString().trim();
    return dirty ? `${commit} (with uncommitted changes under shared/, bench/ or functions/)` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Runs the scenario; see the file comment. */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('capacity', '7. Capacity per topology');
  return runOrReportUnavailable(result, async () => {
    const size = options.quick ? SIZES.quick : SIZES.full;
    const redactor = createRealRedactor(options.root);
    const events = aMixedWorkload(size.payloads, size.eventsPerPayload, 23);
    const bytes = await measureBytes(events, redactor);
    const firehoseStats: FirehoseStats = { inputBytes: 0, outputBytes: 0 };
    const passes: Record<Topology, Pass> = {
      lambda: lambdaPass(events, redactor),
      kinesis: kinesisPass(events, redactor),
      firehose: firehosePass(events, redactor, firehoseStats),
    };
    // Warm-up: every handler's code paths compiled before the first timed round.
    for (const topology of TOPOLOGIES) await passes[topology]();

    const samples: Record<Topology, number[]> = { lambda: [], kinesis: [], firehose: [] };
    const delivered: Record<Topology, number> = { lambda: 0, kinesis: 0, firehose: 0 };
    for (let round = 0; round < size.rounds; round += 1) {
      // Rotate the order so a slow phase of a noisy machine does not always hit the same topology.
      const order = TOPOLOGIES.map((_, i) => TOPOLOGIES[(i + round) % TOPOLOGIES.length] as Topology);
      for (const topology of order) {
        const { seconds, delivered: count } = await cpuSecondsOf(passes[topology]);
        samples[topology].push(bytes.events / seconds);
        delivered[topology] = count;
      }
    }

    const measured: Measured = {
      eventsPerCpuSecond: {
        lambda: summarise(samples.lambda).median,
        kinesis: summarise(samples.kinesis).median,
        firehose: summarise(samples.firehose).median,
      },
      cloudWatchBytesPerEvent: bytes.cloudWatchBytesPerEvent,
      gzipBytesPerEvent: bytes.gzipBytesPerEvent,
      documentBytesPerEvent: bytes.documentBytesPerEvent,
      eventsPerDelivery: size.eventsPerPayload,
      transformExpansion: firehoseStats.outputBytes / firehoseStats.inputBytes,
    };
    for (const topology of TOPOLOGIES) {
      result.rows.push({
        measure: `topology ${topology}: events per CPU-second`,
        summary: summarise(samples[topology]),
        unit: 'events/CPU-s',
      });
    }
    const single = (value: number) => summarise([value]);
    result.rows.push(
      {
        measure: 'bytes per event, CloudWatch Logs count',
        summary: single(measured.cloudWatchBytesPerEvent),
        unit: 'B',
      },
      { measure: 'bytes per event, gzipped payload', summary: single(measured.gzipBytesPerEvent), unit: 'B' },
      { measure: 'bytes per event, processed document', summary: single(measured.documentBytesPerEvent), unit: 'B' },
      { measure: 'Firehose answer bytes per input byte', summary: single(measured.transformExpansion), unit: 'x' },
    );
    const workload =
      `${size.payloads} subscription payloads × ${size.eventsPerPayload} events (bench/fixtures.ts aMixedWorkload: ` +
      `${LINE_MIX.map((m) => `${m.kind} ${m.weight}%`).join(', ')}); real redactor; Kinesis batches of ` +
      `${KINESIS_RECORDS_PER_BATCH} records; Firehose invocations of up to ${FIREHOSE_BUFFER_BYTES / 1024} KiB of records; ` +
      `${size.rounds} rounds after a warm-up, median`;
    result.inputs.push(workload);
    result.notes.push(
      `Delivered per pass: ${TOPOLOGIES.map((t) => `${t} ${delivered[t]}`).join(', ')} of ${bytes.events} events ` +
        '(the rest are quarantined by the leak check, the same in every topology).',
    );
    const volumes = VOLUMES_GB_PER_DAY.map((gb) => modelVolume(gb, measured));
    const markdown = renderCapacityMarkdown({
      measured,
      volumes,
      commit: describeTree(options.root),
      machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'} (${cpus().length} cores), Node.js ${process.version}`,
      date: new Date().toISOString().slice(0, 10),
      workload,
    });
    if (options.quick) result.notes.push('Quick run: CAPACITY.md not written.');
    else {
      writeFileSync(join(options.root, 'CAPACITY.md'), markdown);
      result.notes.push('Wrote CAPACITY.md from these figures.');
    }
    return result;
  });
}
