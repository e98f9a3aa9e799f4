// The guard serverless.yml runs on the deploy environment (resources/guideVariables.cjs); the packaging itself is in
// template.test.ts ("the guide's environment variables").
const { findProblems } = require('../../resources/guideVariables.cjs') as {
  findProblems: (env: Record<string, string>, stage: string) => string[];
};

describe('the guide variables guard', () => {
  it('accepts the variables the stack reads, and none', () => {
    expect(findProblems({}, 'dev')).toEqual([]);
    expect(findProblems({ LOG_RETENTION_DAYS: '60', CLOUDWATCH_LOG_GROUP: '/aws/ai-teddy-bear/prod' }, 'prod')).toEqual(
      [],
    );
  });

  it("accepts OPENSEARCH_ENDPOINT when it is this stage's own domain, exported for the CLI after the first deploy", () => {
    const own = 'https://search-teddy-logs-prod-a1b2c3d4e5.eu-west-1.es.amazonaws.com';
    expect(findProblems({ OPENSEARCH_ENDPOINT: own }, 'prod')).toEqual([]);
    expect(findProblems({ OPENSEARCH_ENDPOINT: own }, 'dev')).toHaveLength(1);
  });

  it('refuses an endpoint the created domain would silently replace, and names both ways out', () => {
    const [problem] = findProblems({ OPENSEARCH_ENDPOINT: 'http://localhost:9200' }, 'dev');
    expect(problem).toMatch(/would ignore it: unset it for the deploy, or set OPENSEARCH_DOMAIN_ARN too/);
  });

  it('wants an https endpoint beside OPENSEARCH_DOMAIN_ARN', () => {
    const env = { OPENSEARCH_ENDPOINT: 'http://x:9200', OPENSEARCH_DOMAIN_ARN: 'arn:aws:es:eu-west-1:1:domain/x' };
    expect(findProblems(env, 'dev')).toEqual([expect.stringContaining('must be the https:// endpoint')]);
  });

  it('refuses a list or a prefix in CLOUDWATCH_LOG_GROUP: the stack creates one group from it', () => {
    for (const value of ['/aws/ai-teddy-bear/', '/aws/a,/aws/b']) {
      expect(findProblems({ CLOUDWATCH_LOG_GROUP: value }, 'dev')).toEqual([
        expect.stringContaining('is a list or a prefix'),
      ]);
    }
  });
});
