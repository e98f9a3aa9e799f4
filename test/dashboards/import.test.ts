import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError } from '../../shared/core/errors';
import { importSavedObjects, renderDashboardsNdjson } from '../../shared/dashboards';

// OpenSearch Dashboards (a Node application shipped as a tarball) cannot be installed here, so this stand-in records
// what the import sends and answers like its saved-objects API; the objects themselves are checked against the real
// OpenSearch node in queries.test.ts.
interface Recorded {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function aDashboardsStandIn(
  status: number,
  answer: unknown,
): Promise<{ url: string; requests: Recorded[]; server: Server }> {
  const requests: Recorded[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({ method: request.method, url: request.url, headers: request.headers, body });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe('importSavedObjects', () => {
  const ndjson = renderDashboardsNdjson();

  it('posts the NDJSON as a multipart file to the saved-objects import API, overwriting, with the xsrf header', async () => {
    const standIn = await aDashboardsStandIn(200, { success: true, successCount: 12 });
    try {
      const result = await importSavedObjects(`${standIn.url}/`, ndjson, { username: 'admin', password: 'pw' });
      expect(result).toEqual({ success: true, successCount: 12, errors: [] });
      const [request] = standIn.requests;
      expect(request?.method).toBe('POST');
      expect(request?.url).toBe('/api/saved_objects/_import?overwrite=true');
      expect(request?.headers['osd-xsrf']).toBe('true');
      expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
      expect(request?.body).toContain('name="file"; filename="teddy-logs-dashboards.ndjson"');
      expect(request?.body).toContain(ndjson.trim().split('\n')[0]);
    } finally {
      standIn.server.close();
    }
  });

  it('reports the objects the server could not import', async () => {
    const standIn = await aDashboardsStandIn(200, {
      success: false,
      successCount: 3,
      errors: [
        { id: 'child-safety-monitor', type: 'dashboard', error: { type: 'conflict', message: 'version conflict' } },
      ],
    });
    try {
      const result = await importSavedObjects(standIn.url, ndjson);
      expect(result.success).toBe(false);
      expect(result.errors).toEqual([{ id: 'child-safety-monitor', type: 'dashboard', error: 'version conflict' }]);
    } finally {
      standIn.server.close();
    }
  });

  it('says what the server answered when it refuses the request', async () => {
    const standIn = await aDashboardsStandIn(401, { message: 'Unauthorized' });
    try {
      await expect(importSavedObjects(standIn.url, ndjson)).rejects.toThrow(
        /refused the import \(HTTP 401\).*Unauthorized/,
      );
    } finally {
      standIn.server.close();
    }
  });

  it('names the URL when Dashboards is not reachable', async () => {
    const standIn = await aDashboardsStandIn(200, {});
    const { url } = standIn;
    await new Promise((resolve) => standIn.server.close(resolve));
    const attempt = importSavedObjects(url, ndjson);
    await expect(attempt).rejects.toBeInstanceOf(DeliveryError);
    await expect(attempt).rejects.toThrow(`OpenSearch Dashboards at ${url} is not reachable`);
  });
});
