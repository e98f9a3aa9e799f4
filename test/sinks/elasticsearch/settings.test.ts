import { loadConfig } from '../../../shared/core/config.js';
import { elasticsearchClientOptionsFrom } from '../../../shared/sinks/elasticsearch/index.js';

describe('the guide’s Elasticsearch variables', () => {
  it('are honoured: every host, the user and password, the index prefix and the timeout', () => {
    const config = loadConfig({
      ELASTICSEARCH_HOSTS: 'elasticsearch-1:9200,elasticsearch-2:9200',
      ELASTICSEARCH_USERNAME: 'elastic',
      ELASTICSEARCH_PASSWORD: 'your_password',
      ELASTICSEARCH_INDEX: 'ai-teddy-bear-logs',
      ELASTICSEARCH_TIMEOUT: '45',
    });
    expect(elasticsearchClientOptionsFrom(config)).toEqual({
      hosts: ['elasticsearch-1:9200', 'elasticsearch-2:9200'],
      username: 'elastic',
      password: 'your_password',
      timeoutSeconds: 45,
    });
    expect(config.OPENSEARCH_INDEX).toBe('ai-teddy-bear-logs');
    // The OpenSearch path still reads the first host, as before.
    expect(config.OPENSEARCH_URL).toBe('http://elasticsearch-1:9200');
  });

  it('default to a 30-second timeout, take a URL from the command line first, and say when there is no host', () => {
    expect(elasticsearchClientOptionsFrom(loadConfig({}), 'http://127.0.0.1:9260')).toEqual({
      hosts: ['http://127.0.0.1:9260'],
      timeoutSeconds: 30,
    });
    expect(() => elasticsearchClientOptionsFrom(loadConfig({}))).toThrow(
      /no Elasticsearch host: .*ELASTICSEARCH_HOSTS/,
    );
    expect(() => loadConfig({ ELASTICSEARCH_TIMEOUT: '0' })).toThrow(/ELASTICSEARCH_TIMEOUT/);
  });
});
