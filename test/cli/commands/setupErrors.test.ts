import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTeddyLogsBin } from '../../support/cli.js';

/** The CLI as a user with a bare shell runs it: no AWS configuration at all. */
function teddyLogs(args: string[]) {
  // No instance metadata lookups: a laptop has none, and waiting for them would only slow the test.
  return runTeddyLogsBin(args, { HOME: mkdtempSync(join(tmpdir(), 'no-aws-')), AWS_EC2_METADATA_DISABLED: 'true' });
}

/** stderr without Node's own deprecation notices (the AWS SDK's Node-version notice). */
function ownLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('teddy-logs'));
}

describe('setup errors on a bare laptop', () => {
  it('names the fix for missing AWS credentials in one line, exit 2, no stack trace, no region needed', async () => {
    const result = await teddyLogs([
      'onboard',
      '--dry-run',
      '--destination-arn',
      'arn:aws:lambda:us-east-1:1:function:x',
    ]);

    expect(result.code).toBe(2);
    expect(ownLines(result.stderr)).toEqual([
      expect.stringMatching(/^teddy-logs: no AWS credentials: set AWS_PROFILE/),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
