import { loadConfig } from '../../shared/core/config';
import { ConfigError } from '../../shared/core/errors';

describe('loadConfig', () => {
  it("uses the guide's defaults when nothing is set", () => {
    expect(loadConfig({})).toMatchObject({
      LOG_LEVEL: 'INFO',
      LOG_DIR: './logs',
      LOG_BATCH_SIZE: 100,
      CLOUDWATCH_RETENTION_DAYS: 30,
      LOG_RETENTION_DAYS: 90,
      OPENSEARCH_INDEX: 'ai-teddy-bear-logs',
      ENABLE_FILE_LOGGING: false,
    });
  });

  it('names every bad variable and what it must be', () => {
    expect(() => loadConfig({ CLOUDWATCH_RETENTION_DAYS: '31', LOG_BATCH_SIZE: 'many' })).toThrow(ConfigError);
    try {
      loadConfig({ CLOUDWATCH_RETENTION_DAYS: '31', LOG_BATCH_SIZE: 'many' });
    } catch (error) {
      expect((error as Error).message).toMatch(/CLOUDWATCH_RETENTION_DAYS: must be one of 1, 3, 5/);
      expect((error as Error).message).toMatch(/LOG_BATCH_SIZE/);
    }
  });

  it("accepts the guide's Elasticsearch variables as aliases, taking the first host", () => {
    const config = loadConfig({
      ELASTICSEARCH_HOSTS: 'elasticsearch-1:9200,elasticsearch-2:9200',
      ELASTICSEARCH_INDEX: 'x-logs',
    });
    expect(config.OPENSEARCH_URL).toBe('http://elasticsearch-1:9200');
    expect(config.OPENSEARCH_INDEX).toBe('x-logs');
  });

  it('splits log group prefixes and reads flags in their usual spellings', () => {
    const config = loadConfig({ CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/, /ecs/', ENABLE_FILE_LOGGING: 'TRUE' });
    expect(config.CLOUDWATCH_LOG_GROUP).toEqual(['/aws/ai-teddy-bear/', '/ecs/']);
    expect(config.ENABLE_FILE_LOGGING).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ LOG_LEVEL: '', OPENSEARCH_ENDPOINT: '' })).toMatchObject({ LOG_LEVEL: 'INFO' });
  });
});
