import { describeAwsOpenSearchEndpoint } from '../../../shared/sinks/opensearch/client';

describe('describeAwsOpenSearchEndpoint', () => {
  it('reads the region and signing service from Amazon OpenSearch hosts', () => {
    expect(describeAwsOpenSearchEndpoint('https://search-teddy-logs-prod-abc123.eu-west-1.es.amazonaws.com')).toEqual({
      region: 'eu-west-1',
      service: 'es',
    });
    expect(
      describeAwsOpenSearchEndpoint('https://vpc-teddy-logs-dev-x7.us-gov-west-1.es.amazonaws.com/_dashboards'),
    ).toEqual({ region: 'us-gov-west-1', service: 'es' });
    expect(describeAwsOpenSearchEndpoint('https://abc123.ap-southeast-2.aoss.amazonaws.com')).toEqual({
      region: 'ap-southeast-2',
      service: 'aoss',
    });
    expect(describeAwsOpenSearchEndpoint('https://search-x-1.cn-north-1.es.amazonaws.com.cn')).toEqual({
      region: 'cn-north-1',
      service: 'es',
    });
  });

  it('leaves every other host alone (a local node, a self-managed cluster, a look-alike)', () => {
    for (const url of [
      'http://127.0.0.1:9250',
      'https://opensearch.internal.example.com',
      'https://search-x.eu-west-1.es.amazonaws.com.evil.example',
      'not a url',
    ]) {
      expect(describeAwsOpenSearchEndpoint(url)).toBeUndefined();
    }
  });
});
