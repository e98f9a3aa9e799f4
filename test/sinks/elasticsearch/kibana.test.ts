import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DASHBOARDS } from '../../../shared/dashboards/definitions.js';
import { importKibanaSavedObjects, renderKibanaNdjson } from '../../../shared/sinks/elasticsearch/index.js';

const FILE = join(__dirname, '..', '..', '..', 'elasticsearch', 'kibana-dashboards.ndjson');

describe('the Kibana saved objects', () => {
  it('are what elasticsearch/kibana-dashboards.ndjson holds', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(renderKibanaNdjson());
  });

  it('hold the guide’s four dashboards, each panel a visualization that is in the file', () => {
    const objects = renderKibanaNdjson()
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            id: string;
            attributes: { title: string };
            references: Array<{ id: string }>;
          },
      );
    const dashboards = objects.filter((o) => o.type === 'dashboard');
    expect(dashboards.map((d) => d.attributes.title)).toEqual([
      'System Overview',
      'Child Safety Monitor',
      'Security Dashboard',
      'Performance Monitor',
    ]);
    const visualizations = new Set(objects.filter((o) => o.type === 'visualization').map((o) => o.id));
    for (const dashboard of dashboards) {
      for (const reference of dashboard.references) expect(visualizations).toContain(reference.id);
    }
    expect(visualizations.size).toBe(new Set(DASHBOARDS.flatMap((d) => d.visualizations.map((v) => v.id))).size);
  });
});

/** A stand-in for Kibana's saved-objects import API (Kibana itself cannot run here). */
describe('importKibanaSavedObjects (stand-in Kibana)', () => {
  let server: Server;
  let url: string;
  let seen: { method?: string; path?: string; headers: IncomingMessage['headers']; body: string } | undefined;
  let answer: { status: number; body: string };

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      seen = {
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      // Kibana refuses any write without kbn-xsrf.
      if (!request.headers['kbn-xsrf']) {
        response.writeHead(400).end('{"statusCode":400,"message":"Request must contain a kbn-xsrf header."}');
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the file as multipart with kbn-xsrf and overwrite, into a space when given, with basic auth', async () => {
    answer = { status: 200, body: '{"success":true,"successCount":27}' };
    const result = await importKibanaSavedObjects(url, renderKibanaNdjson(), {
      space: 'teddy ops',
      auth: { username: 'elastic', password: 'pw' },
    });
    expect(result).toEqual({ success: true, successCount: 27, errors: [] });
    expect(seen?.method).toBe('POST');
    expect(seen?.path).toBe('/s/teddy%20ops/api/saved_objects/_import?overwrite=true');
    expect(seen?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from('elastic:pw').toString('base64')}`);
    expect(seen?.body).toContain('filename="teddy-logs-kibana.ndjson"');
    expect(seen?.body).toContain('"id":"teddy-child-safety-monitor"');
  });

  it('reports the objects Kibana did not take', async () => {
    answer = {
      status: 200,
      body: '{"success":false,"successCount":26,"errors":[{"id":"teddy-levels","type":"visualization","error":{"type":"conflict"}}]}',
    };
    const result = await importKibanaSavedObjects(`${url}/`, 'x', {});
    expect(result.errors).toEqual([{ id: 'teddy-levels', type: 'visualization', error: 'conflict' }]);
    expect(seen?.path).toBe('/api/saved_objects/_import?overwrite=true');
  });

  it('throws with what Kibana said when it refuses, and when it is unreachable', async () => {
    answer = { status: 415, body: '{"message":"Unsupported Media Type"}' };
    await expect(importKibanaSavedObjects(url, 'x')).rejects.toThrow(
      /Kibana refused the import \(HTTP 415\): .*Unsupported Media Type/,
    );
    await expect(importKibanaSavedObjects('http://127.0.0.1:1', 'x')).rejects.toThrow(
      /Kibana at http:\/\/127\.0\.0\.1:1 is not reachable/,
    );
  });
});
