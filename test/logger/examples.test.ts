import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Runs an example as a user would (`npx tsx <file>`), with only the environment given, and parses its stdout. */
async function runExample(file: string, args: string[], env: Record<string, string>) {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, file), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
  const lines = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stdout, stderr, lines };
}

describe('examples', () => {
  it('the Lambda story service logs in the contract, hashes the child and redacts the parent e-mail', async () => {
    const { stdout, stderr, lines } = await runExample('examples/lambda-story-service/handler.ts', [], {
      CHILD_ID_KEY: 'example-key-0123456789abcdef',
      CHILD_ID_KEY_VERSION: 'v1',
      SERVICE_NAME: 'story-service',
    });
    expect(stderr).toContain('responses: 200 (x-correlation-id demo-1), 422');
    expect(stdout).not.toMatch(/child_123|parent@example\.com/);
    expect(lines.every((line) => line.service === 'story-service' && typeof line.timestamp === 'string')).toBe(true);
    const blocked = lines.find((line) => line.message === 'Story prompt blocked');
    expect(blocked).toMatchObject({
      level: 'WARN',
      category: 'child_safety',
      correlation_id: 'demo-2',
      child_id: expect.stringMatching(/^hmac-sha256:v1:[0-9a-f]{64}$/),
    });
    expect(lines.filter((line) => line.correlation_id === 'demo-1').length).toBeGreaterThanOrEqual(4);
  });

  it('the Express service runs once, with a correlation id per request and the login body redacted', async () => {
    const { stdout, stderr, lines } = await runExample('examples/ecs-express-service/server.ts', ['--once'], {});
    expect(stderr).toContain('GET /profiles -> 200');
    expect(stdout).not.toMatch(/hunter2|parent@example\.com|child_123/);
    expect(lines.find((line) => line.message === 'Child profile viewed')).toMatchObject({
      correlation_id: 'demo-req-1',
      child_id: '[REDACTED:child_id]',
    });
    expect(lines.find((line) => line.message === 'Parent login attempt')).toMatchObject({
      category: 'security',
      metadata: { body: { email: '[REDACTED:email]', password: '[REDACTED:password]' } },
    });
  });
});
