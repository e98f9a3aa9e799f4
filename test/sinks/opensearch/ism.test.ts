import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@opensearch-project/opensearch';
import { ensureIsmPolicy } from '../../../shared/sinks/opensearch/ism.js';
import { buildIsmPolicy, type IsmPolicy } from '../../../shared/sinks/opensearch/ismPolicy.js';

/**
 * The test node has no ISM plugin (its Maven Central zips start at 3.0), so this path runs against a small HTTP
 * stand-in that answers the three ISM calls the way the plugin does: it stores the policy with the fields ISM adds.
 */
interface FakeIsm {
  url: string;
  puts: Array<{ path: string; query: string; body: IsmPolicy }>;
  catPlugins: 'ism' | 'none' | 'forbidden';
  close(): Promise<void>;
}

async function startFakeIsm(): Promise<FakeIsm> {
  const stored = new Map<string, { policy: Record<string, unknown>; seqNo: number }>();
  const fake = { puts: [], catPlugins: 'ism' } as unknown as FakeIsm;
  /** GET /_cat/plugins: the ISM plugin listed, absent, or the request refused, as the test set it. */
  const catPlugins = (): [number, unknown] => {
    if (fake.catPlugins === 'forbidden') return [403, { error: 'no permissions for [cluster:monitor/state]' }];
    return [200, fake.catPlugins === 'ism' ? [{ name: 'n1', component: 'opensearch-index-management' }] : []];
  };
  /** GET /_plugins/_ism/policies/<id>: the stored policy with its sequence number, or ISM's 404. */
  const getPolicy = (id: string): [number, unknown] => {
    const entry = stored.get(id);
    if (!entry) return [404, { error: { type: 'status_exception', reason: 'Policy not found' }, status: 404 }];
    return [200, { _id: id, _version: entry.seqNo + 1, _seq_no: entry.seqNo, _primary_term: 1, policy: entry.policy }];
  };
  /** PUT /_plugins/_ism/policies/<id>: recorded, then stored as ISM stores it. */
  const putPolicy = (id: string, url: URL, raw: string): [number, unknown] => {
    const body = JSON.parse(raw) as IsmPolicy;
    fake.puts.push({ path: url.pathname, query: url.search, body });
    stored.set(id, { policy: asStoredByIsm(id, body), seqNo: (stored.get(id)?.seqNo ?? -1) + 1 });
    return [201, { _id: id }];
  };
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/_cat/plugins') return send(...catPlugins());
      if (url.pathname === '/_plugins/_ism/policies') return send(200, { policies: [], total_policies: 0 });
      const id = url.pathname.replace('/_plugins/_ism/policies/', '');
      if (request.method === 'GET') return send(...getPolicy(id));
      if (request.method === 'PUT') return send(...putPolicy(id, url, raw));
      send(400, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

/** What ISM returns for a stored policy: ids, times, schema version and default retries added. */
function asStoredByIsm(id: string, { policy }: IsmPolicy): Record<string, unknown> {
  return {
    policy_id: id,
    last_updated_time: 1700000000000,
    schema_version: 21,
    error_notification: null,
    ...policy,
    states: policy.states.map((state) => ({
      ...state,
      actions: state.actions.map((action) => ({ retry: { count: 3, backoff: 'exponential', delay: '1m' }, ...action })),
    })),
    ism_template: policy.ism_template.map((t) => ({ ...t, last_updated_time: 1700000000000 })),
  };
}

describe('installing the ISM lifecycle policy', () => {
  let fake: FakeIsm;
  let client: Client;
  const policy = (retentionDays: number) => buildIsmPolicy({ indexPrefix: 'logs', retentionDays });

  beforeEach(async () => {
    fake = await startFakeIsm();
    client = new Client({ node: fake.url });
  });
  afterEach(async () => {
    await client.close();
    await fake.close();
  });

  it('creates the policy where the cluster has ISM, then leaves it alone', async () => {
    const first = await ensureIsmPolicy(client, 'logs-lifecycle', policy(90), false);
    const second = await ensureIsmPolicy(client, 'logs-lifecycle', policy(90), false);

    expect(first.status).toBe('created');
    expect(second.status).toBe('unchanged');
    expect(fake.puts).toHaveLength(1);
    expect(fake.puts[0].body).toEqual(policy(90));
  });

  it('replaces a policy that differs, guarded by its sequence number', async () => {
    await ensureIsmPolicy(client, 'logs-lifecycle', policy(90), false);
    const report = await ensureIsmPolicy(client, 'logs-lifecycle', policy(30), false);

    expect(report.status).toBe('updated');
    expect(fake.puts[1].query).toContain('if_seq_no=0');
    expect(fake.puts[1].query).toContain('if_primary_term=1');
  });

  it('installs nothing in a dry run, and says what it would do', async () => {
    const report = await ensureIsmPolicy(client, 'logs-lifecycle', policy(90), true);

    expect(report.status).toBe('created');
    expect(fake.puts).toHaveLength(0);
  });

  it('finds ISM through its own endpoint when _cat/plugins is not allowed', async () => {
    fake.catPlugins = 'forbidden';
    const report = await ensureIsmPolicy(client, 'logs-lifecycle', policy(90), false);

    expect(report).toMatchObject({ status: 'created', detail: '_plugins/_ism/policies answers' });
  });

  it('reports that daily deletion is the enforcement when the cluster has no ISM', async () => {
    fake.catPlugins = 'none';
    const report = await ensureIsmPolicy(client, 'logs-lifecycle', policy(90), false);

    expect(report.status).toBe('unavailable');
    expect(report.detail).toMatch(/no ISM .*daily deletion is the enforcement/);
    expect(fake.puts).toHaveLength(0);
  });
});
