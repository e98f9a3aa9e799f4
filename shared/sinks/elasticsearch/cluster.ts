/**
 * Which search engine a cluster is, from its own answers, so `setup` and the sinks use the mapping types and the
 * lifecycle API it has — or refuse in one line that names the `--sink` to use.
 */
import type { Client } from '@opensearch-project/opensearch';
import { ConfigError } from '../../core/errors.js';

export const ClusterFlavor = { OPENSEARCH: 'opensearch', ELASTICSEARCH: 'elasticsearch' } as const;
export type ClusterFlavorName = (typeof ClusterFlavor)[keyof typeof ClusterFlavor];

export interface ClusterIdentity {
  flavor: ClusterFlavorName;
  /** `8.19.0`, `2.19.3`; empty when the cluster would not say. */
  version: string;
  major: number;
  /** What the detection read, for reports and error messages. */
  evidence: string;
}

/** The versions this project is tested against (scripts/services.sh runs them). */
export const SUPPORTED_MAJORS: Readonly<Record<ClusterFlavorName, readonly number[]>> = {
  [ClusterFlavor.OPENSEARCH]: [2, 3],
  [ClusterFlavor.ELASTICSEARCH]: [8, 9],
};

/** Elasticsearch (7.14 on) names itself in this header on every answer, errors included. */
const ELASTIC_PRODUCT_HEADER = 'x-elastic-product';
/** The tagline of Elasticsearch's `GET /` since 0.x; OpenSearch's says "The OpenSearch Project". */
const ELASTICSEARCH_TAGLINE = 'You Know, for Search';

interface RootAnswer {
  version?: { number?: string; distribution?: string };
  tagline?: string;
}

/**
 * Identifies the cluster. `GET /` first: OpenSearch sets `version.distribution: "opensearch"`, Elasticsearch has no
 * distribution and the "You Know, for Search" tagline, and answers with the `X-elastic-product: Elasticsearch`
 * header. A node without `GET /` (Elasticsearch's integ-test distribution has no rest-root module) still sends that
 * header; its version then comes from `GET /_nodes/_local`. Throws a ConfigError when neither is recognisable.
 */
export async function detectCluster(client: Client): Promise<ClusterIdentity> {
  const { root, headers, problem } = await readRoot(client);
  const distribution = root?.version?.distribution;
  if (distribution === ClusterFlavor.OPENSEARCH) {
    return identity(ClusterFlavor.OPENSEARCH, root?.version?.number ?? '', 'GET / version.distribution=opensearch');
  }
  const byTagline = root?.tagline === ELASTICSEARCH_TAGLINE;
  if (byTagline || String(headers[ELASTIC_PRODUCT_HEADER] ?? '') === 'Elasticsearch') {
    const evidence = byTagline ? 'GET / tagline' : `${problem}, X-elastic-product`;
    const version = root?.version?.number ?? (await localNodeVersion(client));
    return identity(ClusterFlavor.ELASTICSEARCH, version, `${evidence}: Elasticsearch`);
  }
  const seen = problem || `GET / distribution=${distribution ?? 'none'}, tagline=${root?.tagline ?? 'none'}`;
  throw new ConfigError(`the cluster is neither OpenSearch nor Elasticsearch as far as its answers show (${seen})`);
}

interface RootReading {
  root?: RootAnswer;
  headers: Record<string, unknown>;
  /** Set when GET / answered with an error status. */
  problem: string;
}

/** `GET /`'s body and headers, or the headers of its error answer. No answer, or 401/403, is a ConfigError. */
async function readRoot(client: Client): Promise<RootReading> {
  try {
    const response = await client.transport.request({ method: 'GET', path: '/' });
    return {
      root: response.body as RootAnswer,
      headers: (response.headers ?? {}) as Record<string, unknown>,
      problem: '',
    };
  } catch (error) {
    const meta = (error as { meta?: { statusCode?: number; headers?: Record<string, unknown> } }).meta;
    if (!meta?.statusCode) {
      throw new ConfigError(`the cluster did not answer GET /: ${(error as Error).message}`, error);
    }
    // A secured Elasticsearch answers 401 without naming itself; the credentials are what is wrong, not the engine.
    if (meta.statusCode === 401 || meta.statusCode === 403) {
      throw new ConfigError(
        `the cluster refused the request (HTTP ${meta.statusCode}): check the credentials ` +
          '(ELASTICSEARCH_USERNAME / ELASTICSEARCH_PASSWORD, or OPENSEARCH_USERNAME / OPENSEARCH_PASSWORD)',
      );
    }
    return { headers: meta.headers ?? {}, problem: `GET / answered HTTP ${meta.statusCode}` };
  }
}

async function localNodeVersion(client: Client): Promise<string> {
  const response = await client.transport.request({
    method: 'GET',
    path: '/_nodes/_local',
    querystring: { filter_path: 'nodes.*.version' },
  });
  const nodes = (response.body as { nodes?: Record<string, { version?: string }> }).nodes ?? {};
  return Object.values(nodes)[0]?.version ?? '';
}

function identity(flavor: ClusterFlavorName, version: string, evidence: string): ClusterIdentity {
  return { flavor, version, major: Number.parseInt(version, 10) || 0, evidence };
}

/** The CLI's name of the sink that writes to a cluster of this flavor. */
export function sinkFor(flavor: ClusterFlavorName): string {
  return flavor === ClusterFlavor.OPENSEARCH ? '--sink opensearch' : '--sink elasticsearch';
}

/**
 * The cluster's identity when it is `wanted` and of a supported major version; else a ConfigError in one line that
 * says what the cluster is and which `--sink` writes to it.
 */
export async function requireClusterFlavor(
  client: Client,
  wanted: ClusterFlavorName,
  where: string,
): Promise<ClusterIdentity> {
  const cluster = await detectCluster(client);
  const name = cluster.flavor === ClusterFlavor.OPENSEARCH ? 'OpenSearch' : 'Elasticsearch';
  if (cluster.flavor !== wanted) {
    throw new ConfigError(`${where} is ${name} ${cluster.version}, not ${wanted}: use ${sinkFor(cluster.flavor)}`);
  }
  const supported = SUPPORTED_MAJORS[wanted];
  if (!supported.includes(cluster.major)) {
    throw new ConfigError(
      `${where} is ${name} ${cluster.version || '(version unknown)'}; ${sinkFor(wanted)} supports ${name} ${supported.map((m) => `${m}.x`).join(' and ')}`,
    );
  }
  return cluster;
}

/**
 * For a caller whose first request already failed (the OpenSearch path's template install, say): the one-line
 * refusal when the cluster is of the other flavor, else undefined. Never throws — it only explains a failure.
 */
export async function explainWrongCluster(
  client: Client,
  wanted: ClusterFlavorName,
  where: string,
): Promise<string | undefined> {
  try {
    await requireClusterFlavor(client, wanted, where);
    return undefined;
  } catch (error) {
    const message = (error as Error).message ?? '';
    return message.includes(': use --sink ') ? message : undefined;
  }
}
