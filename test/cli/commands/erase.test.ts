import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerErase } from '../../../cli/commands/erase.js';
import { ErasureRequestError } from '../../../shared/operations/erase/index.js';
import { aCliWith, runTeddyLogs } from '../../support/cli.js';
import { requireOpenSearch, uniqueName } from '../../support/services.js';

function aCli(env: Record<string, string | undefined>, stdin = '') {
  return aCliWith(registerErase, env, stdin);
}

describe('teddy-logs erase', () => {
  it('refuses an empty child id with a clear error', async () => {
    const cli = aCli({});

    await expect(cli.run(['erase', '--child-id', ''])).rejects.toThrow(ErasureRequestError);
  });

  it('reads the id from stdin with --child-id -, and prints a receipt that holds only its hashes', async () => {
    const url = await requireOpenSearch();
    const cli = aCli(
      {
        OPENSEARCH_URL: url,
        OPENSEARCH_INDEX: uniqueName('cli-erase'),
        CHILD_ID_KEY: 'a child-id key for this test',
        LOG_DIR: mkdtempSync(join(tmpdir(), 'cli-erase-')),
      },
      'child-from-stdin-7\n',
    );

    await cli.run(['erase', '--child-id', '-', '--dry-run']);
    const receipt = JSON.parse(cli.out());

    expect(receipt).toMatchObject({ receipt: 'erasure', dry_run: true, total_removed: 0 });
    expect(receipt.child_id_hashes).toEqual([expect.stringMatching(/^hmac-sha256:v1:[0-9a-f]{64}$/)]);
    expect(cli.out()).not.toContain('child-from-stdin-7');
    expect(cli.err()).toMatch(/erasure \(dry run\): would remove 0 record/);
  });

  it('exits non-zero and writes no receipt when no store is configured', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'cli-erase-')), 'receipt.json');
    const env = { CHILD_ID_KEY: 'a child-id key for this test', LOG_DIR: join(tmpdir(), uniqueName('absent')) };

    const result = await runTeddyLogs(['erase', '--child-id', 'child-ivy-0009', '--report', report], env);

    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(existsSync(report)).toBe(false);
    expect(result.err.trim().split('\n')).toEqual([
      expect.stringMatching(/no store to search: set OPENSEARCH_URL, DEAD_LETTER_QUEUE_URL, .*LOG_DIR/),
    ]);
  });

  it('refuses a real erasure with the development key, naming the variables, and still runs --dry-run', async () => {
    const env = { LOG_DIR: mkdtempSync(join(tmpdir(), 'cli-erase-')) };

    const refused = await runTeddyLogs(['erase', '--child-id', 'child-ivy-0009'], env);
    expect(refused.code).toBe(2);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(
      /refusing to erase with the public development child-id key: set CHILD_ID_KEY_PARAMETER/,
    );

    const dryRun = await runTeddyLogs(['erase', '--child-id', 'child-ivy-0009', '--dry-run'], env);
    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.out)).toMatchObject({ dry_run: true, total_removed: 0 });
    expect(dryRun.err).toMatch(/DEVELOPMENT key/);
  });

  it('refuses, with no receipt, when a configured store cannot be reached, its password masked', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'cli-erase-')), 'receipt.json');
    const env = {
      CHILD_ID_KEY: 'a child-id key for this test',
      OPENSEARCH_URL: 'http://admin:planted-pw-0004@127.0.0.1:9',
      LOG_DIR: mkdtempSync(join(tmpdir(), 'cli-erase-')),
    };

    const result = await runTeddyLogs(['erase', '--child-id', 'child-ivy-0009', '--report', report], env);

    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(existsSync(report)).toBe(false);
    expect(result.err).toMatch(/cannot reach opensearch \(OPENSEARCH_URL\).*nothing was erased/);
    expect(result.err).not.toContain('planted-pw-0004');
  });
});
