import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { assertChildIdKeyConfigured, parseChildIdKeys, resolveChildIdKeys } from '../../shared/core/childIdKeys';
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

  it('falls back to CHILD_ID_KEY, then to the development key', async () => {
    const ssm = new SSMClient(motoClientConfig());
    expect((await resolveChildIdKeys(loadConfig({ CHILD_ID_KEY: SECRET }), ssm)).key.secret).toBe(SECRET);
    expect((await resolveChildIdKeys(loadConfig({}), ssm)).key).toEqual(DEV_CHILD_ID_KEY);
  });
});

describe('assertChildIdKeyConfigured', () => {
  it('refuses a prod start without a key parameter and allows dev', () => {
    expect(() => assertChildIdKeyConfigured(loadConfig({ STAGE: 'prod' }))).toThrow(/refusing to start in prod/);
    expect(() => assertChildIdKeyConfigured(loadConfig({ STAGE: 'prod', CHILD_ID_KEY_PARAMETER: '/k' }))).not.toThrow();
    expect(() => assertChildIdKeyConfigured(loadConfig({ STAGE: 'dev' }))).not.toThrow();
  });
});
