/**
 * Scenario 5: the OpenSearch sink on a real node. Documents/s through createOpenSearchSink against `_bulk` of the
 * same documents, pre-serialised into exactly the lines the sink sends (same action, same `_id`s, same index
 * template), sent directly with the same client. Target: the sink at ≥ 0.8 of direct `_bulk`.
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { gunzipSync } from 'node:zlib';
import type { Client } from '@opensearch-project/opensearch';
import type { LogDocument, LogEvent, LogSource, Sink } from '../shared/core/types.js';
import { transformEvent } from '../shared/pipeline/pipeline.js';
import { OPENSEARCH_URL } from '../test/support/services.js';
import { aMixedWorkload } from './fixtures.js';
import { createRealRedactor } from './modules.js';
import { profileInProcess, summariseProfile } from './profile.js';
import { type ScenarioResult, ScenarioStatus } from './report.js';
import { anEmptyResult, requireOptional, runOrReportUnavailable, type ScenarioOptions } from './scenario.js';
import { alternateRounds, collectGarbage, elapsedMs, summarise, summariseRatios } from './stats.js';

const SIZES = {
  quick: { payloads: 10, eventsPerPayload: 200, rounds: 3, probeTimeoutMs: 3_000 },
  full: { payloads: 40, eventsPerPayload: 250, rounds: 9, probeTimeoutMs: 30_000 },
} as const;

/** Documents per deliver() call and per direct `_bulk`: one call's worth, under the sink's own 1,000-document chunk. */
const DOCUMENTS_PER_CALL = 1_000;

interface SinkModule {
  createOpenSearchSink(options: { client: Client; indexPrefix?: string }): Sink;
  computeDailyIndexName(prefix: string, timestamp: string): string | undefined;
}
interface ClientsModule {
  createOpenSearchClient(options: { url: string }): Client;
}
interface DocumentIdModule {
  computeDocumentId(document: LogDocument, position: number): string;
}
interface SetupModule {
  installIndexTemplate(client: Client, prefix: string): Promise<string[]>;
}

/** Why the node is not usable, or undefined when it answers. node:http, not fetch: fetch refuses some ports. */
function isReachable(url: string, timeoutMs: number): Promise<string | undefined> {
  const target = `${url}/_cluster/health?wait_for_status=yellow&timeout=${Math.ceil(timeoutMs / 1000)}s`;
  const get = target.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((done) => {
    const request = get(target, { timeout: timeoutMs + 1_000 }, (response) => {
      response.resume();
      done(response.statusCode === 200 ? undefined : `HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs + 1_000} ms`)));
    request.on('error', (error) => done(error.message));
  });
}

function inCalls<T>(items: readonly T[]): T[][] {
  const calls: T[][] = [];
  for (let i = 0; i < items.length; i += DOCUMENTS_PER_CALL) calls.push(items.slice(i, i + DOCUMENTS_PER_CALL));
  return calls;
}

/** A client whose bulk answers every item with 201 at once, for timing the sink without the node. */
function aStubClient(): Client {
  const bulk = async ({ body }: { body: string }) => {
    const items = [];
    for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', body.indexOf('\n', i + 1) + 1)) {
      items.push({ index: { status: 201 } });
    }
    return { body: { errors: false, items } };
  };
  return { bulk } as unknown as Client;
}

/** Real documents: the workload of scenario 1 through the pipeline's transform (parse → … → enrich). */
function aTransformedWorkload(
  payloads: number,
  eventsPerPayload: number,
  redactor: Parameters<typeof transformEvent>[2],
): LogDocument[] {
  const documents: LogDocument[] = [];
  for (const event of aMixedWorkload(payloads, eventsPerPayload, 17)) {
    const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8')) as LogSource & {
      logEvents: LogEvent[];
    };
    for (const logEvent of payload.logEvents) {
      const outcome = transformEvent(logEvent, payload, redactor);
      if (outcome.ok) documents.push(outcome.document);
    }
  }
  return documents;
}

/** Milliseconds to deliver every call through `sink`, after a garbage collection. */
async function timeDeliveries(sink: Sink, calls: readonly LogDocument[][]): Promise<number> {
  collectGarbage();
  const start = process.hrtime.bigint();
  for (const call of calls) await sink.deliver(call);
  return elapsedMs(start);
}

/** Runs the scenario; see the file comment. */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('opensearch', '5. OpenSearch sink');
  return runOrReportUnavailable(result, async () => {
    const size = options.quick ? SIZES.quick : SIZES.full;
    const { createOpenSearchSink, computeDailyIndexName } = requireOptional<SinkModule>(
      options.root,
      'shared/sinks/opensearch/bulkSink.ts',
      ['createOpenSearchSink', 'computeDailyIndexName'],
    );
    const { createOpenSearchClient } = requireOptional<ClientsModule>(
      options.root,
      'shared/sinks/opensearch/client.ts',
      ['createOpenSearchClient'],
    );
    const { computeDocumentId } = requireOptional<DocumentIdModule>(options.root, 'shared/sinks/documentId.ts', [
      'computeDocumentId',
    ]);
    const { installIndexTemplate } = requireOptional<SetupModule>(
      options.root,
      'shared/sinks/opensearch/installTemplates.ts',
      ['installIndexTemplate'],
    );
    const redactor = createRealRedactor(options.root);

    const unreachable = await isReachable(OPENSEARCH_URL, size.probeTimeoutMs);
    if (unreachable) {
      return {
        ...result,
        status: ScenarioStatus.SKIPPED,
        reason:
          `OpenSearch not reachable at ${OPENSEARCH_URL} (${unreachable}). Start it with \`npm run services:up\` ` +
          '(port 9250, or set OPENSEARCH_PORT / OPENSEARCH_URL), then run `npm run bench` again.',
      };
    }

    const documents = aTransformedWorkload(size.payloads, size.eventsPerPayload, redactor);

    const client = createOpenSearchClient({ url: OPENSEARCH_URL });
    const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const sinkPrefix = `bench-sink-${runId}`;
    const directPrefix = `bench-direct-${runId}`;
    const templates = [
      ...(await installIndexTemplate(client, sinkPrefix)),
      ...(await installIndexTemplate(client, directPrefix)),
    ];
    try {
      // The sink gets the same client with its bulk() timed, to tell time in the request from the sink's own.
      let inBulkMs = 0;
      let bulkRequests = 0;
      const timedClient = Object.create(client) as Client;
      (timedClient as unknown as { bulk: (params: unknown) => Promise<unknown> }).bulk = async (params: unknown) => {
        const start = process.hrtime.bigint();
        bulkRequests += 1;
        try {
          return await client.bulk(params as never);
        } finally {
          inBulkMs += elapsedMs(start);
        }
      };
      const sink = createOpenSearchSink({ client: timedClient, indexPrefix: sinkPrefix });
      const sinkCalls = inCalls(documents);
      // The floor: the very lines the sink would send, serialised before the clock starts.
      const bulkLine = (document: LogDocument, position: number) => {
        const index = computeDailyIndexName(directPrefix, document['@timestamp']);
        const action = JSON.stringify({ index: { _index: index, _id: computeDocumentId(document, position) } });
        return `${action}\n${JSON.stringify(document)}\n`;
      };
      const directBodies = sinkCalls.map((call) => call.map(bulkLine).join(''));
      const bodyBytes = directBodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0);

      let undelivered = 0;
      const sinkInBulkMs: number[] = [];
      const timeSink = async () => {
        collectGarbage();
        inBulkMs = 0;
        const start = process.hrtime.bigint();
        for (const call of sinkCalls) undelivered += (await sink.deliver(call)).failed.length;
        const total = elapsedMs(start);
        sinkInBulkMs.push(inBulkMs);
        return total;
      };
      let directErrors = 0;
      const timeDirect = async () => {
        collectGarbage();
        const start = process.hrtime.bigint();
        for (const body of directBodies) {
          const response = await client.bulk({ body: body as unknown as [] });
          if (response.body.errors) directErrors += 1;
        }
        return elapsedMs(start);
      };

      // Warm-up: creates the indices (the first round would otherwise pay for it) and compiles both paths.
      await timeSink();
      await timeDirect();
      const sinkMs: number[] = [];
      const directMs: number[] = [];
      await alternateRounds(size.rounds, [
        async () => sinkMs.push(await timeSink()),
        async () => directMs.push(await timeDirect()),
      ]);

      // The sink's own work, without the node: the same documents through a sink whose client answers every bulk
      // request with success at once. Tells how much of a round is ours and how much is OpenSearch's.
      const stubSink = createOpenSearchSink({ client: aStubClient(), indexPrefix: sinkPrefix });
      for (const call of sinkCalls) await stubSink.deliver(call);
      const stubMs: number[] = [];
      for (let round = 0; round < size.rounds; round += 1) stubMs.push(await timeDeliveries(stubSink, sinkCalls));

      const perSecond = (ms: number[]) => ms.map((m) => documents.length / (m / 1000));
      result.rows.push(
        { measure: 'direct _bulk, pre-serialised', summary: summarise(perSecond(directMs)), unit: 'docs/s' },
        { measure: 'createOpenSearchSink', summary: summarise(perSecond(sinkMs)), unit: 'docs/s' },
        {
          measure: 'sink / direct _bulk',
          summary: summariseRatios(directMs, sinkMs),
          unit: 'x',
          target: { kind: 'atLeast', value: 0.8 },
        },
      );
      result.rows.push({
        measure: 'sink’s own work, client answering at once (diagnostic)',
        summary: summarise(perSecond(stubMs)),
        unit: 'docs/s',
      });
      if (!options.quick) {
        const profile = await profileInProcess(async () => {
          for (const call of sinkCalls) await stubSink.deliver(call);
        });
        result.notes.push(
          `CPU profile of the sink's own work (stub client), top functions by self time: ${summariseProfile(profile, 'function', 8).join('; ')}`,
        );
      }
      const sinkShare = summarise(stubMs).median / summarise(sinkMs).median;
      const inBulk = summarise(sinkInBulkMs.slice(-size.rounds)).median;
      const outside = summarise(sinkMs).median - inBulk;
      result.notes.push(
        `Where a sink round goes: a median ${inBulk.toFixed(0)} ms inside client.bulk() (a direct round, all of it ` +
          `bulk(): ${summarise(directMs).median.toFixed(0)} ms) and ${outside.toFixed(0)} ms outside it, ` +
          `${((outside * 1000) / documents.length).toFixed(1)} µs per document of the sink's own work; ` +
          `${bulkRequests} bulk requests over ${sinkCalls.length * (size.rounds + 1)} deliver() calls.`,
      );
      result.notes.push(
        `The sink's own work (index names, ids, size checks, serialisation, classifying the answer) is about ` +
          `${Math.round(sinkShare * 100)}% of a round through the real node; the rest is the request and OpenSearch ` +
          'indexing. A single node on two shared cores indexes with a wide spread from round to round (refreshes, ' +
          'merges, JVM GC), which the per-round ratio only partly cancels: read the ratio with its spread.',
      );
      result.inputs.push(
        `${documents.length} documents (the mixed workload of scenario 1 through parse → normalise → redact → enrich), ` +
          `${(bodyBytes / 1e6).toFixed(2)} MB of bulk lines, sent in calls of ${DOCUMENTS_PER_CALL} documents; ` +
          `${size.rounds} rounds alternating sink and direct after one warm-up round of each`,
        `OpenSearch at ${OPENSEARCH_URL} (single node); both sides write daily indices under the project's index ` +
          'template (installed for two throw-away prefixes, deleted afterwards), with the same action (`index`) and ' +
          'the same deterministic `_id`s, so after the warm-up every round overwrites the same documents on both sides',
        'Same client (shared/sinks/opensearch/client createOpenSearchClient, no auth) for both; the direct side sends a string body ' +
          'serialised before the clock starts, so the ratio is the price of the sink’s own work (index names, ids, size ' +
          'checks, serialisation, item classification)',
      );
      const failedWrites = undelivered + directErrors > 0;
      if (failedWrites) {
        result.notes.push(
          `Not everything was written: ${undelivered} documents undelivered through the sink, ${directErrors} direct ` +
            'bulk responses with errors.',
        );
      }
      return result;
    } finally {
      await client.indices.delete({ index: `${sinkPrefix}-*,${directPrefix}-*` }).catch(() => undefined);
      for (const name of templates) await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
      await client.close();
    }
  });
}
