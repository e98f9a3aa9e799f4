/**
 * `teddy-logs process --sink opensearch` as a user runs it (a child process of the TypeScript CLI) against the real
 * OpenSearch node: documents in the daily indices of their timestamps under the template's mappings, dead letters in
 * the dead-letter index, the summary's ledger matching what the node holds, and a second run adding nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@opensearch-project/opensearch';
import type { LogDocument } from '../../shared/core/types.js';
import { computeDailyIndexName } from '../../shared/sinks/opensearch/bulkSink.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import { deadLetterIndexName } from '../../shared/sinks/opensearch/deadLetterIndex.js';
import { isBulkRequest, startFaultProxy } from '../support/faultProxy.js';
import { requireOpenSearch, uniqueName } from '../support/services.js';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', 'app-logs.ndjson');
const PLANTED = ['parent.one@example.com', 'mom@example.org', '4111 1111 1111 1111', 'hunter2', 'child_123'];

interface Summary {
  records_in: number;
  records_out: number;
  filtered: number;
  dead_lettered: number;
  balanced: boolean;
  sink: string;
}

async function teddyLogs(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'cli', 'index.ts'), ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('teddy-logs process --sink opensearch against the real node', () => {
  let client: Client;
  let url: string;
  let dir: string;
  const prefix = uniqueName('teddy-cli');

  beforeAll(async () => {
    url = await requireOpenSearch();
    client = createOpenSearchClient({ url });
    dir = await mkdtemp(join(tmpdir(), 'teddy-cli-os-'));
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` });
    await client.indices.deleteIndexTemplate({ name: `${prefix}*` });
    await client.close();
  });

  async function processSample(summaryName: string) {
    const summaryPath = join(dir, summaryName);
    const result = await teddyLogs(
      ['process', '--sink', 'opensearch', '--opensearch-url', url, '--summary-json', summaryPath, SAMPLE],
      { OPENSEARCH_INDEX: prefix, LOG_DIR: dir },
    );
    expect(result.stderr).not.toMatch(/Error|error:/);
    // The sample's malformed event is dead-lettered: exit status 3, every record accounted for.
    expect(result.code).toBe(3);
    return JSON.parse(await readFile(summaryPath, 'utf8')) as Summary;
  }

  async function storedDocuments(): Promise<Array<{ index: string; document: LogDocument }>> {
    await client.indices.refresh({ index: `${prefix}-*` });
    const { body } = await client.search({
      index: `${prefix}-2*`,
      body: { size: 1_000, query: { match_all: {} } },
    });
    return body.hits.hits.map((hit) => ({
      index: String(hit._index),
      document: hit._source as LogDocument,
    }));
  }

  async function countLetters(): Promise<number> {
    const index = deadLetterIndexName(prefix);
    if (!(await client.indices.exists({ index })).body) return 0;
    await client.indices.refresh({ index });
    return Number((await client.count({ index })).body.count);
  }

  it('delivers the sample into daily indices under the template, with the ledger matching the node', async () => {
    const summary = await processSample('first.json');

    // 22: the sample's log line and its Python traceback are one record.
    expect(summary).toMatchObject({ balanced: true, records_in: 22 });
    expect(summary.records_out).toBeGreaterThan(15);
    const stored = await storedDocuments();
    expect(stored).toHaveLength(summary.records_out);
    for (const { index, document } of stored) {
      expect(index).toBe(computeDailyIndexName(prefix, document['@timestamp']));
    }
    expect(stored.some(({ index }) => index === `${prefix}-2026.11.26`)).toBe(true);
    expect(await countLetters()).toBe(summary.dead_lettered);

    const { body: mapping } = await client.indices.getMapping({ index: `${prefix}-2026.11.26` });
    const properties = mapping[`${prefix}-2026.11.26`]?.mappings.properties ?? {};
    expect(properties).toMatchObject({
      metadata: { type: 'flat_object' },
      level: { type: 'keyword' },
      '@timestamp': { type: 'date' },
      child_id: { type: 'keyword' },
    });

    const text = JSON.stringify(stored);
    for (const secret of PLANTED) expect(text).not.toContain(secret);
  });

  it('adds no document and no dead letter when the same input is processed again', async () => {
    const before = (await storedDocuments()).length;
    const lettersBefore = await countLetters();

    const summary = await processSample('second.json');

    expect(summary.balanced).toBe(true);
    expect(await storedDocuments()).toHaveLength(before);
    expect(summary.records_out).toBe(before);
    expect(await countLetters()).toBe(lettersBefore);
  });
});

describe('teddy-logs process --sink opensearch against a cluster that dies', () => {
  it('ends a 20,000-event run within 30 s with every record a dead letter and exit status 3', async () => {
    const url = await requireOpenSearch();
    const prefix = uniqueName('teddy-cli-dead');
    const dir = await mkdtemp(join(tmpdir(), 'teddy-cli-dead-'));
    // The template goes in, then the node stops answering at the first bulk request.
    const proxy = await startFaultProxy(url, (request) => (isBulkRequest(request) ? { kind: 'refuse' } : undefined));
    const input = join(dir, 'events.ndjson');
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"level":"info","message":"event ${i}"}`);
    await writeFile(input, `${lines.join('\n')}\n`);
    const summaryPath = join(dir, 'summary.json');
    const direct = createOpenSearchClient({ url });
    try {
      const started = Date.now();
      const result = await teddyLogs(
        ['process', '--sink', 'opensearch', '--opensearch-url', proxy.url, '--summary-json', summaryPath, input],
        { OPENSEARCH_INDEX: prefix, LOG_DIR: dir },
      );
      const seconds = (Date.now() - started) / 1000;

      expect(result.code).toBe(3);
      expect(seconds).toBeLessThan(30);
      const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as Summary;
      expect(summary).toMatchObject({ records_in: 20_000, records_out: 0, dead_lettered: 20_000, balanced: true });
      const letters = (await readFile(join(dir, 'dead-letters.ndjson'), 'utf8')).trim().split('\n');
      expect(letters).toHaveLength(20_000);
      expect(letters.at(-1)).toContain('the circuit is open');
    } finally {
      await proxy.close();
      await direct.indices.deleteIndexTemplate({ name: `${prefix}*` }).catch(() => undefined);
      await direct.close();
    }
  }, 60_000);

  it('keeps every record of a run against a cluster down from the start, exit status 3, nothing sent', async () => {
    const url = await requireOpenSearch();
    const dir = await mkdtemp(join(tmpdir(), 'teddy-cli-down-'));
    const proxy = await startFaultProxy(url);
    const downUrl = proxy.url;
    await proxy.close(); // nothing listens there any more: every connection is refused
    const input = join(dir, 'events.ndjson');
    await writeFile(input, `${Array.from({ length: 20_000 }, (_, i) => `{"message":"event ${i}"}`).join('\n')}\n`);
    const summaryPath = join(dir, 'summary.json');

    const started = Date.now();
    const result = await teddyLogs(
      ['process', '--sink', 'opensearch', '--opensearch-url', downUrl, '--summary-json', summaryPath, input],
      { OPENSEARCH_INDEX: uniqueName('teddy-cli-down'), LOG_DIR: dir },
    );

    expect(result.code).toBe(3);
    expect((Date.now() - started) / 1000).toBeLessThan(30);
    expect(result.stderr).toMatch(/WARNING: OpenSearch at .* did not answer at the start/);
    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as Summary;
    expect(summary).toMatchObject({ records_in: 20_000, records_out: 0, dead_lettered: 20_000, balanced: true });
    const letters = (await readFile(join(dir, 'dead-letters.ndjson'), 'utf8')).trim().split('\n');
    expect(letters).toHaveLength(20_000);
  }, 60_000);
});
