/**
 * Installs the ILM policy where the cluster has ILM. The integ-test distribution of Elasticsearch has no ILM module
 * (x-pack-ilm): there `_ilm` answers 405/no handler and retention's dated-index deletion is the enforcement.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { IlmPolicy } from './ilmPolicy.js';

export const IlmStatus = {
  UNAVAILABLE: 'unavailable',
  CREATED: 'created',
  UPDATED: 'updated',
  UNCHANGED: 'unchanged',
} as const;
export type IlmStatusName = (typeof IlmStatus)[keyof typeof IlmStatus];

export interface IlmReport {
  status: IlmStatusName;
  policy_name: string;
  detail: string;
  policy?: IlmPolicy['policy'];
}

/** ILM is there when `GET /_ilm/status` answers with an operation mode (RUNNING, STOPPING, STOPPED). */
export async function detectIlm(client: Client): Promise<{ available: boolean; detail: string }> {
  try {
    const response = await client.transport.request({ method: 'GET', path: '/_ilm/status' });
    const mode = (response.body as { operation_mode?: string }).operation_mode;
    if (mode) return { available: true, detail: `_ilm/status: ${mode}` };
    return { available: false, detail: '_ilm/status answered without an operation_mode' };
  } catch (error) {
    const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode;
    if (status === undefined) throw error;
    return { available: false, detail: `_ilm/status answered HTTP ${status} (no ILM module on this node)` };
  }
}

/**
 * Created when missing, replaced when it differs, left alone when every value we set is already stored (ILM adds
 * fields of its own when it stores a policy). Dry run: reports what it would do.
 */
export async function ensureIlmPolicy(
  client: Client,
  name: string,
  policy: IlmPolicy,
  dryRun: boolean,
): Promise<IlmReport> {
  const detected = await detectIlm(client);
  if (!detected.available) {
    return {
      status: IlmStatus.UNAVAILABLE,
      policy_name: name,
      detail: `no ILM (${detected.detail}): retention's daily index deletion is the enforcement`,
    };
  }
  const path = `/_ilm/policy/${encodeURIComponent(name)}`;
  const stored = await getStoredPolicy(client, path, name);
  const base = { policy_name: name, policy: policy.policy, detail: detected.detail };
  if (stored && samePolicy(stored, policy.policy)) return { ...base, status: IlmStatus.UNCHANGED };
  if (!dryRun) await client.transport.request({ method: 'PUT', path, body: policy });
  return { ...base, status: stored ? IlmStatus.UPDATED : IlmStatus.CREATED };
}

/** True when ILM is there and holds a policy of this name. */
export async function hasIlmPolicy(client: Client, name: string): Promise<boolean> {
  if (!(await detectIlm(client)).available) return false;
  return (await getStoredPolicy(client, `/_ilm/policy/${encodeURIComponent(name)}`, name)) !== undefined;
}

async function getStoredPolicy(client: Client, path: string, name: string): Promise<unknown> {
  try {
    const response = await client.transport.request({ method: 'GET', path });
    return (response.body as Record<string, { policy?: unknown }>)[name]?.policy;
  } catch (error) {
    if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * The stored policy has the same phases as the wanted one (a shorter retention removes a phase, which `contains`
 * alone would miss) and every value we set in them.
 */
export function samePolicy(stored: unknown, wanted: IlmPolicy['policy']): boolean {
  const phases = Object.keys((stored as { phases?: object } | undefined)?.phases ?? {}).sort();
  return phases.join() === Object.keys(wanted.phases).sort().join() && contains(stored, wanted);
}

/** Every value of `wanted` is in `stored`, lists of equal length; what the cluster added is ignored. */
export function contains(stored: unknown, wanted: unknown): boolean {
  if (Array.isArray(wanted)) {
    return Array.isArray(stored) && stored.length === wanted.length && wanted.every((w, i) => contains(stored[i], w));
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return false;
    const record = stored as Record<string, unknown>;
    return Object.entries(wanted).every(([key, value]) => contains(record[key], value));
  }
  return stored === wanted;
}
