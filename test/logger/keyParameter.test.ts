import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { loadChildIdKeyParameter } from '../../packages/logger/src/index.js';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';
import { aLogging } from './support.js';

const SECRET = 'ssm-held-child-id-key-0123456789';
const hashWith = (version: string, secret: string, id: string) =>
  createRedactor({ key: { version, secret } }).hashChildId(id);

describe('loadChildIdKeyParameter (SSM Parameter Store through moto)', () => {
  let ssm: SSMClient;
  const saved = { ...process.env };

  beforeAll(async () => {
    await requireMoto();
    ssm = new SSMClient(motoClientConfig());
  });
  afterAll(() => ssm.destroy());
  afterEach(() => {
    process.env = { ...saved };
  });

  async function aParameter(value: string): Promise<string> {
    const name = `/teddy-logs/${uniqueName('logger-key')}`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString' }));
    return name;
  }

  it('reads CHILD_ID_KEY_PARAMETER with the default SDK reader and hashes every logger with it, old ones too', async () => {
    const name = await aParameter(SECRET);
    const { endpoint, region, credentials } = motoClientConfig();
    Object.assign(process.env, {
      CHILD_ID_KEY_PARAMETER: name,
      CHILD_ID_KEY_VERSION: 'v3',
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    const { logging, capture } = aLogging({ childIdKey: null });
    const madeBefore = logging.getLogger('story_service');
    madeBefore.info('before the key', { childId: 'child-7' });

    const warnings: string[] = [];
    const key = await loadChildIdKeyParameter({ logging, warn: (line) => warnings.push(line) });

    expect(warnings).toEqual([]);
    expect(key).toEqual({ version: 'v3', secret: SECRET });
    madeBefore.info('after the key', { childId: 'child-7' });
    expect(capture.lines().map((line) => line.child_id)).toEqual([
      '[REDACTED:child_id]',
      hashWith('v3', SECRET, 'child-7'),
    ]);
  });

  it('takes the current key of the rotation form from a given reader', async () => {
    const rotation = JSON.stringify({ current: 'v2', keys: { v1: `${SECRET}-old`, v2: `${SECRET}-new` } });
    const name = await aParameter(rotation);
    const { logging, capture } = aLogging({ childIdKey: null });
    const reader = async (parameter: string) => {
      const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
      return (await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }))).Parameter?.Value;
    };
    await loadChildIdKeyParameter({ parameterName: name, getParameter: reader, logging });
    logging.getLogger('x').info('hashed', { childId: 'child-8' });
    expect(capture.lines()[0]?.child_id).toBe(hashWith('v2', `${SECRET}-new`, 'child-8'));
  });

  it('warns and keeps child ids dropped when the parameter is missing or holds a bad key; never rejects', async () => {
    const { endpoint } = motoClientConfig();
    Object.assign(process.env, { AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1' });
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    const shortKey = await aParameter('too-short');
    const cases: Array<[string, RegExp]> = [
      [
        `/teddy-logs/${uniqueName('absent')}`,
        /^teddy-logs logger: cannot read SSM parameter \/teddy-logs\/absent\S* \(CHILD_ID_KEY_PARAMETER\): .+; child ids are dropped/,
      ],
      [shortKey, /SSM parameter .*: the child-id key must be at least 16 characters/],
    ];
    for (const [parameterName, problem] of cases) {
      const { logging, capture } = aLogging({ childIdKey: null });
      const warnings: string[] = [];
      await expect(
        loadChildIdKeyParameter({ parameterName, logging, warn: (line) => warnings.push(line) }),
      ).resolves.toBeUndefined();
      expect(warnings).toEqual([expect.stringMatching(problem)]);
      expect(warnings[0]).not.toContain('too-short');
      logging.getLogger('x').info('still dropped', { childId: 'child-9' });
      expect(capture.lines()[0]?.child_id).toBe('[REDACTED:child_id]');
    }
  });

  it('does nothing without a parameter name', async () => {
    delete process.env.CHILD_ID_KEY_PARAMETER;
    const reader = jest.fn(async () => SECRET);
    await expect(loadChildIdKeyParameter({ getParameter: reader })).resolves.toBeUndefined();
    expect(reader).not.toHaveBeenCalled();
  });
});
