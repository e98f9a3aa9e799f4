/**
 * Scenario 3: memory. Peak RSS while one process handles the largest payload CloudWatch Logs can deliver, in three
 * shapes, each in a fresh process; and heap growth over many handler invocations in one process (heapUsed after a
 * full GC at the first checkpoint against the last). Target: no growth beyond noise (≤ 1 MiB over 9,000
 * invocations, i.e. under ~100 bytes per invocation — any real leak of a document or a string per call shows).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  CLOUDWATCH_EVENT_OVERHEAD_BYTES,
  CLOUDWATCH_MAX_BATCH_BYTES,
  CLOUDWATCH_MAX_BATCH_EVENTS,
  CLOUDWATCH_MAX_EVENT_BYTES,
  LargestPayloadShape,
  type LargestPayloadShapeName,
} from './fixtures.js';
import { type ScenarioResult, ScenarioStatus } from './report.js';
import { anEmptyResult, type ScenarioOptions, toMiB } from './scenario.js';
import { formatNumber, summarise } from './stats.js';

const SIZES = {
  quick: { peakRuns: 1, heapRuns: 2, invocations: 1_000, every: 100 },
  full: { peakRuns: 5, heapRuns: 3, invocations: 10_000, every: 1_000 },
} as const;

/** Growth allowed between the first and the last checkpoint, in bytes. */
const HEAP_GROWTH_BUDGET = 1024 * 1024;

class ProbeUnavailable extends Error {}

/**
 * Bundles bench/memoryProbe.ts into one plain JavaScript file, as a function would be, so the probes run on `node`
 * without the TypeScript loader and its memory. A module that has not landed makes the bundle fail: not available.
 */
async function bundleProbe(root: string, dir: string): Promise<string> {
  const outfile = join(dir, 'memoryProbe.js');
  try {
    await build({
      entryPoints: [join(root, 'bench', 'memoryProbe.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
      absWorkingDir: root,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('Could not resolve')) throw new ProbeUnavailable(message.split('\n').slice(0, 2).join(' '));
    throw error;
  }
  return outfile;
}

async function runProbe(root: string, probe: string, args: string[]): Promise<Record<string, unknown>> {
  const output: Buffer[] = [];
  const errors: Buffer[] = [];
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, ['--expose-gc', probe, ...args], {
      cwd: root,
      // The bundle sits in a temporary folder; the packaged GeoIP database resolves from the repository's modules.
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('exit', done);
  });
  if (code !== 0) throw new Error(`memory probe ${args.join(' ')} exited ${code}: ${Buffer.concat(errors).toString()}`);
  return JSON.parse(Buffer.concat(output).toString()) as Record<string, unknown>;
}

interface PeakProbe {
  events: number;
  delivered: number;
  deadLettered: number;
  payloadBytes: number;
  base64Chars: number;
  rssBefore: number;
  maxRssBefore: number;
  peakRss: number;
}

interface HeapProbe {
  checkpoints: Array<{ invocations: number; heapUsed: number; rss: number }>;
  eventsPerInvocation: number;
}

/** Runs the scenario; see the file comment. */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('memory', '3. Memory');
  const size = options.quick ? SIZES.quick : SIZES.full;
  const dir = mkdtempSync(join(tmpdir(), 'teddy-bench-memory-'));
  try {
    const probe = await bundleProbe(options.root, dir);
    for (const shape of Object.values(LargestPayloadShape) as LargestPayloadShapeName[]) {
      const probes: PeakProbe[] = [];
      for (let i = 0; i < size.peakRuns; i += 1)
        probes.push((await runProbe(options.root, probe, ['peak', shape])) as never);
      const first = probes[0];
      result.rows.push(
        {
          measure: `peak RSS, largest payload (${shape})`,
          summary: summarise(probes.map((p) => toMiB(p.peakRss))),
          unit: 'MiB',
        },
        {
          measure: `peak RSS over warm idle RSS (${shape})`,
          summary: summarise(probes.map((p) => toMiB(p.peakRss - p.rssBefore))),
          unit: 'MiB',
        },
      );
      result.inputs.push(
        `${shape}: ${first.events} events, ${formatNumber(first.payloadBytes)} bytes of messages ` +
          `(${formatNumber(first.payloadBytes + first.events * CLOUDWATCH_EVENT_OVERHEAD_BYTES)} as CloudWatch counts a batch), ` +
          `${formatNumber(first.base64Chars)} characters of base64 in awslogs.data; ${first.delivered} delivered, ` +
          `${first.deadLettered} dead-lettered; warm idle RSS ${toMiB(first.rssBefore).toFixed(1)} MiB`,
      );
    }
    result.inputs.push(
      `The limits: ≤ ${CLOUDWATCH_MAX_BATCH_EVENTS} events and ≤ ${formatNumber(CLOUDWATCH_MAX_BATCH_BYTES)} bytes per ` +
        `PutLogEvents batch (messages in UTF-8 + ${CLOUDWATCH_EVENT_OVERHEAD_BYTES} bytes per event), ≤ ` +
        `${CLOUDWATCH_MAX_EVENT_BYTES / 1024} KiB per event (CloudWatch Logs quotas and the PutLogEvents API reference); ` +
        'a subscription delivers what was put, so one payload holds at most one such batch.',
      `Peak RSS: each shape in ${size.peakRuns} fresh process(es) of plain node running bench/memoryProbe.ts bundled ` +
        'with esbuild (no TypeScript loader in the measurement): redactor built, a warm-up on ' +
        'ordinary payloads, the payload built, a full GC, then one processSubscriptionEvent; peak = getrusage maxRSS ' +
        '(what Lambda reports as Max Memory Used), warm idle RSS = memoryUsage().rss just before.',
    );

    const idle = [];
    for (let i = 0; i < size.peakRuns; i += 1)
      idle.push((await runProbe(options.root, probe, ['idle'])) as { rss: number });
    result.rows.push({
      measure: 'calibration: node with the probe loaded, nothing run',
      summary: summarise(idle.map((probe) => toMiB(probe.rss))),
      unit: 'MiB',
    });

    const heapProbes: HeapProbe[] = [];
    for (let i = 0; i < size.heapRuns; i += 1) {
      heapProbes.push(
        (await runProbe(options.root, probe, [
          'heap',
          String(size.invocations),
          String(size.every),
        ])) as unknown as HeapProbe,
      );
    }
    const growth = heapProbes.map((probe) => {
      const first = probe.checkpoints[0];
      const last = probe.checkpoints[probe.checkpoints.length - 1];
      return last.heapUsed - first.heapUsed;
    });
    const budget = HEAP_GROWTH_BUDGET;
    result.rows.push(
      {
        measure: `heapUsed growth after GC, invocation ${size.every} → ${size.invocations}`,
        summary: summarise(growth.map((bytes) => bytes / 1024)),
        unit: 'KiB',
        target: { kind: 'atMost', value: budget / 1024 },
      },
      {
        measure: `heapUsed after GC at invocation ${size.invocations}`,
        summary: summarise(heapProbes.map((p) => toMiB(p.checkpoints[p.checkpoints.length - 1].heapUsed))),
        unit: 'MiB',
      },
    );
    result.inputs.push(
      `Heap: ${size.heapRuns} fresh process(es), each calling the ship handler (shared/pipeline/lambdaHandler createShipHandler with the ` +
        `real redactor, a counting sink and dead-letter sink) ${size.invocations} times on 20 mixed payloads of ` +
        `${heapProbes[0].eventsPerInvocation} events, cycled; heapUsed read after a full GC every ${size.every} invocations. ` +
        `Budget ${formatNumber(budget / 1024)} KiB (~100 B per invocation over 9,000 invocations).`,
    );
    for (const [i, probe] of heapProbes.entries()) {
      result.notes.push(
        `Heap run ${i + 1}, heapUsed MiB at each checkpoint: ${probe.checkpoints.map((c) => toMiB(c.heapUsed).toFixed(2)).join(', ')}`,
      );
    }
    return result;
  } catch (error) {
    if (!(error instanceof ProbeUnavailable)) throw error;
    return { ...result, status: ScenarioStatus.NOT_AVAILABLE, reason: error.message, rows: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
