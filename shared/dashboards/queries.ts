import {
  DASHBOARDS,
  type DashboardDefinition,
  INDEX_PATTERN,
  type MetricAgg,
  type VisualizationDefinition,
} from './definitions.js';

/** One visualization's search, as OpenSearch Dashboards sends it (minus the dashboard's time range). */
export interface DashboardQuery {
  dashboard: string;
  visualization: string;
  title: string;
  index: string;
  body: { size: 0; track_total_hits: true; query: Record<string, unknown>; aggs: Record<string, unknown> };
}

/**
 * Every visualization's query and aggregation as an OpenSearch search body, in dashboard order. The Lucene query
 * becomes a `query_string` query (what Dashboards does with a Lucene query); `auto` histogram intervals become a
 * fixed hour, since there is no screen width to derive them from. The metric is always named `metric`, the bucket
 * level `buckets`.
 */
export function dashboardQueries(dashboards: readonly DashboardDefinition[] = DASHBOARDS): DashboardQuery[] {
  return dashboards.flatMap((dashboard) =>
    dashboard.visualizations.map((visualization) => ({
      dashboard: dashboard.title,
      visualization: visualization.id,
      title: visualization.title,
      index: INDEX_PATTERN,
      body: { size: 0, track_total_hits: true, query: toQuery(visualization.query), aggs: toAggs(visualization) },
    })),
  );
}

function toQuery(lucene: string): Record<string, unknown> {
  return { bool: { filter: [{ query_string: { query: lucene, analyze_wildcard: true } }] } };
}

function toMetric(metric: MetricAgg): Record<string, unknown> | undefined {
  switch (metric.type) {
    case 'count':
      return undefined; // doc_count of each bucket, hits.total without one
    case 'percentiles':
      return { percentiles: { field: metric.field, percents: metric.percents } };
    default:
      return { [metric.type]: { field: metric.field } };
  }
}

function toAggs(visualization: VisualizationDefinition): Record<string, unknown> {
  const metric = toMetric(visualization.metric);
  const metricAggs = metric ? { metric } : {};
  const bucket = visualization.bucket;
  if (!bucket) return metricAggs;
  const nested = metric ? { aggs: metricAggs } : {};
  switch (bucket.type) {
    case 'date_histogram':
      return {
        buckets: { date_histogram: { field: bucket.field, fixed_interval: '1h', min_doc_count: 1 }, ...nested },
      };
    case 'terms':
      return { buckets: { terms: { field: bucket.field, size: bucket.size }, ...nested } };
    case 'filters':
      return {
        buckets: {
          filters: {
            filters: Object.fromEntries(
              bucket.filters.map((f) => [f.label, { query_string: { query: f.query, analyze_wildcard: true } }]),
            ),
          },
          ...nested,
        },
      };
  }
}
