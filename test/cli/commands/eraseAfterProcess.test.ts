import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client } from '@opensearch-project/opensearch';
import type { Command } from 'commander';
import { registerErase } from '../../../cli/commands/erase.js';
import { registerProcess } from '../../../cli/commands/process.js';
import type { CliIo } from '../../../cli/io.js';
import { aCliWith } from '../../support/cli.js';
import { requireOpenSearch, uniqueName } from '../../support/services.js';

const CHILD = 'child-gus-0007';
const OTHER = 'child-hal-0008';
const V1 = 'the first child-id key of the erase test';
const V2 = 'the second child-id key of the erase test';
const ROTATION_KEY = JSON.stringify({ current: 'v2', keys: { v1: V1, v2: V2 } });

function register(program: Command, io: CliIo): void {
  registerProcess(program, { ...io, setExitCode: () => undefined });
  registerErase(program, io);
}

/** A subscription event line as `process` reads it. */
function aSubscriptionLine(payload: string): string {
  return JSON.stringify({ awslogs: { data: gzipSync(payload).toString('base64') } });
}

/** App lines of both children, and inputs that end as malformed dead letters with the raw id inside. */
function inputsOf(run: string): string {
  const appLine = (child: string) => JSON.stringify({ level: 'INFO', message: `turn ${run}`, child_id: child });
  const event = (id: string, message: unknown) => ({ id, timestamp: Date.UTC(2026, 1, 1), message });
  return [
    appLine(CHILD),
    appLine(CHILD),
    appLine(OTHER),
    // Not JSON once inflated: the whole payload is kept as it came.
    aSubscriptionLine(`{"logEvents":[{"message":"{\\"child_id\\":\\"${CHILD}\\",\\"run\\":\\"${run}\\",\\"password`),
    // One log event of the wrong shape: rejected on its own, kept raw; its neighbour goes on.
    aSubscriptionLine(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/ai-teddy-bear/dev/api',
        logStream: 's',
        subscriptionFilters: ['f'],
        logEvents: [event('1', { child_id: CHILD, run, note: 'an object, not a string' }), event('2', appLine(OTHER))],
      }),
    ),
  ].join('\n');
}

describe('teddy-logs erase after teddy-logs process, with the same environment', () => {
  let url: string;
  let openSearch: Client;
  const prefix = uniqueName('erase-e2e').toLowerCase();
  const logDir = mkdtempSync(join(tmpdir(), 'erase-e2e-'));
  const inputDir = mkdtempSync(join(tmpdir(), 'erase-e2e-in-'));
  const envWith = (key: string) => ({
    OPENSEARCH_URL: url,
    OPENSEARCH_INDEX: prefix,
    LOG_DIR: logDir,
    CHILD_ID_KEY: key,
  });

  async function run(args: string[], env: Record<string, string>) {
    const cli = aCliWith(register, env);
    await cli.run(args);
    return cli;
  }

  async function countOf(index: string, text: string): Promise<number> {
    const response = await openSearch.search({ index, size: 1000, body: { query: { match_all: {} } } });
    return response.body.hits.hits.filter((hit) => JSON.stringify(hit._source).includes(text)).length;
  }

  beforeAll(async () => {
    url = await requireOpenSearch();
    openSearch = new Client({ node: url });
    const before = join(inputDir, 'before-rotation.ndjson');
    const after = join(inputDir, 'after-rotation.ndjson');
    writeFileSync(before, inputsOf('before'));
    writeFileSync(after, inputsOf('after'));
    // Before the rotation: a plain v1 key; after it, the rotation form with v2 current. Into OpenSearch and files.
    await run(['process', '--sink', 'opensearch', before], envWith(V1));
    await run(['process', '--sink', 'opensearch', after], envWith(ROTATION_KEY));
    await run(['process', '--sink', 'file', after], envWith(ROTATION_KEY));
  });

  afterAll(async () => {
    await openSearch?.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true });
    await openSearch?.close();
  });

  it('finds every record of the child: data indices, the dead-letter index, dead-letter and daily files', async () => {
    // Two malformed letters a run; in half of them the raw id is inside a gzipped, base64 payload.
    expect(await countOf(`${prefix}-deadletter`, '"kind":"malformed"')).toBe(4);
    expect(await countOf(`${prefix}-deadletter`, CHILD)).toBe(2);

    const cli = await run(['erase', '--child-id', CHILD, '--reference', 'REQ-7'], envWith(ROTATION_KEY));
    const receipt = JSON.parse(cli.out());

    expect(receipt.dry_run).toBe(false);
    expect(receipt.child_id_hashes.map((h: string) => h.split(':')[1])).toEqual(['v2', 'v1']);
    expect(receipt.stores.opensearch.total_deleted).toBe(4);
    expect(receipt.stores.opensearch_dead_letters).toMatchObject({ letters_removed: 4 });
    // The file run: 2 documents in the daily file, 2 malformed letters in dead-letters.ndjson.
    expect(receipt.stores.local_files).toMatchObject({ lines_removed: 4 });
    expect(receipt.total_removed).toBe(12);
    expect(cli.out()).not.toContain(CHILD);

    await openSearch.indices.refresh({ index: `${prefix}-*` });
    const hashes: string[] = receipt.child_id_hashes;
    const left = await openSearch.search({ index: `${prefix}-*`, size: 1000, body: { query: { match_all: {} } } });
    const texts = left.body.hits.hits.map((hit) => JSON.stringify(hit._source));
    expect(texts.filter((t) => t.includes(CHILD) || hashes.some((h) => t.includes(h)))).toEqual([]);
    const local = readdirSync(logDir).map((name) => readFileSync(join(logDir, name), 'utf8'));
    expect(local.filter((t) => t.includes(CHILD) || hashes.some((h) => t.includes(h)))).toEqual([]);
  });

  it("keeps the other child's records", async () => {
    // Two app lines and one subscription event of hers a run; the event has the same id in both runs (one document).
    expect(await countOf(`${prefix}-*`, 'turn')).toBe(3);
    const local = readdirSync(logDir)
      .map((name) => readFileSync(join(logDir, name), 'utf8'))
      .join('');
    expect(local).toContain('turn after');
  });

  it('erases a numeric child id above 2^53 by all its digits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erase-bigint-'));
    const input = join(mkdtempSync(join(tmpdir(), 'erase-bigint-in-')), 'in.ndjson');
    const big = '123456789012345678901';
    // Rounded through a double it would be 123456789012345680000: another child's hash, never found again.
    writeFileSync(
      input,
      `{"level":"INFO","message":"big id","child_id":${big}}\n{"level":"INFO","message":"near","child_id":123456789012345678900}\n`,
    );
    const env = { LOG_DIR: dir, CHILD_ID_KEY: ROTATION_KEY };
    await run(['process', '--sink', 'file', input], env);

    const cli = await run(['erase', '--child-id', big], env);

    expect(JSON.parse(cli.out()).stores.local_files).toMatchObject({ lines_removed: 1 });
    const left = readdirSync(dir)
      .filter((name) => name.startsWith('ai-teddy-bear-logs-'))
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('');
    expect(left).toContain('"near"');
    expect(left).not.toContain('"big id"');
  });
});
