// biome-ignore-all lint/suspicious/noExplicitAny: generated CloudFormation and search responses are untyped JSON.
/**
 * Runs every dashboard visualization's query and aggregation against a real OpenSearch node, on fixture documents
 * indexed through the project's own index template, and checks that each answers what its title promises.
 */
import { Client } from '@opensearch-project/opensearch';
import type { LogDocument } from '../../shared/core/types.js';
import { type DashboardQuery, dashboardQueries } from '../../shared/dashboards/index.js';
import { installIndexTemplate } from '../../shared/sinks/opensearch/installTemplates.js';
import { requireOpenSearch, uniqueName } from '../support/services.js';

// Suites share one node: a prefix of our own stands in for ai-teddy-bear-logs.
const prefix = uniqueName('dashtest');
let client: Client;
const results = new Map<string, SearchResult>();

interface SearchResult {
  total: number;
  aggregations: Record<string, any>;
}

let eventCounter = 0;
function aDocument(overrides: Partial<LogDocument> = {}): LogDocument {
  eventCounter += 1;
  return {
    '@timestamp': '2026-01-15T10:30:00.000Z',
    level: 'INFO',
    message: 'Story generated successfully',
    category: 'business',
    service: 'story-service',
    environment: 'production',
    tags: [],
    aws: {
      log_group: '/aws/ai-teddy-bear/production',
      log_stream: 'story-service/1',
      event_id: `evt-${eventCounter}`,
      account_id: '123456789012',
      region: 'us-east-1',
    },
    ...overrides,
  };
}

const CHILD_A = 'hmac-sha256:v1:aaaa';
const CHILD_B = 'hmac-sha256:v1:bbbb';
const CHILD_C = 'hmac-sha256:v1:cccc';
const childSafety = { category: 'child_safety', tags: ['child_safety', 'compliance'], service: 'safety-service' };
const security = { category: 'security', tags: ['security', 'alert'], service: 'auth-service' };
const report = (duration: number, memory: number, init?: number): Partial<LogDocument> => ({
  message: 'REPORT',
  service: 'story-fn',
  lambda: {
    platform_event: 'REPORT',
    duration_ms: duration,
    max_memory_used_mb: memory,
    ...(init ? { init_duration_ms: init } : {}),
  },
});

const FIXTURES: LogDocument[] = [
  ...Array.from({ length: 10 }, () => aDocument()),
  aDocument({ level: 'ERROR', message: 'Provider timeout' }),
  aDocument({ level: 'ERROR', message: 'Provider timeout', '@timestamp': '2026-01-15T11:05:00.000Z' }),
  aDocument({ level: 'ERROR', service: 'voice-service', message: 'Synthesis failed' }),
  aDocument({ level: 'FATAL', service: 'voice-service', message: 'Out of memory' }),
  aDocument({ level: 'WARN', message: 'Slow provider' }),
  aDocument({ level: 'WARN', message: 'Retrying' }),
  aDocument({ level: 'DEBUG', message: 'cache miss' }),
  aDocument({
    ...childSafety,
    child_id: CHILD_A,
    message: 'Story generation requested',
    metadata: { action: 'allowed' },
  }),
  aDocument({
    ...childSafety,
    child_id: CHILD_B,
    level: 'WARN',
    message: 'Prompt flagged',
    metadata: { action: 'flagged' },
  }),
  aDocument({ ...childSafety, child_id: CHILD_C, message: 'Unsafe content blocked', metadata: { action: 'blocked' } }),
  aDocument({ ...childSafety, child_id: CHILD_B, level: 'ERROR', message: 'Safety filter unavailable' }),
  aDocument({
    ...security,
    message: 'User login succeeded',
    geoip: { country_iso_code: 'US' },
    metadata: { action: 'allowed' },
  }),
  aDocument({
    ...security,
    level: 'WARN',
    message: 'authentication failed',
    geoip: { country_iso_code: 'GB' },
    metadata: { action: 'blocked' },
  }),
  aDocument({ ...security, level: 'ERROR', message: 'token revoked after misuse', geoip: { country_iso_code: 'US' } }),
  aDocument({ category: 'audit', service: 'consent-service', message: 'Parental consent recorded' }),
  aDocument({ category: 'audit', service: 'consent-service', message: 'Age verification completed' }),
  aDocument(report(100, 80)),
  aDocument(report(200, 90)),
  aDocument(report(600, 120, 300)),
  aDocument({ category: 'performance', message: 'Generation took 812 ms' }),
  aDocument({ category: 'performance', message: 'Generation took 95 ms' }),
];

/** What each visualization must answer on the fixtures. */
const EXPECTATIONS: Record<string, (result: SearchResult) => void> = {
  'teddy-log-volume': (r) => {
    expect(r.total).toBe(FIXTURES.length);
    expect(sumBuckets(r)).toBe(FIXTURES.length);
    expect(r.aggregations.buckets.buckets.length).toBe(2); // 10:00 and 11:00
  },
  'teddy-error-rate': (r) => expect(bucketCounts(r)).toEqual([5, 1]),
  'teddy-error-count': (r) => expect(r.total).toBe(6),
  'teddy-levels': (r) => expect(keyedCounts(r)).toEqual({ INFO: 20, ERROR: 5, WARN: 4, FATAL: 1, DEBUG: 1 }),
  'teddy-errors-by-service': (r) =>
    expect(keyedCounts(r)).toEqual({ 'story-service': 2, 'voice-service': 2, 'safety-service': 1, 'auth-service': 1 }),
  'teddy-response-times': (r) => expect(r.aggregations.buckets.buckets[0].metric.value).toBe(300),
  'teddy-child-safety-events': (r) => expect(r.total).toBe(4),
  'teddy-child-safety-violations': (r) => expect(r.total).toBe(3),
  'teddy-child-safety-actions': (r) => expect(filterCounts(r)).toEqual({ blocked: 1, flagged: 1, allowed: 1 }),
  'teddy-children-affected': (r) => expect(r.aggregations.metric.value).toBe(2),
  'teddy-compliance-by-service': (r) => expect(keyedCounts(r)).toEqual({ 'safety-service': 4 }),
  'teddy-parental-consent': (r) => expect(r.total).toBe(1),
  'teddy-authentication-events': (r) => expect(r.total).toBe(3),
  'teddy-security-violations': (r) => expect(r.total).toBe(2),
  'teddy-security-actions': (r) => expect(filterCounts(r)).toEqual({ blocked: 1, flagged: 0, allowed: 1 }),
  'teddy-security-countries': (r) => expect(keyedCounts(r)).toEqual({ US: 2, GB: 1 }),
  'teddy-audit-logs': (r) => expect(r.total).toBe(2),
  'teddy-duration-percentiles': (r) => {
    const values = r.aggregations.metric.values;
    expect(values['50.0']).toBeGreaterThanOrEqual(100);
    expect(values['50.0']).toBeLessThanOrEqual(300);
    expect(values['99.0']).toBeGreaterThan(values['50.0']);
  },
  'teddy-duration-by-service': (r) =>
    expect(r.aggregations.buckets.buckets[0]).toMatchObject({ key: 'story-fn', metric: { value: 300 } }),
  'teddy-memory-used': (r) => expect(r.aggregations.buckets.buckets[0].metric.value).toBe(120),
  'teddy-cold-starts': (r) => expect(r.aggregations.metric.value).toBe(300),
  'teddy-performance-events': (r) => expect(keyedCounts(r)).toEqual({ 'story-service': 2 }),
};

function sumBuckets(r: SearchResult): number {
  return r.aggregations.buckets.buckets.reduce((sum: number, b: { doc_count: number }) => sum + b.doc_count, 0);
}
function bucketCounts(r: SearchResult): number[] {
  return r.aggregations.buckets.buckets.map((b: { doc_count: number }) => b.doc_count);
}
function keyedCounts(r: SearchResult): Record<string, number> {
  return Object.fromEntries(
    r.aggregations.buckets.buckets.map((b: { key: string; doc_count: number }) => [b.key, b.doc_count]),
  );
}
function filterCounts(r: SearchResult): Record<string, number> {
  return Object.fromEntries(
    Object.entries(r.aggregations.buckets.buckets as Record<string, { doc_count: number }>).map(([k, b]) => [
      k,
      b.doc_count,
    ]),
  );
}

beforeAll(async () => {
  const url = await requireOpenSearch();
  client = new Client({ node: url });
  await installIndexTemplate(client, prefix);
  // Half in a daily index named as the CLI names it, half as Firehose's OneDay rotation names it.
  const body = FIXTURES.flatMap((document, i) => [
    { index: { _index: i % 2 === 0 ? `${prefix}-2026.01.15` : `${prefix}-2026-01-15` } },
    document,
  ]);
  const bulk = await client.bulk({ body, refresh: true });
  expect(bulk.body.errors).toBe(false);
  for (const query of dashboardQueries()) {
    const response = await client.search({ index: `${prefix}-*`, body: query.body as never });
    expect(response.body._shards.failed).toBe(0);
    const total = response.body.hits.total;
    results.set(query.visualization, {
      total: typeof total === 'number' ? total : (total?.value ?? -1),
      aggregations: response.body.aggregations ?? {},
    });
  }
}, 120_000);

afterAll(async () => {
  if (!client) return;
  await client.indices.delete({ index: `${prefix}-*` }).catch(() => undefined);
  for (const name of [prefix, `${prefix}-dead-letters`]) {
    await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
  }
  await client.close();
});

describe('dashboard visualizations on a real OpenSearch node', () => {
  const queries: DashboardQuery[] = dashboardQueries();

  it('has an expectation for every visualization', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(queries.map((q) => q.visualization).sort());
  });

  it.each(queries.map((q) => [q.dashboard, q.title, q.visualization] as const))('%s: %s', (_dashboard, _title, id) => {
    const result = results.get(id);
    expect(result).toBeDefined();
    EXPECTATIONS[id](result as SearchResult);
  });
});
