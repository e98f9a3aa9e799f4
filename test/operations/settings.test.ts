import { ConfigError } from '../../shared/core/errors.js';
import { assertCloudWatchRetentionDays } from '../../shared/operations/retention/index.js';
import { loadOperationsSettings } from '../../shared/operations/settings.js';

describe('operations settings', () => {
  it('refuses a CLOUDWATCH_RETENTION_DAYS that CloudWatch Logs does not accept, naming the variable', () => {
    expect(() => loadOperationsSettings({ CLOUDWATCH_RETENTION_DAYS: '45' })).toThrow(ConfigError);
    expect(() => loadOperationsSettings({ CLOUDWATCH_RETENTION_DAYS: '45' })).toThrow(/CLOUDWATCH_RETENTION_DAYS/);
    expect(() => assertCloudWatchRetentionDays(45)).toThrow(/45 is not a value CloudWatch Logs accepts/);
    expect(() => assertCloudWatchRetentionDays(30)).not.toThrow();
  });

  it('looks after CLOUDWATCH_LOG_GROUP and the extra prefixes, and the pipeline’s own groups', () => {
    const settings = loadOperationsSettings({
      CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/production',
      CLOUDWATCH_LOG_GROUP_PREFIXES: '/aws/ai-teddy-bear/production, /ecs/teddy-',
      SHIP_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:1:function:ship',
    });

    expect(settings.logGroupPrefixes).toEqual(['/aws/ai-teddy-bear/production', '/ecs/teddy-']);
    expect(settings.pipelineLogGroupPrefixes).toEqual(['/aws/lambda/teddy-logs-']);
    expect(settings.destinationArn).toBe('arn:aws:lambda:us-east-1:1:function:ship');
  });

  it('signs requests to an Amazon OpenSearch Service endpoint even when OPENSEARCH_AUTH is left at none', () => {
    const managed = loadOperationsSettings({ OPENSEARCH_URL: 'https://search-x.us-east-1.es.amazonaws.com' });
    const local = loadOperationsSettings({ OPENSEARCH_URL: 'http://127.0.0.1:9200' });

    expect(managed.openSearch).toMatchObject({ auth: 'sigv4', service: 'es', region: 'us-east-1' });
    expect(local.openSearch).toMatchObject({ auth: 'none' });
    expect(loadOperationsSettings({}).openSearch).toBeUndefined();
  });
});
