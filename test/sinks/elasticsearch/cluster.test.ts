import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../../shared/core/errors.js';
import {
  ClusterFlavor,
  createElasticsearchClient,
  detectCluster,
  explainWrongCluster,
  requireClusterFlavor,
} from '../../../shared/sinks/elasticsearch/index.js';
import { createOpenSearchClient } from '../../../shared/sinks/opensearch/client.js';
import {
  elasticsearchNodesUnderTest,
  requireElasticsearch,
  requireMoto,
  requireOpenSearch,
} from '../../support/services.js';
import { startElasticsearchStandIn } from './elasticsearchStandIn.js';

describe.each(elasticsearchNodesUnderTest())('cluster detection on the real $label node', ({ label, url }) => {
  it('finds Elasticsearch of its major version from the X-elastic-product header and the local node', async () => {
    const client = createElasticsearchClient({ hosts: [await requireElasticsearch(url)], maxRetries: 0 });
    try {
      const cluster = await detectCluster(client);
      expect(cluster.flavor).toBe(ClusterFlavor.ELASTICSEARCH);
      expect(cluster.major).toBe(Number(label.slice(-1)));
      // The integ-test distribution has no rest-root module: GET / is not there, the header still is.
      expect(cluster.evidence).toMatch(/GET \/ answered HTTP 405, X-elastic-product/);
      await expect(requireClusterFlavor(client, ClusterFlavor.ELASTICSEARCH, url)).resolves.toEqual(cluster);
    } finally {
      await client.close();
    }
  });

  it('explains a failure of the OpenSearch path with the --sink to use, and explains nothing on its own path', async () => {
    const client = createOpenSearchClient({ url, maxRetries: 0 });
    try {
      expect(await explainWrongCluster(client, ClusterFlavor.OPENSEARCH, url)).toMatch(/use --sink elasticsearch$/);
      expect(await explainWrongCluster(client, ClusterFlavor.ELASTICSEARCH, url)).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('is refused by the OpenSearch path in one line naming --sink elasticsearch', async () => {
    const client = createOpenSearchClient({ url, maxRetries: 0 });
    try {
      const refusal = requireClusterFlavor(client, ClusterFlavor.OPENSEARCH, url);
      await expect(refusal).rejects.toThrow(ConfigError);
      await expect(refusal).rejects.toThrow(
        new RegExp(
          `^${url} is Elasticsearch ${label.slice(-1)}\\.\\d+\\.\\d+, not opensearch: use --sink elasticsearch$`,
        ),
      );
    } finally {
      await client.close();
    }
  });
});

describe('cluster detection elsewhere', () => {
  it('finds the real OpenSearch node by version.distribution and refuses it for --sink elasticsearch', async () => {
    const url = await requireOpenSearch();
    const client = createElasticsearchClient({ hosts: [url], maxRetries: 0 });
    try {
      expect(await detectCluster(client)).toMatchObject({ flavor: 'opensearch', major: 2 });
      await expect(requireClusterFlavor(client, ClusterFlavor.ELASTICSEARCH, url)).rejects.toThrow(
        /^http:\S+ is OpenSearch 2\.\d+\.\d+, not elasticsearch: use --sink opensearch$/,
      );
    } finally {
      await client.close();
    }
  });

  it('finds a full Elasticsearch node by the GET / tagline (stand-in: the integ-test node has no GET /)', async () => {
    const standIn = await startElasticsearchStandIn({ ilm: false, version: '9.1.4' });
    const client = createElasticsearchClient({ hosts: [standIn.url], maxRetries: 0 });
    try {
      expect(await detectCluster(client)).toEqual({
        flavor: 'elasticsearch',
        version: '9.1.4',
        major: 9,
        evidence: 'GET / tagline: Elasticsearch',
      });
    } finally {
      await client.close();
      await standIn.close();
    }
  });

  it('refuses Elasticsearch 7, naming the versions it supports', async () => {
    const standIn = await startElasticsearchStandIn({ ilm: true, version: '7.17.25' });
    const client = createElasticsearchClient({ hosts: [standIn.url], maxRetries: 0 });
    try {
      await expect(requireClusterFlavor(client, ClusterFlavor.ELASTICSEARCH, 'es7')).rejects.toThrow(
        'es7 is Elasticsearch 7.17.25; --sink elasticsearch supports Elasticsearch 8.x and 9.x',
      );
    } finally {
      await client.close();
      await standIn.close();
    }
  });

  it('says what it saw when the server is no search engine (moto)', async () => {
    const client = createElasticsearchClient({ hosts: [await requireMoto()], maxRetries: 0 });
    try {
      await expect(detectCluster(client)).rejects.toThrow(/neither OpenSearch nor Elasticsearch/);
    } finally {
      await client.close();
    }
  });

  it('says the credentials are wrong when the cluster answers 401, as a secured Elasticsearch does to GET /', async () => {
    // The answer of a real 8.19 node with security on, to GET / without credentials (no X-elastic-product header).
    const server = createServer((_request, response) => {
      response
        .writeHead(401, {
          'www-authenticate': 'Basic realm="security", charset="UTF-8"',
          'content-type': 'application/json',
        })
        .end(
          '{"error":{"type":"security_exception","reason":"missing authentication credentials for REST request [/]"},"status":401}',
        );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = createElasticsearchClient({
      hosts: [`127.0.0.1:${(server.address() as AddressInfo).port}`],
      maxRetries: 0,
    });
    try {
      await expect(detectCluster(client)).rejects.toThrow(
        /refused the request \(HTTP 401\): check the credentials \(ELASTICSEARCH_USERNAME/,
      );
    } finally {
      await client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('says the cluster did not answer when nothing listens', async () => {
    const client = createElasticsearchClient({ hosts: ['127.0.0.1:1'], maxRetries: 0, timeoutSeconds: 2 });
    try {
      await expect(detectCluster(client)).rejects.toThrow(/did not answer GET \//);
    } finally {
      await client.close();
    }
  });
});
