import type { Client } from '@opensearch-project/opensearch';
import { ClusterFlavor, type ClusterIdentity, requireClusterFlavor } from './cluster.js';
import { ensureIlmPolicy, hasIlmPolicy, type IlmReport, IlmStatus } from './ilm.js';
import { buildIlmPolicy, nameIlmPolicy } from './ilmPolicy.js';
import { installElasticsearchTemplates } from './installTemplates.js';

export interface ElasticsearchSetupOptions {
  indexPrefix: string;
  retentionDays: number;
  archiveDays: number;
  dryRun: boolean;
  /** How the cluster is named in messages (its URL). */
  where: string;
}

export interface ElasticsearchSetupReport {
  cluster: ClusterIdentity;
  /** Installed (or, in a dry run, that would be). */
  templates: string[];
  ilm: IlmReport;
}

/**
 * `setup elasticsearch`: checks that the cluster is Elasticsearch 8.x/9.x (else a one-line ConfigError naming the
 * `--sink` to use), installs the ILM policy where ILM exists, then the index templates — with
 * `index.lifecycle.name` only when the policy is there, since a node without ILM rejects the setting.
 */
export async function setupElasticsearch(
  client: Client,
  options: ElasticsearchSetupOptions,
): Promise<ElasticsearchSetupReport> {
  const cluster = await requireClusterFlavor(client, ClusterFlavor.ELASTICSEARCH, options.where);
  const policyName = nameIlmPolicy(options.indexPrefix);
  const policy = buildIlmPolicy({
    indexPrefix: options.indexPrefix,
    retentionDays: options.retentionDays,
    archiveDays: options.archiveDays,
  });
  const ilm = await ensureIlmPolicy(client, policyName, policy, options.dryRun);
  const lifecyclePolicy = ilm.status === IlmStatus.UNAVAILABLE ? undefined : policyName;
  const templates = options.dryRun
    ? [options.indexPrefix, `${options.indexPrefix}-deadletter`]
    : await installElasticsearchTemplates(client, options.indexPrefix, { lifecyclePolicy });
  return { cluster, templates, ilm };
}

/**
 * What a writing run (`process`, `replay --sink elasticsearch`) does before its first document: checks the cluster
 * is Elasticsearch 8.x/9.x and installs the index templates — naming the lifecycle policy only when `setup
 * elasticsearch` has installed it, so a run never creates or overwrites a policy an operator may have tuned.
 */
export async function prepareElasticsearchForWriting(
  client: Client,
  options: { indexPrefix: string; where: string },
): Promise<{ cluster: ClusterIdentity; templates: string[]; lifecyclePolicy?: string }> {
  const cluster = await requireClusterFlavor(client, ClusterFlavor.ELASTICSEARCH, options.where);
  const policyName = nameIlmPolicy(options.indexPrefix);
  const lifecyclePolicy = (await hasIlmPolicy(client, policyName)) ? policyName : undefined;
  const templates = await installElasticsearchTemplates(client, options.indexPrefix, { lifecyclePolicy });
  return { cluster, templates, ...(lifecyclePolicy ? { lifecyclePolicy } : {}) };
}
