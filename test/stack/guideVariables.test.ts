import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSettings } from '../../shared/core/configSchema.js';

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

  it('reads the address under its name and its aliases, OPENSEARCH_URL first', () => {
    for (const name of ['OPENSEARCH_URL', 'OPENSEARCH_ENDPOINT', 'ELASTICSEARCH_HOSTS']) {
      expect(findProblems({ [name]: 'http://localhost:9200' }, 'dev')).toEqual([
        expect.stringMatching(new RegExp(`^${name}=http://localhost:9200 is set`)),
      ]);
    }
  });

  it('wants an https OPENSEARCH_URL beside OPENSEARCH_DOMAIN_ARN', () => {
    const arn = 'arn:aws:es:eu-west-1:1:domain/x';
    expect(findProblems({ OPENSEARCH_URL: 'http://x:9200', OPENSEARCH_DOMAIN_ARN: arn }, 'dev')).toEqual([
      expect.stringContaining('set OPENSEARCH_URL to the https:// endpoint'),
    ]);
    expect(findProblems({ ELASTICSEARCH_HOSTS: 'es-1:9200', OPENSEARCH_DOMAIN_ARN: arn }, 'dev')).toHaveLength(1);
    expect(
      findProblems(
        { OPENSEARCH_URL: 'https://search-x-1.eu-west-1.es.amazonaws.com', OPENSEARCH_DOMAIN_ARN: arn },
        'dev',
      ),
    ).toEqual([]);
  });

  it('refuses a list or a prefix in CLOUDWATCH_LOG_GROUP: the stack creates one group from it', () => {
    for (const value of ['/aws/ai-teddy-bear/', '/aws/a,/aws/b']) {
      expect(findProblems({ CLOUDWATCH_LOG_GROUP: value }, 'dev')).toEqual([
        expect.stringContaining('is a list or a prefix'),
      ]);
    }
  });
});

describe('serverless.yml and the configuration schema', () => {
  it('reads every setting that names a stack parameter from its variable, so the variable sets the stack', () => {
    const yml = readFileSync(join(__dirname, '../../serverless.yml'), 'utf8');
    const withParameter = listSettings().filter((setting) => setting.stackParameter);
    expect(withParameter.length).toBeGreaterThanOrEqual(10);
    for (const { name, stackParameter } of withParameter) {
      const line = new RegExp(`^ {4}${stackParameter}: (.*)$`, 'm').exec(yml)?.[1] ?? '';
      expect([stackParameter, line.startsWith(`\${env:${name},`)]).toEqual([stackParameter, true]);
    }
  });
});
