/**
 * The guide's four dashboards in Kibana: the saved objects (elasticsearch/kibana-dashboards.ndjson) and their import.
 */

import { type DashboardsImportResult, postImportForm, readImportResult } from '../../dashboards/importSavedObjects.js';
import { renderDashboardsNdjson } from '../../dashboards/savedObjects.js';

/**
 * The saved objects Kibana imports: the same generator as OpenSearch Dashboards' (shared/dashboards), because
 * Dashboards forked from Kibana 7.10 and kept its saved-object format — index-pattern, legacy aggregation-based
 * `visualization` (visState) and `dashboard` (panelsJSON) — which Kibana 8 and 9 still import and migrate on import.
 * On Elasticsearch `metadata` is `flattened`, so the Lucene queries on `metadata.action` work unchanged.
 */
export function renderKibanaNdjson(): string {
  return renderDashboardsNdjson();
}

export type KibanaImportResult = DashboardsImportResult;

/**
 * Imports saved objects into Kibana (`POST [/s/<space>]/api/saved_objects/_import?overwrite=true`, multipart `file`,
 * header `kbn-xsrf`, which Kibana requires on every write), the same request OpenSearch Dashboards takes but for its
 * header and spaces. Idempotent: ids are kept and overwritten. Throws a DeliveryError naming the URL and what Kibana
 * said.
 */
export async function importKibanaSavedObjects(
  kibanaUrl: string,
  ndjson: string,
  options: { auth?: { username: string; password: string }; space?: string } = {},
): Promise<KibanaImportResult> {
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'teddy-logs-kibana.ndjson');
  const space = options.space && options.space !== 'default' ? `/s/${encodeURIComponent(options.space)}` : '';
  const body = await postImportForm(
    {
      url: `${kibanaUrl.replace(/\/$/, '')}${space}/api/saved_objects/_import?overwrite=true`,
      product: 'Kibana',
      base: kibanaUrl,
      xsrfHeader: { 'kbn-xsrf': 'teddy-logs' },
      basic: options.auth,
    },
    form,
  );
  return readImportResult(body);
}
