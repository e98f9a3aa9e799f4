/**
 * Scenario 1: the ship pipeline (decode → parse → normalise → redact → enrich → deliver) on a realistic mix of
 * subscription payloads, against the floor: base64 + gunzip + JSON.parse of the payload and JSON.stringify of each
 * event — what any forwarder must do at least. Target: the pipeline at ≥ 0.5 of the floor's throughput.
 */
import { gunzipSync } from 'node:zlib';
import type { DocumentRedactor, LogBatch, LogDocument } from '../shared/core/types.js';
import { decodeSubscriptionEvent } from '../shared/pipeline/decode/index.js';
import { enrichDocument } from '../shared/pipeline/enrich/index.js';
import { normaliseRecord } from '../shared/pipeline/normalise/index.js';
import { parseLogEvent } from '../shared/pipeline/parse/index.js';
import { processSubscriptionEvent } from '../shared/pipeline/pipeline.js';
import { aMixedWorkload, LINE_MIX, measurePayload, type SubscriptionEvent } from './fixtures.js';
import { createCountingDeadLetters, createCountingSink, createRealRedactor, identityRedactor } from './modules.js';
import { profileInProcess, summariseProfile } from './profile.js';
import type { ScenarioResult } from './report.js';
import { anEmptyResult, runOrReportUnavailable, type ScenarioOptions, toMiB } from './scenario.js';
import { alternateRounds, collectGarbage, elapsedMs, summarise, summariseRatios } from './stats.js';

const SIZES = {
  quick: { payloads: 10, eventsPerPayload: 100, rounds: 3 },
  full: { payloads: 40, eventsPerPayload: 250, rounds: 9 },
} as const;

/** The floor: what any forwarder does with the same payloads. Returns bytes written, so nothing is optimised away. */
function runFloor(events: readonly SubscriptionEvent[]): number {
  let bytes = 0;
  for (const event of events) {
    const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as {
      logEvents: unknown[];
    };
    for (const logEvent of payload.logEvents) bytes += JSON.stringify(logEvent).length;
  }
  return bytes;
}

async function runPipeline(events: readonly SubscriptionEvent[], redactor: DocumentRedactor) {
  const sink = createCountingSink();
  const deadLetters = createCountingDeadLetters();
  let quarantined = 0;
  for (const event of events) {
    const ledger = await processSubscriptionEvent(event, { redactor, sink, deadLetters });
    quarantined += ledger.dead_lettered;
  }
  return { delivered: sink.documents, bytes: sink.bytes, quarantined, reasons: deadLetters.reasons };
}

const STAGES = ['decode', 'parse', 'normalise', 'redact', 'enrich', 'serialise'] as const;
type Stage = (typeof STAGES)[number];

/** One pass of the workload stage by stage, each stage timed over all events: where an event's time goes. */
function timeStages(events: readonly SubscriptionEvent[], redactor: DocumentRedactor): Record<Stage, number> {
  const times = {} as Record<Stage, number>;
  const clock = <T>(stage: Stage, fn: () => T): T => {
    const start = process.hrtime.bigint();
    const value = fn();
    times[stage] = elapsedMs(start);
    return value;
  };
  const batches = clock('decode', () =>
    events.map((event) => {
      const decoded = decodeSubscriptionEvent(event);
      if (!decoded.ok) throw new Error(`fixture did not decode: ${decoded.error.message}`);
      return decoded.batch;
    }),
  );
  const all = batches.flatMap((batch: LogBatch) => batch.events.map((event) => ({ event, source: batch.source })));
  const parsed = clock('parse', () => all.map(({ event }) => parseLogEvent(event.message)));
  const documents = clock('normalise', () =>
    all.map(({ event, source }, i) => normaliseRecord(parsed[i], event, source)),
  );
  const redacted = clock('redact', () =>
    documents.map((document) => {
      const outcome = redactor.redact(document);
      return outcome.ok ? outcome.document : document;
    }),
  );
  const enriched = clock('enrich', () => redacted.map((document: LogDocument) => enrichDocument(document)));
  clock('serialise', () => enriched.reduce((bytes, document) => bytes + JSON.stringify(document).length, 0));
  return times;
}

/** Each stage's time per round, over `rounds` rounds after one warm-up pass. */
function timeStageRounds(
  events: Parameters<typeof timeStages>[0],
  redactor: DocumentRedactor,
  rounds: number,
): Record<Stage, number[]> {
  const stageMs = Object.fromEntries(STAGES.map((stage) => [stage, [] as number[]])) as Record<Stage, number[]>;
  timeStages(events, redactor);
  for (let round = 0; round < rounds; round += 1) {
    collectGarbage();
    const times = timeStages(events, redactor);
    for (const stage of STAGES) stageMs[stage].push(times[stage]);
  }
  return stageMs;
}

/** Runs the scenario; see the file comment. */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('ship', '1. Ship pipeline throughput');
  return runOrReportUnavailable(result, async () => {
    const size = options.quick ? SIZES.quick : SIZES.full;
    const redactor = createRealRedactor(options.root);
    const events = aMixedWorkload(size.payloads, size.eventsPerPayload);
    const totalEvents = size.payloads * size.eventsPerPayload;
    const measured = events.map(measurePayload);
    const inflated = measured.reduce((sum, m) => sum + m.inflatedBytes, 0);
    const compressed = measured.reduce((sum, m) => sum + m.compressedBytes, 0);

    // Warm-up: every code path compiled and every cache filled before the first timed round.
    const floorBytes = runFloor(events);
    const check = await runPipeline(events, redactor);
    await runPipeline(events, identityRedactor);

    const floorMs: number[] = [];
    const pipelineMs: number[] = [];
    const identityMs: number[] = [];
    const timeFloor = async () => {
      collectGarbage();
      const start = process.hrtime.bigint();
      runFloor(events);
      floorMs.push(elapsedMs(start));
    };
    const timePipeline = async (redactorUsed: DocumentRedactor, into: number[]) => {
      collectGarbage();
      const start = process.hrtime.bigint();
      await runPipeline(events, redactorUsed);
      into.push(elapsedMs(start));
    };
    await alternateRounds(size.rounds, [
      timeFloor,
      () => timePipeline(redactor, pipelineMs),
      () => timePipeline(identityRedactor, identityMs),
    ]);

    const perSecond = (ms: number[]) => ms.map((m) => totalEvents / (m / 1000));
    const mbPerSecond = (ms: number[]) => ms.map((m) => inflated / 1e6 / (m / 1000));
    result.rows.push(
      {
        measure: 'floor (gunzip + JSON.parse + JSON.stringify)',
        summary: summarise(perSecond(floorMs)),
        unit: 'events/s',
      },
      { measure: 'floor', summary: summarise(mbPerSecond(floorMs)), unit: 'MB/s' },
      { measure: 'pipeline, real redactor', summary: summarise(perSecond(pipelineMs)), unit: 'events/s' },
      { measure: 'pipeline, real redactor', summary: summarise(mbPerSecond(pipelineMs)), unit: 'MB/s' },
      {
        measure: 'pipeline / floor',
        summary: summariseRatios(floorMs, pipelineMs),
        unit: 'x',
        target: { kind: 'atLeast', value: 0.5 },
      },
      {
        measure: 'pipeline without redaction / floor (diagnostic)',
        summary: summariseRatios(floorMs, identityMs),
        unit: 'x',
      },
    );
    result.inputs.push(
      `${size.payloads} subscription payloads × ${size.eventsPerPayload} events = ${totalEvents} events; ` +
        `${toMiB(inflated).toFixed(2)} MiB inflated, ${toMiB(compressed).toFixed(2)} MiB gzip (before base64)`,
      `line mix: ${LINE_MIX.map((m) => `${m.kind} ${m.weight}%`).join(', ')}; about a quarter of the messages carry PII ` +
        '(emails, phones, a Luhn-valid card, JWT bearer tokens, tokens in URLs, SSNs, AWS keys, coordinates, raw child ids)',
      'redactor: shared/pipeline/redact createRedactor with the default rule set, DEV_CHILD_ID_KEY and the packaged GeoIP database ' +
        '(as the ship function builds it without SSM); sink: serialises each document with JSON.stringify and keeps nothing',
      `MB/s counts the inflated payload bytes (1 MB = 10^6 bytes); ${size.rounds} rounds after one warm-up pass`,
    );
    result.notes.push(
      `In the warm-up pass ${check.delivered} of ${totalEvents} events were delivered and ${check.quarantined} dead-lettered` +
        (check.reasons.size > 0
          ? ` (${[...check.reasons].map(([reason, count]) => `${count}× ${reason}`).join('; ')})`
          : ''),
      'Ratios are throughput ratios (floor time / pipeline time per round). The diagnostic row runs the same pipeline ' +
        'with a redactor that changes nothing: the gap between the two pipeline rows is the cost of redaction.',
    );
    const stageMs = timeStageRounds(events, redactor, size.rounds);
    for (const stage of STAGES) {
      result.rows.push({
        measure: `stage ${stage} (diagnostic)`,
        summary: summarise(stageMs[stage].map((ms) => (ms * 1000) / totalEvents)),
        unit: 'µs/event',
      });
    }
    result.rows.push({
      measure: 'floor (diagnostic, for the stage rows)',
      summary: summarise(floorMs.map((ms) => (ms * 1000) / totalEvents)),
      unit: 'µs/event',
    });

    const median = (ms: number[]) => summarise(ms).median;
    const perEvent = (stage: Stage) => (median(stageMs[stage]) * 1000) / totalEvents;
    const floorPerEvent = (median(floorMs) * 1000) / totalEvents;
    const budget = 2 * floorPerEvent - perEvent('decode') - perEvent('serialise');
    const transformCost = perEvent('parse') + perEvent('normalise') + perEvent('redact') + perEvent('enrich');
    result.notes.push(
      `Budget arithmetic: the floor costs ${floorPerEvent.toFixed(2)} µs per event, so ≥ 0.5 of it allows ` +
        `${(2 * floorPerEvent).toFixed(2)} µs for the whole pipeline. Decode and serialise alone take ` +
        `${(perEvent('decode') + perEvent('serialise')).toFixed(2)} µs (they are the floor's own work, on documents), ` +
        (budget > 0
          ? `leaving ${budget.toFixed(2)} µs for parse + normalise + redact + enrich, which take `
          : 'already past the budget before parse + normalise + redact + enrich, which take ') +
        `${transformCost.toFixed(2)} µs (redact ${perEvent('redact').toFixed(2)} µs). ` +
        (budget > 0 ? '' : 'As the floor is defined, no implementation of those stages can meet the target. ') +
        'The stage rows are one stage at a time over all events; the pipeline interleaves them per event, so their ' +
        'sum differs somewhat from its time.',
    );
    const redactionShare = 1 - median(identityMs) / median(pipelineMs);
    result.notes.push(
      `Redaction (rules on every string, child-id HMAC, GeoIP, leak check) takes about ${Math.round(redactionShare * 100)}% ` +
        `of the pipeline's time (median times with the real and the do-nothing redactor). Without it the pipeline runs ` +
        `at ${summariseRatios(floorMs, identityMs).median.toFixed(2)} of the floor: it parses every JSON message a ` +
        'second time, normalises fields and builds a document per event, and the documents serialise to ' +
        `${(check.bytes / floorBytes).toFixed(1)}× the bytes the floor serialises (the events as they came).`,
    );
    if (!options.quick) {
      // Where the time goes: one more pass under the sampling profiler.
      const profile = await profileInProcess(() => runPipeline(events, redactor));
      result.notes.push(
        `CPU profile of one pipeline pass, self time by package/folder: ${summariseProfile(profile, 'package', 8).join('; ')}`,
        'Top functions by self time:',
        ...summariseProfile(profile, 'function', 15).map((line) => `  - ${line}`),
      );
    }
    return result;
  });
}
