import type { Client } from '@opensearch-project/opensearch';
import type { IsmPolicy } from './ismPolicy.js';

/** The name `_cat/plugins` lists the Index State Management plugin under. */
const ISM_PLUGIN = 'opensearch-index-management';

export const IsmStatus = {
  /** No ISM on the cluster: the daily deletion by index name is the enforcement. */
  UNAVAILABLE: 'unavailable',
  CREATED: 'created',
  UPDATED: 'updated',
  UNCHANGED: 'unchanged',
} as const;
export type IsmStatusName = (typeof IsmStatus)[keyof typeof IsmStatus];

export interface IsmReport {
  status: IsmStatusName;
  policy_id: string;
  /** How the plugin was detected, or why not. */
  detail: string;
  /** The policy as installed (or as it would be, in a dry run); absent without ISM. */
  policy?: IsmPolicy['policy'];
}

/**
 * True when the cluster runs Index State Management: `_cat/plugins` lists it, or (where `_cat/plugins` is not
 * allowed, as with some fine-grained access setups) `_plugins/_ism/policies` answers.
 */
export async function detectIsm(client: Client): Promise<{ available: boolean; detail: string }> {
  try {
    const response = await client.cat.plugins({ format: 'json' });
    const plugins = (response.body as Array<{ component?: string }>).map((row) => row.component);
    if (plugins.includes(ISM_PLUGIN)) return { available: true, detail: `_cat/plugins lists ${ISM_PLUGIN}` };
    return { available: false, detail: `_cat/plugins does not list ${ISM_PLUGIN}` };
  } catch {
    try {
      await client.transport.request({ method: 'GET', path: '/_plugins/_ism/policies', querystring: { size: 1 } });
      return { available: true, detail: '_plugins/_ism/policies answers' };
    } catch (error) {
      return {
        available: false,
        detail: `neither _cat/plugins nor _plugins/_ism answers (${(error as Error).message})`,
      };
    }
  }
}

/**
 * Installs the lifecycle policy when the cluster has ISM, idempotently: created when missing, replaced (with the
 * stored sequence number, so a concurrent edit is not overwritten blindly) when it differs, left alone when equal.
 * Its ism_template attaches it to every new daily index.
 */
export async function ensureIsmPolicy(
  client: Client,
  policyId: string,
  policy: IsmPolicy,
  dryRun: boolean,
): Promise<IsmReport> {
  const detected = await detectIsm(client);
  if (!detected.available) {
    return {
      status: IsmStatus.UNAVAILABLE,
      policy_id: policyId,
      detail: `no ISM (${detected.detail}): daily deletion is the enforcement`,
    };
  }
  const existing = await getPolicy(client, policyId);
  const base = { policy_id: policyId, policy: policy.policy };
  if (existing && samePolicy(existing.policy, policy.policy)) {
    return { ...base, status: IsmStatus.UNCHANGED, detail: detected.detail };
  }
  if (!dryRun) {
    await client.transport.request({
      method: 'PUT',
      path: `/_plugins/_ism/policies/${encodeURIComponent(policyId)}`,
      querystring: existing ? { if_seq_no: existing.seqNo, if_primary_term: existing.primaryTerm } : {},
      body: policy,
    });
  }
  return { ...base, status: existing ? IsmStatus.UPDATED : IsmStatus.CREATED, detail: detected.detail };
}

interface StoredPolicy {
  policy: Record<string, unknown>;
  seqNo: number;
  primaryTerm: number;
}

async function getPolicy(client: Client, policyId: string): Promise<StoredPolicy | undefined> {
  try {
    const response = await client.transport.request({
      method: 'GET',
      path: `/_plugins/_ism/policies/${encodeURIComponent(policyId)}`,
    });
    const body = response.body as { policy: Record<string, unknown>; _seq_no: number; _primary_term: number };
    return { policy: body.policy, seqNo: body._seq_no, primaryTerm: body._primary_term };
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * True when the stored policy has everything we set: ISM adds fields when it stores a policy (policy_id, times,
 * schema_version, default retries, rollover's copy_alias), so every value we set must be there and equal, and
 * every list must have the same length; what ISM added is ignored.
 */
export function samePolicy(stored: Record<string, unknown>, wanted: IsmPolicy['policy']): boolean {
  const templates = stored.ism_template;
  const normalised = { ...stored, ism_template: Array.isArray(templates) ? templates : templates ? [templates] : [] };
  return contains(normalised, wanted);
}

function contains(stored: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return (
      Array.isArray(stored) && stored.length === wanted.length && wanted.every((item, i) => contains(stored[i], item))
    );
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return false;
    const record = stored as Record<string, unknown>;
    return Object.entries(wanted).every(([key, value]) => contains(record[key], value));
  }
  return stored === wanted;
}
