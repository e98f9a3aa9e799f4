/**
 * Where Elasticsearch clients are constructed, from the guide's variables (ELASTICSEARCH_HOSTS, ELASTICSEARCH_USERNAME,
 * ELASTICSEARCH_PASSWORD, ELASTICSEARCH_TIMEOUT).
 *
 * One client serves both clusters: the OpenSearch JS client. The pipeline talks to a cluster through the bulk, search,
 * scroll, count, delete-by-query, `_cat/indices`, `_index_template` and index-delete APIs, which OpenSearch kept
 * wire-compatible with Elasticsearch (it forked from 7.10), and which Elasticsearch 8 and 9 still serve unchanged
 * (test/sinks/elasticsearch and test/integration/elasticsearch.test.ts run them against real 8.x and 9.x nodes). So
 * the bulk sink with its item classification and retries, the dead-letter index, erase's delete-by-query and
 * retention's index deletion are one code path for both, not two that can drift. What differs — the mapping types
 * (`flattened` vs `flat_object`) and the lifecycle API (ILM vs ISM) — is a few plain REST calls through
 * `client.transport.request`. The official `@elastic/elasticsearch` client would add a second dependency tree and a
 * second copy of each of those helpers for no call we need.
 */
import { Client } from '@opensearch-project/opensearch';
import { ConfigError } from '../../core/errors.js';

/** The guide's ELASTICSEARCH_TIMEOUT default, in seconds. */
export const DEFAULT_ELASTICSEARCH_TIMEOUT_SECONDS = 30;

export interface ElasticsearchClientOptions {
  /** ELASTICSEARCH_HOSTS: `host:port` (the guide's form) or URLs; requests are spread over them. */
  hosts: readonly string[];
  username?: string;
  password?: string;
  /** ELASTICSEARCH_TIMEOUT: seconds one request may take. */
  timeoutSeconds?: number;
  /** The client's own retries of a request that failed to connect or answered 502/503/504 (its default is 3). */
  maxRetries?: number;
}

/**
 * The node URLs of ELASTICSEARCH_HOSTS: comma-separated, blanks ignored, `elasticsearch-1:9200` taken as
 * `http://elasticsearch-1:9200`. Throws a ConfigError naming the entry that is not a URL.
 */
export function parseElasticsearchHosts(hosts: string | readonly string[]): string[] {
  const entries = (typeof hosts === 'string' ? hosts.split(',') : [...hosts]).map((h) => h.trim()).filter(Boolean);
  return entries.map((entry) => {
    const url = /^https?:\/\//i.test(entry) ? entry : `http://${entry}`;
    if (!URL.canParse(url)) {
      throw new ConfigError(`ELASTICSEARCH_HOSTS: "${entry}" is not a host:port or an http(s) URL`);
    }
    return url.replace(/\/+$/, '');
  });
}

/**
 * A client for an Elasticsearch cluster (any of its nodes). Basic auth when a username is given, which then needs
 * the password too; no auth otherwise (a local node with security off).
 */
export function createElasticsearchClient(options: ElasticsearchClientOptions): Client {
  const nodes = parseElasticsearchHosts(options.hosts);
  if (nodes.length === 0) {
    throw new ConfigError('no Elasticsearch host: set ELASTICSEARCH_HOSTS=host:9200[,host2:9200]');
  }
  if (options.username !== undefined && !options.password) {
    throw new ConfigError('ELASTICSEARCH_USERNAME is set but ELASTICSEARCH_PASSWORD is not: set both, or neither');
  }
  const seconds = options.timeoutSeconds ?? DEFAULT_ELASTICSEARCH_TIMEOUT_SECONDS;
  return new Client({
    nodes,
    requestTimeout: seconds * 1000,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.username && options.password
      ? { auth: { username: options.username, password: options.password } }
      : {}),
  });
}
