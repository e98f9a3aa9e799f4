/** Where OpenSearch clients are constructed: no auth (a local node), basic auth (self-managed), SigV4 (Amazon). */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../../core/awsClients.js';

export const OpenSearchAuth = { NONE: 'none', BASIC: 'basic', SIGV4: 'sigv4' } as const;
export type OpenSearchAuthName = (typeof OpenSearchAuth)[keyof typeof OpenSearchAuth];

export interface OpenSearchClientOptions {
  url: string;
  /** `none` (local node), `basic` (self-managed with the security plugin), `sigv4` (Amazon OpenSearch Service). */
  auth?: OpenSearchAuthName;
  username?: string;
  password?: string;
  /** Region of the Amazon OpenSearch Service domain (sigv4). */
  region?: string;
  /** `es` for a managed domain, `aoss` for OpenSearch Serverless (sigv4). */
  service?: 'es' | 'aoss';
  requestTimeoutMs?: number;
  /** The client's own retries of a request that failed to connect or answered 502/503/504 (its default is 3). */
  maxRetries?: number;
}

// An Amazon OpenSearch Service domain (public or VPC) or OpenSearch Serverless collection endpoint: the region and
// the signing service are in the host name (search-<domain>-<id>.<region>.es.amazonaws.com).
const AWS_OPENSEARCH_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d)\.(es|aoss)\.amazonaws\.com(?:\.cn)?$/;

/** The region and signing service of an Amazon OpenSearch endpoint or Dashboards URL; undefined for any other host. */
export function describeAwsOpenSearchEndpoint(url: string): { region: string; service: 'es' | 'aoss' } | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const match = AWS_OPENSEARCH_HOST.exec(host);
  return match ? { region: match[1] as string, service: match[2] as 'es' | 'aoss' } : undefined;
}

/**
 * The auth mode chosen, or, when none is, basic auth if a user and password are given (the guide's
 * ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD alone must reach a secured cluster), else none.
 */
function chooseAuth(options: OpenSearchClientOptions): OpenSearchAuthName {
  if (options.auth && options.auth !== OpenSearchAuth.NONE) return options.auth;
  return options.username && options.password ? OpenSearchAuth.BASIC : OpenSearchAuth.NONE;
}

/**
 * An OpenSearch client. Basic auth needs a username and password; SigV4 signs with the credentials of the default
 * AWS provider chain (the Lambda role, or the profile / environment on a laptop). An Amazon OpenSearch endpoint is
 * signed (unless basic auth with an internal user is chosen), in the region its host names: an unsigned request there
 * can only be refused.
 */
export function createOpenSearchClient(options: OpenSearchClientOptions): Client {
  const aws = describeAwsOpenSearchEndpoint(options.url);
  // The host's region wins over AWS_REGION: a domain in another region refuses a signature for this one.
  if (aws && (options.auth ?? OpenSearchAuth.NONE) !== OpenSearchAuth.BASIC) {
    options = { ...options, auth: OpenSearchAuth.SIGV4, region: aws.region, service: aws.service };
  }
  const auth = chooseAuth(options);
  const common = {
    node: options.url,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS * 3,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
  if (auth === OpenSearchAuth.BASIC) {
    if (!options.username || !options.password) {
      throw new Error('OpenSearch basic auth needs a username and a password');
    }
    return new Client({ ...common, auth: { username: options.username, password: options.password } });
  }
  if (auth === OpenSearchAuth.SIGV4) {
    if (!options.region) throw new Error('OpenSearch SigV4 signing needs the region of the domain');
    const credentials = fromNodeProviderChain();
    return new Client({
      ...common,
      ...AwsSigv4Signer({
        region: options.region,
        service: options.service ?? 'es',
        getCredentials: () => credentials(),
      }),
    });
  }
  return new Client(common);
}
