/**
 * The doctor's checks of the OpenSearch domain: reachable (cluster health), the document contract installed (the
 * index template of `setup opensearch`), and the pipeline's IAM roles mapped by fine-grained access control, without
 * which Firehose, retention and erase are refused (403) although IAM lets them in.
 */
import type { Client } from '@opensearch-project/opensearch';
import { describeError } from '../../core/errors.js';
import { type DoctorCheck, missingPiece, readyPiece } from './check.js';
import type { AccountScopedNames, Deployment } from './deployment.js';

/** The security plugin's REST path for role mappings (OpenSearch 1.x+, Amazon OpenSearch Service). */
export const ROLES_MAPPING_PATH = '/_plugins/_security/api/rolesmapping';

type RoleMappings = Record<string, { backend_roles?: string[]; users?: string[] }>;

/** Every OpenSearch check; `client` absent means the endpoint is unknown. */
export async function checkOpenSearch(
  client: Client | undefined,
  endpoint: string | undefined,
  deployment: Deployment,
  names?: AccountScopedNames,
): Promise<DoctorCheck[]> {
  if (!client || !endpoint) {
    return [
      missingPiece(
        'OpenSearch endpoint',
        'unknown',
        `export OPENSEARCH_URL=$(aws cloudformation describe-stacks --region ${deployment.region} ` +
          `--stack-name teddy-logs-${deployment.stage} --query "Stacks[0].Outputs[?OutputKey=='OpenSearchEndpoint'].OutputValue" --output text)`,
      ),
    ];
  }
  const piece = `OpenSearch domain ${endpoint}`;
  let status: string;
  try {
    const health = await client.cluster.health({});
    status = String((health.body as { status?: string }).status);
  } catch (error) {
    return [
      missingPiece(
        piece,
        `not reachable: ${describeError(error)}`,
        'check the endpoint and your credentials (SigV4 as a mapped IAM role, or OPENSEARCH_AUTH=basic with an internal user); DEPLOY.md step 6',
      ),
    ];
  }
  const reachable =
    status === 'red'
      ? missingPiece(piece, 'cluster status red: some primary shards are unassigned', 'RUNBOOK.md, "OpenSearch red"')
      : readyPiece(piece, `reachable, cluster status ${status}`);
  return [reachable, await checkIndexTemplate(client, endpoint, deployment), await checkRoleMapping(client, names)];
}

async function checkIndexTemplate(client: Client, endpoint: string, deployment: Deployment): Promise<DoctorCheck> {
  const piece = `index template ${deployment.indexPrefix}`;
  const fix = `OPENSEARCH_URL=${endpoint} OPENSEARCH_INDEX=${deployment.indexPrefix} teddy-logs setup opensearch`;
  try {
    const { body } = await client.indices.existsIndexTemplate({ name: deployment.indexPrefix });
    return body ? readyPiece(piece, 'installed') : missingPiece(piece, 'missing', fix);
  } catch (error) {
    return missingPiece(piece, `cannot read: ${describeError(error)}`, fix);
  }
}

/**
 * The Firehose, retention and erase roles each appear as a backend role of some OpenSearch role. A cluster without the
 * security plugin (a local node) has no access control: nothing to map.
 */
async function checkRoleMapping(client: Client, names?: AccountScopedNames): Promise<DoctorCheck> {
  const piece = 'role mapping of the pipeline roles';
  let mappings: RoleMappings;
  try {
    const { body } = await client.transport.request({ method: 'GET', path: ROLES_MAPPING_PATH });
    mappings = body as RoleMappings;
  } catch (error) {
    const statusCode = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
    // Without the security plugin the path has no handler: 400 "no handler found for uri" (404 on some versions).
    if (statusCode === 400 || statusCode === 404) return readyPiece(piece, 'no security plugin: nothing to map');
    return missingPiece(
      piece,
      `cannot read the role mappings: ${describeError(error)}`,
      'run doctor as the master user (OPENSEARCH_AUTH=basic) or as OpenSearchAdminRole once it is mapped; DEPLOY.md step 6',
    );
  }
  if (!names) return missingPiece(piece, 'account id unknown: cannot name the roles', 'pass --account-id');
  const mapped = new Set(Object.values(mappings).flatMap((mapping) => mapping.backend_roles ?? []));
  const unmapped = Object.entries(names.roleArns).filter(([, arn]) => !mapped.has(arn));
  if (!unmapped.length) return readyPiece(piece, 'firehose, retention and erase roles mapped');
  return missingPiece(
    piece,
    `not mapped: ${unmapped.map(([kind, arn]) => `${kind} ${arn}`).join(', ')}`,
    'map them as DEPLOY.md step 6 shows (PUT _plugins/_security/api/rolesmapping/...)',
  );
}
