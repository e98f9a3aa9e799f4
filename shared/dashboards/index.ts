export type {
  BucketAgg,
  DashboardDefinition,
  MetricAgg,
  VisualizationDefinition,
  VisualizationTypeName,
} from './definitions.js';
export { DASHBOARDS, INDEX_PATTERN, INDEX_PATTERN_ID, QUERIES, VisualizationType } from './definitions.js';
export {
  type DashboardsAuth,
  type DashboardsImportResult,
  dashboardsAuthFrom,
  importSavedObjects,
} from './importSavedObjects.js';
export { type DashboardQuery, dashboardQueries } from './queries.js';
export { buildSavedObjects, renderDashboardsNdjson, type SavedObject } from './savedObjects.js';
