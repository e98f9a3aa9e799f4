import {
  type BucketAgg,
  DASHBOARDS,
  type DashboardDefinition,
  INDEX_PATTERN,
  INDEX_PATTERN_ID,
  type MetricAgg,
  type VisualizationDefinition,
} from './definitions.js';

/** An OpenSearch Dashboards saved object, as the saved-objects import API reads it (one per NDJSON line). */
export interface SavedObject {
  type: 'index-pattern' | 'visualization' | 'dashboard';
  id: string;
  attributes: Record<string, unknown>;
  references: Array<{ name: string; type: string; id: string }>;
}

const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';
// Dashboards' grid is 48 columns wide: two panels a row.
const PANEL_WIDTH = 24;
const PANEL_HEIGHT = 15;

/** The index pattern, every visualization, then the four dashboards. */
export function buildSavedObjects(dashboards: readonly DashboardDefinition[] = DASHBOARDS): SavedObject[] {
  const indexPattern: SavedObject = {
    type: 'index-pattern',
    id: INDEX_PATTERN_ID,
    attributes: { title: INDEX_PATTERN, timeFieldName: '@timestamp' },
    references: [],
  };
  const visualizations = dashboards.flatMap((d) => d.visualizations.map(toVisualization));
  return [indexPattern, ...visualizations, ...dashboards.map(toDashboard)];
}

/** The saved objects as the NDJSON file `opensearch/dashboards.ndjson` holds them. */
export function renderDashboardsNdjson(dashboards: readonly DashboardDefinition[] = DASHBOARDS): string {
  return `${buildSavedObjects(dashboards)
    .map((object) => JSON.stringify(object))
    .join('\n')}\n`;
}

function toVisualization(visualization: VisualizationDefinition): SavedObject {
  const aggs = [toMetricAgg(visualization.metric)];
  if (visualization.bucket)
    aggs.push(toBucketAgg(visualization.bucket, visualization.type === 'table' ? 'bucket' : 'segment'));
  const visState = {
    title: visualization.title,
    type: visualization.type,
    params: paramsFor(visualization.type),
    aggs,
  };
  const searchSource = {
    query: { query: visualization.query, language: 'lucene' },
    filter: [],
    indexRefName: INDEX_REF,
  };
  return {
    type: 'visualization',
    id: visualization.id,
    attributes: {
      title: visualization.title,
      visState: JSON.stringify(visState),
      uiStateJSON: '{}',
      description: '',
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
    },
    references: [{ name: INDEX_REF, type: 'index-pattern', id: INDEX_PATTERN_ID }],
  };
}

function toDashboard(dashboard: DashboardDefinition): SavedObject {
  const panels = dashboard.visualizations.map((_, index) => ({
    panelIndex: String(index + 1),
    gridData: {
      x: (index % 2) * PANEL_WIDTH,
      y: Math.floor(index / 2) * PANEL_HEIGHT,
      w: PANEL_WIDTH,
      h: PANEL_HEIGHT,
      i: String(index + 1),
    },
    embeddableConfig: {},
    panelRefName: `panel_${index}`,
  }));
  return {
    type: 'dashboard',
    id: dashboard.id,
    attributes: {
      title: dashboard.title,
      description: dashboard.description,
      panelsJSON: JSON.stringify(panels),
      optionsJSON: JSON.stringify({ hidePanelTitles: false, useMargins: true }),
      timeRestore: true,
      timeFrom: 'now-24h',
      timeTo: 'now',
      refreshInterval: { pause: false, value: 60_000 },
      version: 1,
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: '', language: 'lucene' }, filter: [] }),
      },
    },
    references: dashboard.visualizations.map((v, index) => ({
      name: `panel_${index}`,
      type: 'visualization',
      id: v.id,
    })),
  };
}

function toMetricAgg(metric: MetricAgg): Record<string, unknown> {
  const base = { id: '1', enabled: true, type: metric.type, schema: 'metric' };
  switch (metric.type) {
    case 'count':
      return { ...base, params: {} };
    case 'percentiles':
      return { ...base, params: { field: metric.field, percents: metric.percents } };
    default:
      return { ...base, params: { field: metric.field } };
  }
}

function toBucketAgg(bucket: BucketAgg, schema: 'bucket' | 'segment'): Record<string, unknown> {
  const base = { id: '2', enabled: true, type: bucket.type, schema };
  switch (bucket.type) {
    case 'date_histogram':
      return { ...base, params: { field: bucket.field, interval: 'auto', min_doc_count: 1, extended_bounds: {} } };
    case 'terms':
      return { ...base, params: { field: bucket.field, size: bucket.size, order: 'desc', orderBy: '1' } };
    case 'filters':
      return {
        ...base,
        params: {
          filters: bucket.filters.map((f) => ({ input: { query: f.query, language: 'lucene' }, label: f.label })),
        },
      };
  }
}

// Dashboards merges these with each type's defaults when it loads the visualization.
function paramsFor(type: VisualizationDefinition['type']): Record<string, unknown> {
  switch (type) {
    case 'histogram':
    case 'line':
      return { type, addTooltip: true, addLegend: true, legendPosition: 'right' };
    case 'pie':
      return { type, addTooltip: true, addLegend: true, legendPosition: 'right', isDonut: true };
    case 'table':
      return { perPage: 10, showPartialRows: false, showMetricsAtAllLevels: false, showTotal: false };
    case 'metric':
      return { addTooltip: true, addLegend: false, type: 'metric' };
  }
}
