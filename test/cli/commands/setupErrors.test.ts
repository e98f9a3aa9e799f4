import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

/** The CLI as a user with a bare shell runs it: no AWS configuration at all. */
async function teddyLogs(args: string[], env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'no-aws-'));
  try {
    const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'teddy-logs.js'), ...args], {
      cwd: ROOT,
      // No instance metadata lookups: a laptop has none, and waiting for them would only slow the test.
      env: { PATH: process.env.PATH ?? '', HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
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
