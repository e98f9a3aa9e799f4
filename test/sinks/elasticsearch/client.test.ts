import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../../shared/core/errors.js';
import { createElasticsearchClient, parseElasticsearchHosts } from '../../../shared/sinks/elasticsearch/index.js';
import { ELASTICSEARCH_URL, requireElasticsearch } from '../../support/services.js';

describe('parseElasticsearchHosts', () => {
  it('reads the guide’s ELASTICSEARCH_HOSTS form and URLs alike', () => {
    expect(parseElasticsearchHosts('elasticsearch-1:9200,elasticsearch-2:9200')).toEqual([
      'http://elasticsearch-1:9200',
      'http://elasticsearch-2:9200',
    ]);
    expect(parseElasticsearchHosts(' https://es.example.com:9243/ , ,http://10.0.0.5:9200')).toEqual([
      'https://es.example.com:9243',
      'http://10.0.0.5:9200',
    ]);
  });

  it('names the entry that is not a host', () => {
    expect(() => parseElasticsearchHosts('good:9200,http://bad host:9200')).toThrow(
      /ELASTICSEARCH_HOSTS: "http:\/\/bad host:9200" is not a host:port/,
    );
  });
});

describe('createElasticsearchClient', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('refuses no hosts, and a username without a password', () => {
    expect(() => createElasticsearchClient({ hosts: [] })).toThrow(ConfigError);
    expect(() => createElasticsearchClient({ hosts: ['a:9200'], username: 'elastic' })).toThrow(
      /ELASTICSEARCH_USERNAME is set but ELASTICSEARCH_PASSWORD is not/,
    );
  });

  it('sends basic auth from ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD', async () => {
    let authorization: string | undefined;
    const host = await listen((request, response) => {
      authorization = request.headers.authorization;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"count":0}');
    });
    const client = createElasticsearchClient({ hosts: [host], username: 'elastic', password: 'your_password' });
    await client.count({ index: 'x' });
    await client.close();
    expect(authorization).toBe(`Basic ${Buffer.from('elastic:your_password').toString('base64')}`);
  });

  it('gives up on a request after ELASTICSEARCH_TIMEOUT seconds', async () => {
    const host = await listen(() => undefined); // accepts, never answers
    const client = createElasticsearchClient({ hosts: [host], timeoutSeconds: 1, maxRetries: 0 });
    const started = Date.now();
    await expect(client.count({ index: 'x' })).rejects.toThrow(/timed out/);
    const elapsed = Date.now() - started;
    await client.close();
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('moves on to the next host when one is down', async () => {
    const live = new URL(await requireElasticsearch(ELASTICSEARCH_URL)).host;
    const client = createElasticsearchClient({ hosts: ['127.0.0.1:1', live], maxRetries: 3 });
    try {
      for (let i = 0; i < 4; i += 1) {
        const { body } = await client.cluster.health();
        expect(body.status).toMatch(/green|yellow/);
      }
    } finally {
      await client.close();
    }
  });
});
