import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';

const run = promisify(execFile);
const SECRET = 'example-key-0123456789abcdef';
/** The pipeline's hash of `id` under SECRET as `version`: what the examples must write. */
const hashOf = (version: string, id: string) => createRedactor({ key: { version, secret: SECRET } }).hashChildId(id);
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
  it('the Lambda story service reads its key from SSM at cold start, hashes the child and redacts the parent e-mail', async () => {
    await requireMoto();
    const ssm = new SSMClient(motoClientConfig());
    const parameter = `/teddy-logs/${uniqueName('example-key')}`;
    const rotation = JSON.stringify({ current: 'v2', keys: { v1: 'example-key-old-0123456789', v2: SECRET } });
    await ssm.send(new PutParameterCommand({ Name: parameter, Value: rotation, Type: 'SecureString' }));
    ssm.destroy();
    const { endpoint, region, credentials } = motoClientConfig();
    const { stdout, stderr, lines } = await runExample('examples/lambda-story-service/handler.ts', [], {
      CHILD_ID_KEY_PARAMETER: parameter,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
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
      child_id: hashOf('v2', 'child_123'),
    });
    expect(lines.filter((line) => line.correlation_id === 'demo-1').length).toBeGreaterThanOrEqual(4);
  });

  it('the Express service runs once, with its key from a file, a correlation id per request and the login body redacted', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'example-key-')), 'child-id.key');
    writeFileSync(keyFile, `${SECRET}\n`);
    const { stdout, stderr, lines } = await runExample('examples/ecs-express-service/server.ts', ['--once'], {
      CHILD_ID_KEY_FILE: keyFile,
    });
    expect(stderr).toContain('GET /profiles -> 200');
    expect(stdout).not.toMatch(/hunter2|parent@example\.com|child_123/);
    expect(lines.find((line) => line.message === 'Child profile viewed')).toMatchObject({
      correlation_id: 'demo-req-1',
      child_id: hashOf('v1', 'child_123'),
    });
    expect(lines.find((line) => line.message === 'Parent login attempt')).toMatchObject({
      category: 'security',
      metadata: { body: { email: '[REDACTED:email]', password: '[REDACTED:password]' } },
    });
  });
});
