import { DeliveryError, describeError } from '../core/errors.js';
import { createOpenSearchClient, describeAwsOpenSearchEndpoint } from '../sinks/opensearch/client.js';

export interface DashboardsImportResult {
  success: boolean;
  successCount: number;
  errors: Array<{ id: string; type: string; error: string }>;
}

/** How to sign in to Dashboards: an internal user (basic auth), or SigV4 as the caller's IAM identity. */
export type DashboardsAuth =
  | { username: string; password: string }
  | { sigv4: { region: string; service?: 'es' | 'aoss' } };

/**
 * How `setup dashboards` signs in, from the same settings as every OpenSearch call: an internal user with
 * OPENSEARCH_AUTH=basic, SigV4 in AWS_REGION with OPENSEARCH_AUTH=sigv4 (a custom domain endpoint, whose host names
 * no region), otherwise nothing chosen (an Amazon OpenSearch host is then signed anyway, a local one is not).
 */
export function dashboardsAuthFrom(settings: {
  OPENSEARCH_AUTH?: string;
  OPENSEARCH_USERNAME?: string;
  OPENSEARCH_PASSWORD?: string;
  AWS_REGION?: string;
}): DashboardsAuth | undefined {
  const { OPENSEARCH_AUTH: auth, OPENSEARCH_USERNAME: username, OPENSEARCH_PASSWORD: password } = settings;
  if (auth === 'basic' && username && password) return { username, password };
  if (auth === 'sigv4' && settings.AWS_REGION) return { sigv4: { region: settings.AWS_REGION } };
  return undefined;
}

const IMPORT_PATH = '/api/saved_objects/_import';
const IMPORT_TIMEOUT_MS = 30_000;

export interface ImportResponseBody {
  success?: boolean;
  successCount?: number;
  errors?: Array<{ id: string; type: string; error?: { type?: string; message?: string } }>;
}

/** The import's answer as OpenSearch Dashboards and Kibana both give it, each error reduced to its message. */
export function readImportResult(body: ImportResponseBody): DashboardsImportResult {
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

/** Where an unsigned saved-objects import goes, and how errors name it. */
export interface ImportTarget {
  /** The full import URL, query included. */
  url: string;
  /** `OpenSearch Dashboards` or `Kibana`, in error messages. */
  product: string;
  /** The base URL the user gave, in error messages. */
  base: string;
  /** The anti-CSRF header the product requires on every write. */
  xsrfHeader: Record<string, string>;
  basic?: { username: string; password: string };
}

/** POSTs the multipart form (basic auth when given); a DeliveryError names the product, the URL and its answer. */
export async function postImportForm(target: ImportTarget, form: FormData): Promise<ImportResponseBody> {
  const headers: Record<string, string> = { ...target.xsrfHeader };
  const { basic } = target;
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      body: form,
      headers,
      signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryError(`${target.product} at ${target.base} is not reachable: ${describeError(error)}`, error);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new DeliveryError(`${target.product} refused the import (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  return JSON.parse(text) as ImportResponseBody;
}

/**
 * Imports saved objects (NDJSON) into OpenSearch Dashboards through its saved-objects API
 * (`POST /api/saved_objects/_import?overwrite=true`, multipart `file`, header `osd-xsrf`). Idempotent: objects keep
 * their ids and are overwritten. Dashboards of an Amazon OpenSearch Service domain (https://<endpoint>/_dashboards)
 * is called with SigV4 unless an internal user is given, through the same client construction as every other
 * OpenSearch call. Throws a DeliveryError naming the URL and what the server said.
 */
export async function importSavedObjects(
  dashboardsUrl: string,
  ndjson: string,
  auth?: DashboardsAuth,
): Promise<DashboardsImportResult> {
  const form = new FormData();
  form.append('file', new Blob([ndjson], { type: 'application/ndjson' }), 'teddy-logs-dashboards.ndjson');
  const aws = describeAwsOpenSearchEndpoint(dashboardsUrl);
  const sigv4 = auth && 'sigv4' in auth ? auth.sigv4 : auth ? undefined : aws;
  const body = sigv4
    ? await postSigned(dashboardsUrl, form, sigv4)
    : await postImportForm(
        {
          url: `${dashboardsUrl.replace(/\/$/, '')}${IMPORT_PATH}?overwrite=true`,
          product: 'OpenSearch Dashboards',
          base: dashboardsUrl,
          xsrfHeader: { 'osd-xsrf': 'true' },
          basic: auth as { username: string; password: string } | undefined,
        },
        form,
      );
  return readImportResult(body);
}

/**
 * The multipart body is encoded once into bytes, so the signature's payload hash covers exactly what is sent (a
 * streamed FormData would be hashed as empty and refused).
 */
async function postSigned(
  dashboardsUrl: string,
  form: FormData,
  signing: { region: string; service?: 'es' | 'aoss' },
): Promise<ImportResponseBody> {
  const encoded = new Request('http://localhost/', { method: 'POST', body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  const client = createOpenSearchClient({
    url: dashboardsUrl.replace(/\/$/, ''),
    auth: 'sigv4',
    region: signing.region,
    service: signing.service,
    requestTimeoutMs: IMPORT_TIMEOUT_MS,
    maxRetries: 0,
  });
  try {
    const response = await client.transport.request(
      { method: 'POST', path: IMPORT_PATH, querystring: { overwrite: 'true' }, body },
      { headers: { 'content-type': encoded.headers.get('content-type') ?? '', 'osd-xsrf': 'true' } },
    );
    return response.body as ImportResponseBody;
  } catch (error) {
    const meta = (error as { meta?: { statusCode?: number; body?: unknown } }).meta;
    if (meta?.statusCode) {
      const said = typeof meta.body === 'string' ? meta.body : JSON.stringify(meta.body);
      throw new DeliveryError(
        `OpenSearch Dashboards refused the import (HTTP ${meta.statusCode}): ${said.slice(0, 500)}`,
      );
    }
    throw new DeliveryError(
      `OpenSearch Dashboards at ${dashboardsUrl} is not reachable: ${describeError(error)}`,
      error,
    );
  } finally {
    await client.close();
  }
}
