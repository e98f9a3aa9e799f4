/**
 * The CLI's Elasticsearch pieces against the real nodes: `--sink elasticsearch`'s run sinks (cluster check, template,
 * bulk sink, dead-letter index), the refusal of the wrong cluster in one line naming the right `--sink`, and
 * `teddy-logs process --sink elasticsearch`, `setup elasticsearch` and `setup kibana` as a user runs them (a child
 * process of the TypeScript CLI).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@opensearch-project/opensearch';
import { createConfiguredElasticsearchClient, createElasticsearchRunSinks } from '../../cli/elasticsearchSinks.js';
import { loadConfig } from '../../shared/core/config.js';
import { ConfigError } from '../../shared/core/errors.js';
import { aLogDocument } from '../builders.js';
import {
  elasticsearchNodesUnderTest,
  requireElasticsearch,
  requireOpenSearch,
  uniqueName,
} from '../support/services.js';

describe.each(elasticsearchNodesUnderTest())('--sink elasticsearch run sinks on $label', ({ url }) => {
  let client: Client;
  const prefix = uniqueName('teddy-es-cli');

  beforeAll(async () => {
    ({ client } = createConfiguredElasticsearchClient(
      loadConfig({ ELASTICSEARCH_HOSTS: await requireElasticsearch(url) }),
    ));
  });
  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    for (const name of [prefix, `${prefix}-deadletter`]) {
      await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    }
    await client.close();
  });

  it('reads ELASTICSEARCH_HOSTS and ELASTICSEARCH_INDEX, installs the template and writes daily indices', async () => {
    const config = loadConfig({ ELASTICSEARCH_HOSTS: `127.0.0.1:1,${new URL(url).host}`, ELASTICSEARCH_INDEX: prefix });
    const sinks = await createElasticsearchRunSinks(config);
    expect(sinks.sink.name).toBe(`elasticsearch:http://127.0.0.1:1,http://${new URL(url).host}`);
    expect(sinks.deadLetterLocation).toMatch(new RegExp(`^index ${prefix}-deadletter`));
    const documents = [1, 2, 3].map((n) =>
      aLogDocument({ '@timestamp': '2026-03-03T10:00:00.000Z', aws: { ...aLogDocument().aws, event_id: `cli-${n}` } }),
    );
    expect(await sinks.sink.deliver(documents)).toEqual({ delivered: 3, failed: [] });
    await sinks.sink.close?.();
    expect((await client.count({ index: `${prefix}-2026.03.03` })).body.count).toBe(3);
  });
});

describe('the wrong cluster', () => {
  it('--sink elasticsearch on OpenSearch stops in one line naming --sink opensearch', async () => {
    const url = await requireOpenSearch();
    const run = createElasticsearchRunSinks(loadConfig({ ELASTICSEARCH_INDEX: uniqueName('teddy-es-cli') }), url);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/^http:\S+ is OpenSearch 2\.\d+\.\d+, not elasticsearch: use --sink opensearch$/);
  });

  it('a cluster that does not answer at the start: every record kept for a replay when asked, else a clear error', async () => {
    const config = loadConfig({ ELASTICSEARCH_HOSTS: '127.0.0.1:1', ELASTICSEARCH_TIMEOUT: '2' });
    const warnings: string[] = [];
    const sinks = await createElasticsearchRunSinks(config, undefined, {
      keepInDeadLetters: true,
      warn: (message) => warnings.push(message),
    });
    const document = aLogDocument();
    const result = await sinks.sink.deliver([document]);
    expect(result.delivered).toBe(0);
    expect(result.failed[0]?.reason).toMatch(/^Elasticsearch at http:\/\/127\.0\.0\.1:1 did not answer at the start/);
    expect(warnings).toEqual([expect.stringMatching(/every record is kept in .*dead-letters\.ndjson$/)]);

    await expect(createElasticsearchRunSinks(config)).rejects.toThrow(/did not answer GET \//);
  });

  it('no host configured is a ConfigError that names ELASTICSEARCH_HOSTS', async () => {
    await expect(createElasticsearchRunSinks(loadConfig({}))).rejects.toThrow(/ELASTICSEARCH_HOSTS/);
  });
});

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'samples', 'app-logs.ndjson');

async function teddyLogs(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'cli', 'index.ts'), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, maxBuffer: 16 << 20 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(elasticsearchNodesUnderTest())('teddy-logs process --sink elasticsearch on $label', ({ url }) => {
  let client: Client;
  let dir: string;
  const prefix = uniqueName('teddy-es-run');

  beforeAll(async () => {
    ({ client } = createConfiguredElasticsearchClient(
      loadConfig({ ELASTICSEARCH_HOSTS: await requireElasticsearch(url) }),
    ));
    dir = await mkdtemp(join(tmpdir(), 'teddy-es-run-'));
  });
  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
    for (const name of [prefix, `${prefix}-deadletter`]) {
      await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    }
    await client.close();
  });

  async function processSample(name: string) {
    const summaryPath = join(dir, name);
    const result = await teddyLogs(['process', '--sink', 'elasticsearch', '--summary-json', summaryPath, SAMPLE], {
      ELASTICSEARCH_HOSTS: new URL(url).host,
      ELASTICSEARCH_INDEX: prefix,
      ELASTICSEARCH_TIMEOUT: '10',
      LOG_DIR: dir,
    });
    // The sample's malformed event is dead-lettered: exit status 3, every record accounted for.
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 3 });
    return JSON.parse(await readFile(summaryPath, 'utf8')) as {
      records_in: number;
      records_out: number;
      balanced: boolean;
      dead_lettered: number;
    };
  }

  async function stored(): Promise<number> {
    await client.indices.refresh({ index: `${prefix}-*` });
    return Number((await client.count({ index: `${prefix}-2*` })).body.count);
  }

  it('delivers the sample once, and a second run adds nothing', async () => {
    const first = await processSample('first.json');
    expect(first).toMatchObject({ balanced: true, records_in: 22 });
    expect(await stored()).toBe(first.records_out);
    const second = await processSample('second.json');
    expect(second.records_out).toBe(first.records_out);
    expect(await stored()).toBe(first.records_out);
    const { body } = await client.indices.getMapping({ index: `${prefix}-2026.11.26` });
    const properties = (body as Record<string, { mappings: { properties: Record<string, { type?: string }> } }>)[
      `${prefix}-2026.11.26`
    ]?.mappings.properties;
    expect(properties?.metadata?.type).toBe('flattened');
  });

  it('--sink opensearch on this node stops in one line naming --sink elasticsearch', async () => {
    const result = await teddyLogs(['process', '--sink', 'opensearch', '--opensearch-url', url, SAMPLE], {
      OPENSEARCH_INDEX: `${prefix}-os`,
      LOG_DIR: dir,
    });
    expect(result.code).not.toBe(0);
    // One line for the error (the development-key warning aside), no stack trace.
    const errors = result.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('teddy-logs: WARNING:'));
    expect(errors).toEqual([
      expect.stringMatching(/^teddy-logs: .*is Elasticsearch \d+\.\d+\.\d+, not opensearch: use --sink elasticsearch$/),
    ]);
    expect(result.code).toBe(2);
  });
});

describe('teddy-logs replay --sink elasticsearch', () => {
  it('re-delivers what a run kept while the cluster was down, and a second replay adds nothing', async () => {
    const url = await requireElasticsearch(elasticsearchNodesUnderTest()[0]?.url);
    const prefix = uniqueName('teddy-es-replay');
    const down = await mkdtemp(join(tmpdir(), 'teddy-es-down-'));
    const replayDir = await mkdtemp(join(tmpdir(), 'teddy-es-replay-'));
    const { client } = createConfiguredElasticsearchClient(loadConfig({ ELASTICSEARCH_HOSTS: url }));
    try {
      const kept = await teddyLogs(['process', '--sink', 'elasticsearch', '--report', join(down, 'r.json'), SAMPLE], {
        ELASTICSEARCH_HOSTS: '127.0.0.1:1',
        ELASTICSEARCH_INDEX: prefix,
        ELASTICSEARCH_TIMEOUT: '2',
        LOG_DIR: down,
      });
      expect(kept.code).toBe(3);
      const report = JSON.parse(await readFile(join(down, 'r.json'), 'utf8')) as {
        records_in: number;
        dead_lettered: number;
        filtered: number;
      };
      // Nothing was sent: every record is a dead letter, but the control message the pipeline filters on purpose.
      expect(report.dead_lettered + report.filtered).toBe(report.records_in);
      expect(report.dead_lettered).toBeGreaterThan(15);

      const replay = () =>
        teddyLogs(
          [
            'replay',
            '--file',
            join(down, 'dead-letters.ndjson'),
            '--sink',
            'elasticsearch',
            '--elasticsearch-url',
            url,
          ],
          { ELASTICSEARCH_INDEX: prefix, LOG_DIR: replayDir },
        );
      const first = await replay();
      expect({ code: first.code, stderr: first.stderr }).toMatchObject({ code: 0 });
      await client.indices.refresh({ index: `${prefix}-*` });
      const delivered = Number((await client.count({ index: `${prefix}-2*` })).body.count);
      // Every record but the sample's malformed one (dead-lettered again by the pipeline, as on the first run).
      expect(delivered).toBeGreaterThan(15);

      const second = await replay();
      expect(second.code).toBe(0);
      await client.indices.refresh({ index: `${prefix}-*` });
      expect(Number((await client.count({ index: `${prefix}-2*` })).body.count)).toBe(delivered);
    } finally {
      await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
      for (const name of [prefix, `${prefix}-deadletter`]) {
        await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
      }
      await client.close();
    }
  });
});

describe('teddy-logs erase with the guide’s ELASTICSEARCH_HOSTS', () => {
  it('deletes exactly the one child’s documents from the Elasticsearch indices', async () => {
    const url = await requireElasticsearch(elasticsearchNodesUnderTest()[0]?.url);
    const prefix = uniqueName('teddy-es-erase');
    const dir = await mkdtemp(join(tmpdir(), 'teddy-es-erase-'));
    const env = {
      ELASTICSEARCH_HOSTS: new URL(url).host,
      ELASTICSEARCH_INDEX: prefix,
      CHILD_ID_KEY: 'an-erase-test-key-of-32-characters!',
      LOG_DIR: dir,
    };
    const { client } = createConfiguredElasticsearchClient(loadConfig({ ELASTICSEARCH_HOSTS: url }));
    const count = async (query?: object) => {
      await client.indices.refresh({ index: `${prefix}-*` });
      return Number(
        (await client.count({ index: `${prefix}-2*`, ...(query ? { body: { query } } : {}) } as never)).body.count,
      );
    };
    try {
      expect((await teddyLogs(['process', '--sink', 'elasticsearch', SAMPLE], env)).code).toBe(3);
      const { body } = await client.search({
        index: `${prefix}-2*`,
        body: { size: 0, aggs: { children: { terms: { field: 'child_id', size: 10 } } } },
      } as never);
      const children = (
        body as unknown as { aggregations: { children: { buckets: Array<{ key: string; doc_count: number }> } } }
      ).aggregations.children.buckets;
      expect(children.length).toBeGreaterThanOrEqual(2); // the sample's children, hashed (child_123 among them)
      const before = await count();

      const erased = await teddyLogs(['erase', '--child-id', 'child_123'], env);

      expect({ code: erased.code, stderr: erased.stderr }).toMatchObject({ code: 0 });
      const left = await Promise.all(
        children.map(async (child) => [child.key, await count({ term: { child_id: child.key } })]),
      );
      const gone = children.filter((_, i) => left[i]?.[1] === 0);
      const kept = children.filter((child, i) => left[i]?.[1] === child.doc_count);
      expect([gone.length, kept.length]).toEqual([1, children.length - 1]);
      expect(await count()).toBe(before - (gone[0]?.doc_count ?? 0));
    } finally {
      await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
      for (const name of [prefix, `${prefix}-deadletter`]) {
        await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
      }
      await client.close();
    }
  });
});

describe('teddy-logs setup elasticsearch / setup kibana', () => {
  it('setup elasticsearch reports the cluster, the templates and that this node has no ILM', async () => {
    const url = await requireElasticsearch(elasticsearchNodesUnderTest()[0]?.url);
    const prefix = uniqueName('teddy-es-setup');
    const { client } = createConfiguredElasticsearchClient(loadConfig({ ELASTICSEARCH_HOSTS: url }));
    try {
      const result = await teddyLogs(['setup', 'elasticsearch', '--elasticsearch-url', url], {
        ELASTICSEARCH_INDEX: prefix,
        LOG_RETENTION_DAYS: '60',
      });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as {
        cluster: { flavor: string };
        templates: string[];
        ilm: { status: string };
      };
      expect(report).toMatchObject({
        cluster: { flavor: 'elasticsearch' },
        templates: [prefix, `${prefix}-deadletter`],
        ilm: { status: 'unavailable' },
      });
      expect(result.stderr).toMatch(/is Elasticsearch 8\.\d+\.\d+; installed .*ILM policy .*: unavailable/);
      expect((await client.indices.existsIndexTemplate({ name: prefix })).body).toBe(true);
    } finally {
      for (const name of [prefix, `${prefix}-deadletter`]) {
        await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
      }
      await client.close();
    }
  });

  it('setup kibana imports the four dashboards through the saved-objects API (stand-in Kibana)', async () => {
    let received = '';
    const server = createServer(async (request, response) => {
      for await (const chunk of request) received += String(chunk);
      const ok = request.headers['kbn-xsrf'] && request.url === '/api/saved_objects/_import?overwrite=true';
      response.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      response.end(ok ? '{"success":true,"successCount":27}' : '{"message":"bad request"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const kibana = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const result = await teddyLogs(['setup', 'kibana', '--kibana-url', kibana], {});
      expect(result).toMatchObject({ code: 0 });
      expect(result.stderr).toContain(`imported 27 saved objects into ${kibana}`);
      expect(received).toContain('"title":"Child Safety Monitor"');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
