import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createRedactor } from '../../../shared/pipeline/redact/index.js';
import { runTeddyLogs } from '../../support/cli.js';
import { motoClientConfig, requireMoto, uniqueName } from '../../support/services.js';

const V6 = 'the sixth child-id key of this test';
const V7 = 'the seventh child-id key of this test';
const ROTATION = JSON.stringify({ current: 'v7', keys: { v6: V6, v7: V7 } });
const CHILD = 'child-kim-0011';

describe('every command reads the child-id key from the same sources, in the same order', () => {
  let env: Record<string, string>;
  const expected = createRedactor({
    key: { version: 'v7', secret: V7 },
    previousKeys: [{ version: 'v6', secret: V6 }],
  });

  beforeAll(async () => {
    const moto = await requireMoto();
    const name = `/${uniqueName('teddy-logs')}/child-id-key`;
    await new SSMClient(motoClientConfig(moto)).send(
      new PutParameterCommand({ Name: name, Value: ROTATION, Type: 'SecureString' }),
    );
    env = {
      AWS_ENDPOINT_URL: moto,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      CHILD_ID_KEY_PARAMETER: name,
      // Lower in the order: must not be used while the parameter is set.
      CHILD_ID_KEY: 'a key that must lose to the SSM parameter',
      LOG_DIR: mkdtempSync(join(tmpdir(), 'key-sources-')),
    };
  });

  it('process hashes with the current version of the SSM parameter, in its rotation form', async () => {
    const line = JSON.stringify({ level: 'INFO', message: 'hi', child_id: CHILD });
    const result = await runTeddyLogs(['process', '--sink', 'stdout'], env, `${line}\n`);

    expect(JSON.parse(result.out.trim()).child_id).toBe(expected.hashChildId(CHILD));
    expect(result.err).not.toMatch(/DEVELOPMENT key/);
  });

  it('erase searches under every version of the same parameter', async () => {
    writeFileSync(join(env.LOG_DIR as string, 'ai-teddy-bear-logs-2026.02.01.ndjson'), '{}\n');
    const result = await runTeddyLogs(['erase', '--child-id', CHILD, '--dry-run'], env);

    expect(JSON.parse(result.out).child_id_hashes).toEqual(expected.childIdHashes(CHILD));
  });

  it('CHILD_ID_KEY_FILE is read when neither the parameter nor CHILD_ID_KEY is set', async () => {
    const file = join(env.LOG_DIR as string, 'key.json');
    writeFileSync(file, ROTATION);
    const line = JSON.stringify({ level: 'INFO', message: 'hi', child_id: CHILD });
    const result = await runTeddyLogs(['process', '--sink', 'stdout'], { CHILD_ID_KEY_FILE: file }, `${line}\n`);

    expect(JSON.parse(result.out.trim()).child_id).toBe(expected.hashChildId(CHILD));
  });
});
