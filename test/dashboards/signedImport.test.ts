import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError } from '../../shared/core/errors';
import { dashboardsAuthFrom, importSavedObjects, renderDashboardsNdjson } from '../../shared/dashboards';

// Dashboards of an Amazon OpenSearch Service domain takes SigV4-signed requests. No domain is reachable from here, so
// a stand-in records the signed request; the test checks the parts a domain checks: the credential scope (region,
// service), the signed headers, and that the payload hash covers exactly the multipart bytes that arrived.
interface Recorded {
  url?: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

let server: Server;
let url: string;
let requests: Recorded[];
let answer: { status: number; body: unknown };
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_dashboards`;
});

beforeEach(() => {
  requests = [];
  answer = { status: 200, body: { success: true, successCount: 12 } };
  // The default provider chain reads these first: a fixed identity to find in the signature.
  process.env.AWS_ACCESS_KEY_ID = 'AKIASIGNEDIMPORTTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'signed-import-test-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});

afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

describe('importSavedObjects with SigV4', () => {
  const ndjson = renderDashboardsNdjson();

  it('signs the import for es in the given region, the payload hash covering the multipart body sent', async () => {
    const result = await importSavedObjects(url, ndjson, { sigv4: { region: 'eu-west-1' } });
    expect(result).toEqual({ success: true, successCount: 12, errors: [] });
    const [request] = requests;
    expect(request.url).toBe('/_dashboards/api/saved_objects/_import?overwrite=true');
    expect(request.headers['osd-xsrf']).toBe('true');
    const authorization = String(request.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIASIGNEDIMPORTTEST\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-content-sha256;x-amz-date[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(request.body).digest('hex'));
    const boundary = /boundary=(.+)$/.exec(String(request.headers['content-type']))?.[1];
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const text = request.body.toString('utf8');
    expect(text.startsWith(`--${boundary}`)).toBe(true);
    expect(text).toContain('filename="teddy-logs-dashboards.ndjson"');
    expect(text).toContain(ndjson);
  });

  it('signs for aoss when told, and reports what Dashboards refused', async () => {
    answer = { status: 403, body: { message: 'no permissions for [] and User [name=arn:aws:iam::1:role/x]' } };
    const failure = importSavedObjects(url, ndjson, { sigv4: { region: 'us-east-2', service: 'aoss' } });
    await expect(failure).rejects.toThrow(DeliveryError);
    await expect(failure).rejects.toThrow(/refused the import \(HTTP 403\): .*no permissions/);
    expect(String(requests[0].headers.authorization)).toContain('/us-east-2/aoss/aws4_request');
  });

  it('keeps basic auth (an internal user) when one is given', async () => {
    await importSavedObjects(url, ndjson, { username: 'teddy-admin', password: 'pw' });
    expect(requests[0].headers.authorization).toBe(`Basic ${Buffer.from('teddy-admin:pw').toString('base64')}`);
    expect(requests[0].headers['x-amz-content-sha256']).toBeUndefined();
  });
});

describe('dashboardsAuthFrom', () => {
  it('signs in as the internal user with basic, signs in AWS_REGION with sigv4, and chooses nothing otherwise', () => {
    const user = { OPENSEARCH_USERNAME: 'teddy-admin', OPENSEARCH_PASSWORD: 'pw', AWS_REGION: 'eu-west-1' };
    expect(dashboardsAuthFrom({ ...user, OPENSEARCH_AUTH: 'basic' })).toEqual({
      username: 'teddy-admin',
      password: 'pw',
    });
    expect(dashboardsAuthFrom({ ...user, OPENSEARCH_AUTH: 'sigv4' })).toEqual({ sigv4: { region: 'eu-west-1' } });
    expect(dashboardsAuthFrom({ ...user, OPENSEARCH_AUTH: 'none' })).toBeUndefined();
    expect(dashboardsAuthFrom({ OPENSEARCH_AUTH: 'basic', AWS_REGION: 'eu-west-1' })).toBeUndefined();
  });
});
