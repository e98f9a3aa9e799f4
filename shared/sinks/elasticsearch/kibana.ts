/**
 * The guide's four dashboards in Kibana: the saved objects (elasticsearch/kibana-dashboards.ndjson) and their import.
 */

import { DeliveryError, describeError } from '../../core/errors.js';
import { renderDashboardsNdjson } from '../../dashboards/savedObjects.js';

/** How long one import may take; Kibana answers an import of this size in well under a second. */
const IMPORT_TIMEOUT_MS = 30_000;

/**
 * The saved objects Kibana imports: the same generator as OpenSearch Dashboards' (shared/dashboards), because
 * Dashboards forked from Kibana 7.10 and kept its saved-object format — index-pattern, legacy aggregation-based
 * `visualization` (visState) and `dashboard` (panelsJSON) — which Kibana 8 and 9 still import and migrate on import.
 * On Elasticsearch `metadata` is `flattened`, so the Lucene queries on `metadata.action` work unchanged.
 */
export function renderKibanaNdjson(): string {
  return renderDashboardsNdjson();
}

export interface KibanaImportResult {
  success: boolean;
  successCount: number;
  errors: Array<{ id: string; type: string; error: string }>;
}

/**
 * Imports saved objects into Kibana (`POST [/s/<space>]/api/saved_objects/_import?overwrite=true`, multipart `file`,
 * header `kbn-xsrf`, which Kibana requires on every write). Idempotent: ids are kept and overwritten. Throws a
 * DeliveryError naming the URL and what Kibana said.
 */
export async function importKibanaSavedObjects(
  kibanaUrl: string,
  ndjson: string,
  options: { auth?: { username: string; password: string }; space?: string } = {},
): Promise<KibanaImportResult> {
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'teddy-logs-kibana.ndjson');
  const space = options.space && options.space !== 'default' ? `/s/${encodeURIComponent(options.space)}` : '';
  const url = `${kibanaUrl.replace(/\/$/, '')}${space}/api/saved_objects/_import?overwrite=true`;
  const headers: Record<string, string> = { 'kbn-xsrf': 'teddy-logs' };
  if (options.auth) {
    const { username, password } = options.auth;
    headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: form,
      headers,
      signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryError(`Kibana at ${kibanaUrl} is not reachable: ${describeError(error)}`, error);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DeliveryError(`Kibana refused the import (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  const body = JSON.parse(text) as {
    success?: boolean;
    successCount?: number;
    errors?: Array<{ id: string; type: string; error?: { type?: string; message?: string } }>;
  };
  return {
    success: body.success === true,
    successCount: body.successCount ?? 0,
    errors: (body.errors ?? []).map((e) => ({
      id: e.id,
      type: e.type,
      error: e.error?.message ?? e.error?.type ?? '',
    })),
  };
}
