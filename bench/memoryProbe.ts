/**
 * The fresh process bench/memory.ts measures in (a process's peak RSS is a high-water mark: it can only be read
 * cleanly in a process that did nothing else). bench/memory.ts bundles this file with esbuild and runs it with plain
 * `node`, so no TypeScript loader sits in the memory measured. Prints one JSON object on stdout.
 *
 *   node --expose-gc <bundle of bench/memoryProbe.ts> idle
 *   node --expose-gc <bundle of bench/memoryProbe.ts> peak <shape>
 *   node --expose-gc <bundle of bench/memoryProbe.ts> heap <invocations> <checkpoint every>
 */

import { openGeoDatabase } from '../shared/engines/geo/index.js';
import { createShipHandler } from '../shared/pipeline/lambdaHandler.js';
import { processSubscriptionEvent } from '../shared/pipeline/pipeline.js';
import { createRedactor, DEV_CHILD_ID_KEY, loadRuleSet } from '../shared/pipeline/redact/index.js';
import {
  aMixedWorkload,
  aSubscriptionEvent,
  type LargestPayloadShapeName,
  someLargestPayloadMessages,
  someLogEvents,
} from './fixtures.js';
import { createCountingDeadLetters, createCountingSink } from './modules.js';
import { collectGarbage } from './stats.js';

/** The redactor as the ship function builds it without SSM (statically imported: this file is bundled). */
function createRealRedactor() {
  return createRedactor({ key: DEV_CHILD_ID_KEY, rules: loadRuleSet(), geo: openGeoDatabase() });
}

function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function probePeak(shape: LargestPayloadShapeName): Promise<void> {
  const redactor = createRealRedactor();
  const sink = createCountingSink();
  const deadLetters = createCountingDeadLetters();
  // Warm-up on an ordinary payload, so the peak below is the big payload's, not the first compilation's.
  for (const event of aMixedWorkload(5, 50, 3)) await processSubscriptionEvent(event, { redactor, sink, deadLetters });
  const messages = someLargestPayloadMessages(shape);
  const event = aSubscriptionEvent(someLogEvents(messages));
  const payloadBytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m), 0);
  messages.length = 0;
  sink.documents = 0;
  collectGarbage();
  const before = { rss: process.memoryUsage().rss, maxRss: maxRssBytes() };
  const ledger = await processSubscriptionEvent(event, { redactor, sink, deadLetters });
  const peak = maxRssBytes();
  process.stdout.write(
    JSON.stringify({
      shape,
      events: ledger.records_in,
      delivered: ledger.records_out,
      deadLettered: ledger.dead_lettered,
      payloadBytes,
      base64Chars: event.awslogs.data.length,
      rssBefore: before.rss,
      maxRssBefore: before.maxRss,
      peakRss: peak,
    }),
  );
}

async function probeHeap(invocations: number, every: number): Promise<void> {
  const redactor = createRealRedactor();
  const handler = createShipHandler({
    redactor: async () => redactor,
    sink: () => createCountingSink(),
    deadLetters: createCountingDeadLetters(),
    log: () => {},
  });
  // Twenty different payloads, cycled: new strings each invocation would be the normal case for a real handler,
  // but decoding gives every invocation fresh strings anyway.
  const events = aMixedWorkload(20, 10, 5);
  const context = { getRemainingTimeInMillis: () => 60_000, functionName: 'bench-ship', awsRequestId: 'bench' };
  const checkpoints: Array<{ invocations: number; heapUsed: number; rss: number }> = [];
  for (let i = 1; i <= invocations; i += 1) {
    await handler(events[i % events.length], context);
    if (i % every === 0) {
      collectGarbage();
      const usage = process.memoryUsage();
      checkpoints.push({ invocations: i, heapUsed: usage.heapUsed, rss: usage.rss });
    }
  }
  process.stdout.write(JSON.stringify({ checkpoints, eventsPerInvocation: 10 }));
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'idle') {
    // Calibration: what Node holds with the probe's code loaded but nothing run.
    collectGarbage();
    process.stdout.write(JSON.stringify({ rss: process.memoryUsage().rss, maxRss: maxRssBytes() }));
  } else if (mode === 'peak') await probePeak(args[0] as LargestPayloadShapeName);
  else if (mode === 'heap') await probeHeap(Number(args[0]), Number(args[1]));
  else throw new Error(`unknown probe ${mode}`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
