import { DeliveryError, describeError } from '../core/errors.js';

export interface DashboardsImportResult {
  success: boolean;
  successCount: number;
  errors: Array<{ id: string; type: string; error: string }>;
}

/**
 * Imports saved objects (NDJSON) into OpenSearch Dashboards through its saved-objects API
 * (`POST /api/saved_objects/_import?overwrite=true`, multipart `file`, header `osd-xsrf`). Idempotent: objects keep
 * their ids and are overwritten. Throws a DeliveryError naming the URL and what the server said.
 */
export async function importSavedObjects(
  dashboardsUrl: string,
  ndjson: string,
  auth?: { username: string; password: string },
): Promise<DashboardsImportResult> {
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'teddy-logs-dashboards.ndjson');
  const url = `${dashboardsUrl.replace(/\/$/, '')}/api/saved_objects/_import?overwrite=true`;
  const headers: Record<string, string> = { 'osd-xsrf': 'true' };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new DeliveryError(
      `OpenSearch Dashboards at ${dashboardsUrl} is not reachable: ${describeError(error)}`,
      error,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DeliveryError(
      `OpenSearch Dashboards refused the import (HTTP ${response.status}): ${text.slice(0, 500)}`,
    );
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
