import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { maskSecrets } from '../../shared/core/secrets.js';
import { runTeddyLogs } from '../support/cli.js';
import { requireOpenSearch, uniqueName } from '../support/services.js';

const PASSWORD = 'planted-s3cret-pw';
const KEY_V1 = 'planted-child-key-one-0001';
const KEY_V2 = 'planted-child-key-two-0002';
const PLANTED = [PASSWORD, KEY_V1, KEY_V2];

describe('masking secrets', () => {
  it.each([
    ['a URL password', 'http://admin:pw@host:9200/x', 'http://admin:****@host:9200/x'],
    ['a URL token', 'https://tok@host/', 'https://****@host/'],
    ['a presigned URL signature', 'https://b.s3/k?X-Amz-Signature=abc&x=1', 'https://b.s3/k?X-Amz-Signature=****&x=1'],
    ['a password parameter', 'login failed password=hunter2; retry', 'login failed password=****; retry'],
    ['an authorization header', 'Authorization: Bearer eyJhbGciOi.payload.sig', 'Authorization: Bearer ****'],
  ])('masks %s', (_, text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });
});

describe('no secret is printed by the CLI (planted in the URL and the key)', () => {
  let url: string;
  let openSearch: Client;
  const prefix = uniqueName('secrets').toLowerCase();
  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  const env = () => ({
    OPENSEARCH_URL: url.replace('://', `://admin:${PASSWORD}@`),
    OPENSEARCH_INDEX: prefix,
    LOG_DIR: dir,
    CHILD_ID_KEY: JSON.stringify({ current: 'v2', keys: { v1: KEY_V1, v2: KEY_V2 } }),
  });

  beforeAll(async () => {
    url = await requireOpenSearch();
    openSearch = new Client({ node: url });
    // A closed daily index: the documents of that day are refused and become dead letters, with reasons.
    await openSearch.indices.create({ index: `${prefix}-2026.02.01` });
    await openSearch.indices.close({ index: `${prefix}-2026.02.01` });
  });

  afterAll(async () => {
    await openSearch?.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, expand_wildcards: 'all' });
    await openSearch?.close();
  });

  it('masks them in the summary, the summary JSON, dead-letter reasons and errors', async () => {
    const input = join(dir, 'in.ndjson');
    const lines = ['2026-02-01T10:00:00Z', '2026-02-02T10:00:00Z'].map((timestamp) =>
      JSON.stringify({ timestamp, level: 'INFO', message: 'hello', child_id: 'child-jo-0010' }),
    );
    writeFileSync(input, `${lines.join('\n')}\n`);
    const report = join(dir, 'summary.json');

    const run = await runTeddyLogs(['process', '--sink', 'opensearch', '--report', report, input], env());
    const failed = await runTeddyLogs(
      ['setup', 'opensearch', '--opensearch-url', `http://admin:${PASSWORD}@127.0.0.1:9`],
      env(),
    );

    expect(run.err).toMatch(/1 dead-lettered/);
    expect(failed.code).toBe(2);
    await openSearch.indices.refresh({ index: `${prefix}-deadletter` });
    const letters = await openSearch.search({ index: `${prefix}-deadletter`, body: { query: { match_all: {} } } });
    const reasons = letters.body.hits.hits.map((hit) => (hit._source as { reason: string }).reason);
    expect(reasons).toEqual([expect.stringContaining('admin:****@')]);
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
    const printed = [run.out, run.err, failed.out, failed.err, ...files, JSON.stringify(letters.body)].join('\n');
    for (const secret of PLANTED) expect(printed).not.toContain(secret);
    expect(readFileSync(report, 'utf8')).toContain('opensearch:http://admin:****@');
  });
});
