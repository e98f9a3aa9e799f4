/**
 * The guide's four OpenSearch Dashboards, as data: each visualization is a Lucene query over the index pattern and
 * a small aggregation tree. The saved objects (opensearch/dashboards.ndjson) and the OpenSearch request bodies the
 * tests run against a real node (dashboardQueries) are both generated from this one list, so they cannot drift.
 * Fields are those of the document contract (shared/core/types.ts, opensearch/index-template.json). `metadata` is a
 * flat_object, so app fields in it (metadata.action …) are used in queries and filters only, never as a terms or
 * numeric aggregation field.
 */

/** The index pattern every visualization reads: the CLI's daily indices and Firehose's rotated ones alike. */
export const INDEX_PATTERN = 'ai-teddy-bear-logs-*';
export const INDEX_PATTERN_ID = 'ai-teddy-bear-logs';

/** Lucene queries used by several visualizations. */
export const QUERIES = {
  all: '*',
  errors: 'level:(ERROR OR FATAL)',
  childSafety: 'category:child_safety',
  childSafetyViolations:
    'category:child_safety AND (level:(WARN OR ERROR OR FATAL) OR metadata.action:(blocked OR flagged))',
  security: 'category:security',
  securityViolations: 'category:security AND (level:(WARN OR ERROR OR FATAL) OR metadata.action:(blocked OR flagged))',
  audit: 'category:audit',
  consent: 'category:audit AND message:(consent OR parental)',
  authentication: 'category:security AND message:(login OR logout OR authentication OR authenticated OR token)',
  lambdaReports: 'lambda.platform_event:REPORT',
  performance: 'category:performance',
} as const;

/** The bucket level of a visualization (at most one), then its metric. */
export type BucketAgg =
  | { type: 'date_histogram'; field: '@timestamp' }
  | { type: 'terms'; field: string; size: number }
  | { type: 'filters'; filters: ReadonlyArray<{ label: string; query: string }> };

export type MetricAgg =
  | { type: 'count' }
  | { type: 'avg' | 'max' | 'sum'; field: string }
  | { type: 'cardinality'; field: string }
  | { type: 'percentiles'; field: string; percents: number[] };

export const VisualizationType = {
  HISTOGRAM: 'histogram',
  LINE: 'line',
  PIE: 'pie',
  TABLE: 'table',
  METRIC: 'metric',
} as const;
export type VisualizationTypeName = (typeof VisualizationType)[keyof typeof VisualizationType];

export interface VisualizationDefinition {
  id: string;
  title: string;
  type: VisualizationTypeName;
  query: string;
  metric: MetricAgg;
  bucket?: BucketAgg;
}

export interface DashboardDefinition {
  id: string;
  title: string;
  description: string;
  visualizations: VisualizationDefinition[];
}

const COUNT = { type: 'count' } as const;
const OVER_TIME = { type: 'date_histogram', field: '@timestamp' } as const;
const ACTIONS = {
  type: 'filters',
  filters: [
    { label: 'blocked', query: 'metadata.action:blocked' },
    { label: 'flagged', query: 'metadata.action:flagged' },
    { label: 'allowed', query: 'metadata.action:allowed' },
  ],
} as const;

export const DASHBOARDS: readonly DashboardDefinition[] = [
  {
    id: 'teddy-system-overview',
    title: 'System Overview',
    description: 'Log volume, error rates, response times',
    visualizations: [
      {
        id: 'teddy-log-volume',
        title: 'Log volume',
        type: 'histogram',
        query: QUERIES.all,
        metric: COUNT,
        bucket: OVER_TIME,
      },
      {
        id: 'teddy-error-rate',
        title: 'Errors over time',
        type: 'line',
        query: QUERIES.errors,
        metric: COUNT,
        bucket: OVER_TIME,
      },
      {
        id: 'teddy-error-count',
        title: 'Errors (ERROR + FATAL)',
        type: 'metric',
        query: QUERIES.errors,
        metric: COUNT,
      },
      {
        id: 'teddy-levels',
        title: 'Logs by level',
        type: 'pie',
        query: QUERIES.all,
        metric: COUNT,
        bucket: { type: 'terms', field: 'level', size: 6 },
      },
      {
        id: 'teddy-errors-by-service',
        title: 'Errors by service',
        type: 'table',
        query: QUERIES.errors,
        metric: COUNT,
        bucket: { type: 'terms', field: 'service', size: 20 },
      },
      {
        id: 'teddy-response-times',
        title: 'Lambda duration (ms, avg)',
        type: 'line',
        query: QUERIES.lambdaReports,
        metric: { type: 'avg', field: 'lambda.duration_ms' },
        bucket: OVER_TIME,
      },
    ],
  },
  {
    id: 'teddy-child-safety-monitor',
    title: 'Child Safety Monitor',
    description: 'COPPA compliance, safety violations, parental controls',
    visualizations: [
      {
        id: 'teddy-child-safety-events',
        title: 'Child safety events',
        type: 'histogram',
        query: QUERIES.childSafety,
        metric: COUNT,
        bucket: OVER_TIME,
      },
      {
        id: 'teddy-child-safety-violations',
        title: 'Safety violations (WARN+ or blocked / flagged)',
        type: 'metric',
        query: QUERIES.childSafetyViolations,
        metric: COUNT,
      },
      {
        id: 'teddy-child-safety-actions',
        title: 'Safety actions',
        type: 'pie',
        query: QUERIES.childSafety,
        metric: COUNT,
        bucket: ACTIONS,
      },
      {
        id: 'teddy-children-affected',
        title: 'Children with a violation (hashed ids)',
        type: 'metric',
        query: QUERIES.childSafetyViolations,
        metric: { type: 'cardinality', field: 'child_id' },
      },
      {
        id: 'teddy-compliance-by-service',
        title: 'COPPA compliance events by service',
        type: 'table',
        query: 'tags:compliance',
        metric: COUNT,
        bucket: { type: 'terms', field: 'service', size: 20 },
      },
      {
        id: 'teddy-parental-consent',
        title: 'Parental consent and controls (audit)',
        type: 'histogram',
        query: QUERIES.consent,
        metric: COUNT,
        bucket: OVER_TIME,
      },
    ],
  },
  {
    id: 'teddy-security-dashboard',
    title: 'Security Dashboard',
    description: 'Authentication events, security violations, audit logs',
    visualizations: [
      {
        id: 'teddy-authentication-events',
        title: 'Authentication events',
        type: 'histogram',
        query: QUERIES.authentication,
        metric: COUNT,
        bucket: OVER_TIME,
      },
      {
        id: 'teddy-security-violations',
        title: 'Security violations',
        type: 'metric',
        query: QUERIES.securityViolations,
        metric: COUNT,
      },
      {
        id: 'teddy-security-actions',
        title: 'Security actions',
        type: 'pie',
        query: QUERIES.security,
        metric: COUNT,
        bucket: ACTIONS,
      },
      {
        id: 'teddy-security-countries',
        title: 'Security events by country',
        type: 'table',
        query: QUERIES.security,
        metric: COUNT,
        bucket: { type: 'terms', field: 'geoip.country_iso_code', size: 20 },
      },
      {
        id: 'teddy-audit-logs',
        title: 'Audit log volume',
        type: 'histogram',
        query: QUERIES.audit,
        metric: COUNT,
        bucket: OVER_TIME,
      },
    ],
  },
  {
    id: 'teddy-performance-monitor',
    title: 'Performance Monitor',
    description: 'API response times, provider performance, resource usage',
    visualizations: [
      {
        id: 'teddy-duration-percentiles',
        title: 'Lambda duration percentiles (ms)',
        type: 'table',
        query: QUERIES.lambdaReports,
        metric: { type: 'percentiles', field: 'lambda.duration_ms', percents: [50, 95, 99] },
      },
      {
        id: 'teddy-duration-by-service',
        title: 'Duration by service (ms, avg): provider performance',
        type: 'table',
        query: QUERIES.lambdaReports,
        metric: { type: 'avg', field: 'lambda.duration_ms' },
        bucket: { type: 'terms', field: 'service', size: 20 },
      },
      {
        id: 'teddy-memory-used',
        title: 'Max memory used (MB)',
        type: 'line',
        query: QUERIES.lambdaReports,
        metric: { type: 'max', field: 'lambda.max_memory_used_mb' },
        bucket: OVER_TIME,
      },
      {
        id: 'teddy-cold-starts',
        title: 'Cold starts (init duration, ms, avg)',
        type: 'metric',
        query: `${QUERIES.lambdaReports} AND lambda.init_duration_ms:*`,
        metric: { type: 'avg', field: 'lambda.init_duration_ms' },
      },
      {
        id: 'teddy-performance-events',
        title: 'Performance events by service',
        type: 'table',
        query: QUERIES.performance,
        metric: COUNT,
        bucket: { type: 'terms', field: 'service', size: 20 },
      },
    ],
  },
];
