import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  assertChildIdKeyConfigured,
  ChildIdKeySource,
  parseChildIdKeys,
  resolveChildIdKeys,
} from '../../shared/core/childIdKeys';
import { listChildIdKeyVersions } from '../../shared/core/childIdKeyText';
import { loadConfig } from '../../shared/core/config';
import { ConfigError } from '../../shared/core/errors';
import { DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services';

const SECRET = 'a-secret-of-at-least-16-chars';

describe('parseChildIdKeys', () => {
  it('takes a plain secret with the configured version', () => {
    expect(parseChildIdKeys(` ${SECRET}\n`, 'v3', 'p')).toEqual({
      key: { version: 'v3', secret: SECRET },
      previousKeys: [],
    });
  });

  it('takes the rotation form: the current key hashes, the others are kept for erasure', () => {
    const value = JSON.stringify({ current: 'v2', keys: { v1: `${SECRET}-1`, v2: `${SECRET}-2` } });
    expect(parseChildIdKeys(value, 'v1', 'p')).toEqual({
      key: { version: 'v2', secret: `${SECRET}-2` },
      previousKeys: [{ version: 'v1', secret: `${SECRET}-1` }],
    });
  });

  it.each([
    ['a short secret', 'short'],
    ['JSON that does not parse', '{"current":'],
    ['a current key that is missing', JSON.stringify({ current: 'v9', keys: { v1: SECRET } })],
    ['a badly named key', JSON.stringify({ current: 'v1', keys: { v1: SECRET, old: SECRET } })],
  ])('refuses %s, naming the parameter', (_, value) => {
    expect(() => parseChildIdKeys(value, 'v1', '/teddy-logs/dev/child-id-key')).toThrow(ConfigError);
    expect(() => parseChildIdKeys(value, 'v1', '/teddy-logs/dev/child-id-key')).toThrow('/teddy-logs/dev/child-id-key');
  });
});

describe('resolveChildIdKeys', () => {
  it('reads the SecureString parameter from SSM (moto)', async () => {
    const ssm = new SSMClient(motoClientConfig(await requireMoto()));
    const name = `/${uniqueName('teddy-logs')}/child-id-key`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: SECRET, Type: 'SecureString' }));
    const keys = await resolveChildIdKeys(
      loadConfig({ CHILD_ID_KEY_PARAMETER: name, CHILD_ID_KEY_VERSION: 'v4' }),
      ssm,
    );
    expect(keys.key).toEqual({ version: 'v4', secret: SECRET });
  });

  it('says which parameter it could not read', async () => {
    const ssm = new SSMClient(motoClientConfig(await requireMoto()));
    const name = `/${uniqueName('missing')}/child-id-key`;
    await expect(resolveChildIdKeys(loadConfig({ CHILD_ID_KEY_PARAMETER: name }), ssm)).rejects.toThrow(
      `cannot read the child-id key from SSM parameter ${name}`,
    );
  });

  it('falls back to CHILD_ID_KEY, then to the development key, announced', async () => {
    const ssm = new SSMClient(motoClientConfig());
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect((await resolveChildIdKeys(loadConfig({ CHILD_ID_KEY: SECRET }), ssm, { warn })).key.secret).toBe(SECRET);
    expect(warnings).toEqual([]);
    const dev = await resolveChildIdKeys(loadConfig({}), ssm, { warn });
    expect(dev.key).toEqual(DEV_CHILD_ID_KEY);
    expect(dev.source).toBe(ChildIdKeySource.DEVELOPMENT);
    expect(warnings).toEqual([expect.stringMatching(/DEVELOPMENT key/)]);
  });

  it('reads CHILD_ID_KEY_FILE in the rotation form, after CHILD_ID_KEY', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'child-id-key.json');
    writeFileSync(file, JSON.stringify({ current: 'v2', keys: { v1: `${SECRET}-1`, v2: `${SECRET}-2` } }));
    const fromFile = await resolveChildIdKeys(loadConfig({ CHILD_ID_KEY_FILE: file }));
    expect(fromFile.source).toBe(ChildIdKeySource.FILE);
    expect(listChildIdKeyVersions(fromFile)).toEqual(['v2', 'v1']);
    const both = await resolveChildIdKeys(loadConfig({ CHILD_ID_KEY: SECRET, CHILD_ID_KEY_FILE: file }));
    expect(both.source).toBe(ChildIdKeySource.VARIABLE);
  });

  it('takes the SSM parameter before CHILD_ID_KEY, creating the client only then', async () => {
    const makeSsm = jest.fn(() => new SSMClient(motoClientConfig()));
    await resolveChildIdKeys(loadConfig({ CHILD_ID_KEY: SECRET }), makeSsm);
    expect(makeSsm).not.toHaveBeenCalled();
    const name = `/${uniqueName('teddy-logs')}/child-id-key`;
    await makeSsm().send(new PutParameterCommand({ Name: name, Value: `${SECRET}-ssm`, Type: 'SecureString' }));
    const keys = await resolveChildIdKeys(loadConfig({ CHILD_ID_KEY_PARAMETER: name, CHILD_ID_KEY: SECRET }), makeSsm);
    expect(keys).toMatchObject({ source: ChildIdKeySource.SSM, key: { secret: `${SECRET}-ssm` } });
  });

  it('never uses the development key in prod, nor where the caller refuses it, naming the variables', async () => {
    await expect(resolveChildIdKeys(loadConfig({ STAGE: 'prod' }))).rejects.toThrow(
      /development child-id key in prod: set CHILD_ID_KEY_PARAMETER \(SSM\), CHILD_ID_KEY or CHILD_ID_KEY_FILE/,
    );
    await expect(
      resolveChildIdKeys(loadConfig({}), undefined, { refuseDevelopmentKeyFor: 'erase', warn: () => undefined }),
    ).rejects.toThrow(/refusing to erase with the public development child-id key: set CHILD_ID_KEY_PARAMETER/);
  });
});

describe('the key text parser (childIdKeyText)', () => {
  it('loads without the AWS SDK, so the app logger can use it', () => {
    jest.isolateModules(() => {
      const before = new Set(Object.keys(require.cache));
      require('../../shared/core/childIdKeyText');
      const loaded = Object.keys(require.cache).filter((path) => !before.has(path));
      expect(loaded.filter((path) => path.includes('node_modules'))).toEqual([]);
    });
  });
});

describe('assertChildIdKeyConfigured', () => {
  it('refuses a prod start without a key parameter and allows dev', () => {
    expect(() => assertChildIdKeyConfigured(loadConfig({ STAGE: 'prod' }))).toThrow(/refusing to start in prod/);
    expect(() => assertChildIdKeyConfigured(loadConfig({ STAGE: 'prod', CHILD_ID_KEY_PARAMETER: '/k' }))).not.toThrow();
    expect(() => assertChildIdKeyConfigured(loadConfig({ STAGE: 'dev' }))).not.toThrow();
  });
});
