import { createOpenSearchClient, describeAwsOpenSearchEndpoint } from '../../../shared/sinks/opensearch/client';

/** The headers the client's connection would send for one request: built, signed if it signs, never sent. */
function headersOfARequest(client: ReturnType<typeof createOpenSearchClient>): Record<string, string> {
  // biome-ignore lint/suspicious/noExplicitAny: the connection pool is the client's internals, read to see the headers.
  const [connection] = (client as any).connectionPool.connections;
  const { headers } = connection.buildRequestObject({ method: 'GET', path: '/_cluster/health', headers: {} });
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

describe('describeAwsOpenSearchEndpoint', () => {
  it('reads the region and signing service from Amazon OpenSearch hosts', () => {
    expect(describeAwsOpenSearchEndpoint('https://search-teddy-logs-prod-abc123.eu-west-1.es.amazonaws.com')).toEqual({
      region: 'eu-west-1',
      service: 'es',
    });
    expect(
      describeAwsOpenSearchEndpoint('https://vpc-teddy-logs-dev-x7.us-gov-west-1.es.amazonaws.com/_dashboards'),
    ).toEqual({ region: 'us-gov-west-1', service: 'es' });
    expect(describeAwsOpenSearchEndpoint('https://abc123.ap-southeast-2.aoss.amazonaws.com')).toEqual({
      region: 'ap-southeast-2',
      service: 'aoss',
    });
    expect(describeAwsOpenSearchEndpoint('https://search-x-1.cn-north-1.es.amazonaws.com.cn')).toEqual({
      region: 'cn-north-1',
      service: 'es',
    });
  });

  it('leaves every other host alone (a local node, a self-managed cluster, a look-alike)', () => {
    for (const url of [
      'http://127.0.0.1:9250',
      'https://opensearch.internal.example.com',
      'https://search-x.eu-west-1.es.amazonaws.com.evil.example',
      'not a url',
    ]) {
      expect(describeAwsOpenSearchEndpoint(url)).toBeUndefined();
    }
  });
});

describe('createOpenSearchClient', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIACLIENTTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'client-test-secret';
    delete process.env.AWS_SESSION_TOKEN;
  });
  afterAll(() => {
    process.env = saved;
  });

  it('signs every request to an Amazon OpenSearch endpoint, in the region of its host, with no auth chosen', async () => {
    const client = createOpenSearchClient({
      url: 'https://search-teddy-abc.eu-west-1.es.amazonaws.com',
      region: 'us-east-1',
    });
    expect(headersOfARequest(client).authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIACLIENTTEST\/\d{8}\/eu-west-1\/es\/aws4_request, /,
    );
    await client.close();
  });

  it('signs for aoss, and keeps basic auth when an internal user is chosen', async () => {
    const aoss = createOpenSearchClient({ url: 'https://abc.us-east-2.aoss.amazonaws.com', auth: 'none' });
    expect(headersOfARequest(aoss).authorization).toContain('/us-east-2/aoss/aws4_request');
    const basic = createOpenSearchClient({
      url: 'https://search-teddy-abc.eu-west-1.es.amazonaws.com',
      auth: 'basic',
      username: 'teddy-admin',
      password: 'pw',
    });
    expect(headersOfARequest(basic).authorization ?? '').not.toContain('AWS4-HMAC-SHA256');
    await Promise.all([aoss.close(), basic.close()]);
  });

  it('uses basic auth when a user and password are given without a mode (the guide’s Elasticsearch variables)', async () => {
    const client = createOpenSearchClient({ url: 'http://127.0.0.1:9260', username: 'elastic', password: 'pw' });
    expect(headersOfARequest(client).authorization).toBe(`Basic ${Buffer.from('elastic:pw').toString('base64')}`);
    await client.close();
  });

  it('leaves a local node unsigned', async () => {
    const local = createOpenSearchClient({ url: 'http://127.0.0.1:9250' });
    expect(headersOfARequest(local).authorization).toBeUndefined();
    await local.close();
  });
});
