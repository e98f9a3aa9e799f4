import type { Config } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import type { ElasticsearchClientOptions } from './client.js';

/**
 * The client options of the configuration: ELASTICSEARCH_HOSTS (every host; else OPENSEARCH_URL, which the
 * guide's variable also sets), ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD (aliases of the OPENSEARCH_ ones),
 * ELASTICSEARCH_TIMEOUT (seconds). A URL given on the command line wins over the hosts. ConfigError without any.
 */
export function elasticsearchClientOptionsFrom(config: Config, url?: string): ElasticsearchClientOptions {
  const hosts = url ? [url] : (config.ELASTICSEARCH_HOSTS ?? (config.OPENSEARCH_URL ? [config.OPENSEARCH_URL] : []));
  if (hosts.length === 0) {
    throw new ConfigError(
      'no Elasticsearch host: pass --elasticsearch-url http://host:9200 or set ELASTICSEARCH_HOSTS=host:9200[,host2:9200]',
    );
  }
  return {
    hosts,
    timeoutSeconds: config.ELASTICSEARCH_TIMEOUT,
    ...(config.OPENSEARCH_USERNAME !== undefined ? { username: config.OPENSEARCH_USERNAME } : {}),
    ...(config.OPENSEARCH_PASSWORD !== undefined ? { password: config.OPENSEARCH_PASSWORD } : {}),
  };
}
