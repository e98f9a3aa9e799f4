import { registerErase } from '../../../cli/commands/erase.js';
import { ErasureRequestError } from '../../../shared/operations/erase/index.js';
import { aCliWith } from '../../support/cli.js';
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
        OPENSEARCH_ENDPOINT: url,
        OPENSEARCH_INDEX: uniqueName('cli-erase'),
        CHILD_ID_KEY: 'a child-id key for this test',
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
});
