import type { Client } from '@opensearch-project/opensearch';
import defaultPolicy from '../../../elasticsearch/ilm-policy.json';
import {
  buildIlmPolicy,
  createElasticsearchClient,
  ensureIlmPolicy,
  IlmStatus,
  nameIlmPolicy,
  prepareElasticsearchForWriting,
  setupElasticsearch,
} from '../../../shared/sinks/elasticsearch/index.js';
import { ELASTICSEARCH_URL, requireElasticsearch } from '../../support/services.js';
import {
  type ElasticsearchStandIn,
  lifecyclePolicyProblem,
  startElasticsearchStandIn,
} from './elasticsearchStandIn.js';

describe('buildIlmPolicy', () => {
  it('renders the guide’s defaults (90 days, archive at 30) as elasticsearch/ilm-policy.json holds them', () => {
    expect(buildIlmPolicy({ indexPrefix: 'ai-teddy-bear-logs', retentionDays: 90, archiveDays: 30 })).toEqual(
      defaultPolicy,
    );
  });

  it('goes hot, warm at 7 days, cold at LOG_ARCHIVE_DAYS and deletes at LOG_RETENTION_DAYS', () => {
    const { phases } = buildIlmPolicy({ indexPrefix: 'p', retentionDays: 365, archiveDays: 60 }).policy;
    expect(Object.entries(phases).map(([name, phase]) => [name, phase.min_age])).toEqual([
      ['hot', '0ms'],
      ['warm', '7d'],
      ['cold', '60d'],
      ['delete', '365d'],
    ]);
    expect(phases.delete?.actions).toEqual({ delete: {} });
    expect(phases.warm?.actions.allocate).toEqual({ number_of_replicas: 0 });
  });

  it.each([
    [14, 30, ['hot', 'warm', 'delete']],
    [5, 30, ['hot', 'delete']],
    [90, 3, ['hot', 'cold', 'delete']],
    [1, 1, ['hot', 'delete']],
  ])('with retention %i and archive %i days keeps only reachable phases in order: %j', (retention, archive, names) => {
    const policy = buildIlmPolicy({ indexPrefix: 'p', retentionDays: retention, archiveDays: archive });
    expect(Object.keys(policy.policy.phases)).toEqual(names);
    expect(lifecyclePolicyProblem(policy)).toBeUndefined();
  });

  it('the guide’s own JSON would be refused or keep indices forever: the checks of the stand-in are real', () => {
    expect(
      lifecyclePolicyProblem({ policy: { phases: { warm: { min_age: '30d' }, cold: { min_age: '7d' } } } }),
    ).toMatch(/less than the \[min_age\] of previous phases/);
    expect(lifecyclePolicyProblem({ policy: { phases: { delete: { actions: { allocate: {} } } } } })).toMatch(
      /invalid action \[allocate\] defined in phase \[delete\]/,
    );
  });
});

describe('ensureIlmPolicy and setup on a cluster with ILM (stand-in: the integ-test node has no ILM module)', () => {
  let standIn: ElasticsearchStandIn;
  let client: Client;

  beforeEach(async () => {
    standIn = await startElasticsearchStandIn({ ilm: true });
    client = createElasticsearchClient({ hosts: [standIn.url], maxRetries: 0 });
  });
  afterEach(async () => {
    await client.close();
    await standIn.close();
  });

  it('creates the policy, then finds it unchanged, then updates it when the retention changes', async () => {
    const policy = buildIlmPolicy({ indexPrefix: 'p', retentionDays: 90, archiveDays: 30 });
    expect((await ensureIlmPolicy(client, 'p-lifecycle', policy, false)).status).toBe(IlmStatus.CREATED);
    expect(standIn.policies.get('p-lifecycle')).toEqual(policy.policy);
    expect((await ensureIlmPolicy(client, 'p-lifecycle', policy, false)).status).toBe(IlmStatus.UNCHANGED);

    const shorter = buildIlmPolicy({ indexPrefix: 'p', retentionDays: 14, archiveDays: 30 });
    expect((await ensureIlmPolicy(client, 'p-lifecycle', shorter, false)).status).toBe(IlmStatus.UPDATED);
    expect(Object.keys((standIn.policies.get('p-lifecycle') as { phases: object }).phases)).toEqual([
      'hot',
      'warm',
      'delete',
    ]);
  });

  it('a dry run reports without writing', async () => {
    const policy = buildIlmPolicy({ indexPrefix: 'p', retentionDays: 90, archiveDays: 30 });
    expect((await ensureIlmPolicy(client, 'p-lifecycle', policy, true)).status).toBe(IlmStatus.CREATED);
    expect(standIn.policies.size).toBe(0);
  });

  it('setup installs the policy and puts new daily indices under it through the template', async () => {
    const report = await setupElasticsearch(client, {
      indexPrefix: 'teddy',
      retentionDays: 90,
      archiveDays: 30,
      dryRun: false,
      where: standIn.url,
    });
    expect(report.cluster).toMatchObject({ flavor: 'elasticsearch', major: 8 });
    expect(report.ilm.status).toBe(IlmStatus.CREATED);
    const template = standIn.templates.get('teddy') as { template: { settings: Record<string, unknown> } };
    expect(template.template.settings['index.lifecycle.name']).toBe(nameIlmPolicy('teddy'));
    const deadLetters = standIn.templates.get('teddy-deadletter') as {
      template: { settings: Record<string, unknown> };
    };
    expect(deadLetters.template.settings['index.lifecycle.name']).toBeUndefined();
  });
});

describe('prepareElasticsearchForWriting (what process and replay do first), stand-in with ILM', () => {
  it('names the lifecycle policy in the template only once setup has installed it, and never writes a policy', async () => {
    const standIn = await startElasticsearchStandIn({ ilm: true });
    const client = createElasticsearchClient({ hosts: [standIn.url], maxRetries: 0 });
    const settingsOfTemplate = () =>
      (standIn.templates.get('teddy') as { template: { settings: Record<string, unknown> } }).template.settings;
    try {
      const before = await prepareElasticsearchForWriting(client, { indexPrefix: 'teddy', where: 'stand-in' });
      expect(before.lifecyclePolicy).toBeUndefined();
      expect(settingsOfTemplate()['index.lifecycle.name']).toBeUndefined();
      expect(standIn.policies.size).toBe(0);

      await setupElasticsearch(client, {
        indexPrefix: 'teddy',
        retentionDays: 90,
        archiveDays: 30,
        dryRun: false,
        where: 'stand-in',
      });
      const after = await prepareElasticsearchForWriting(client, { indexPrefix: 'teddy', where: 'stand-in' });
      expect(after.lifecyclePolicy).toBe('teddy-lifecycle');
      expect(settingsOfTemplate()['index.lifecycle.name']).toBe('teddy-lifecycle');
    } finally {
      await client.close();
      await standIn.close();
    }
  });
});

describe('ILM on the real integ-test node', () => {
  it('is reported unavailable, so setup installs the template without index.lifecycle.name', async () => {
    const client = createElasticsearchClient({ hosts: [await requireElasticsearch(ELASTICSEARCH_URL)], maxRetries: 0 });
    try {
      const policy = buildIlmPolicy({ indexPrefix: 'p', retentionDays: 90, archiveDays: 30 });
      const report = await ensureIlmPolicy(client, 'teddy-ilm-probe', policy, false);
      expect(report.status).toBe(IlmStatus.UNAVAILABLE);
      expect(report.detail).toMatch(/no ILM module/);
    } finally {
      await client.close();
    }
  });
});
