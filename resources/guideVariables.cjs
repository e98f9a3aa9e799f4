// The guide's environment variables that the stack reads (serverless.yml params: `${env:NAME, default}`) are used as
// they are; this catches the ones that are set but would be ignored or misread, and fails the packaging with the fix
// instead of deploying something other than what the operator asked for.
// Loaded by serverless.yml as `${file(resources/guideVariables.cjs):check}`.
'use strict';

/** True when `endpoint` is the domain this stack creates for `stage` (search-/vpc-teddy-logs-<stage>-<id>.<region>.es...). */
function isOwnDomain(endpoint, stage) {
  try {
    return new RegExp(`^(search|vpc)-teddy-logs-${stage}-[a-z0-9]+\\.`).test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** The problems with the deploy environment, one sentence each (empty: none). */
function findProblems(env, stage) {
  const problems = [];
  const group = env.CLOUDWATCH_LOG_GROUP;
  if (group && (group.includes(',') || group.endsWith('/'))) {
    problems.push(
      `CLOUDWATCH_LOG_GROUP=${group} is a list or a prefix, but the stack creates ONE application log group from it: ` +
        'set one group name (e.g. /aws/ai-teddy-bear/prod) and put more groups in --param=extraLogGroups=...',
    );
  }
  // The OpenSearch address under its name and its aliases (shared/core/configSchema.ts, OPENSEARCH_URL); the stack
  // reads OPENSEARCH_URL and OPENSEARCH_ENDPOINT, never the guide's host list ELASTICSEARCH_HOSTS.
  const name = ['OPENSEARCH_URL', 'OPENSEARCH_ENDPOINT', 'ELASTICSEARCH_HOSTS'].find((n) => env[n]);
  const address = name && env[name];
  // The stack's own domain (exported for the CLI after the first deploy, DEPLOY.md step 5) is what it uses anyway.
  if (address && !env.OPENSEARCH_DOMAIN_ARN && !isOwnDomain(address, stage)) {
    problems.push(
      `${name}=${address} is set, but the stack creates its own domain and would ignore it: ` +
        'unset it for the deploy, or set OPENSEARCH_DOMAIN_ARN too to deliver to that existing domain',
    );
  }
  if (address && env.OPENSEARCH_DOMAIN_ARN && (name === 'ELASTICSEARCH_HOSTS' || !/^https:\/\//.test(address))) {
    problems.push(`${name}=${address}: set OPENSEARCH_URL to the https:// endpoint of the domain`);
  }
  return problems;
}

module.exports.check = async ({ resolveVariable }) => {
  const problems = findProblems(process.env, await resolveVariable('sls:stage'));
  if (problems.length) throw new Error(`teddy-logs: ${problems.join('; ')}`);
  return 'ok';
};

module.exports.findProblems = findProblems;
