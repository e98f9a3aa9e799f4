import { get } from 'node:http';

/**
 * Where the real services the integration tests use are listening. `npm test` (scripts/test.sh) starts them;
 * a test that needs one and cannot reach it fails with a message that says how to start it — never skips.
 */

export const MOTO_ENDPOINT = process.env.MOTO_ENDPOINT ?? `http://127.0.0.1:${process.env.MOTO_PORT ?? '5055'}`;
export const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? `http://127.0.0.1:${process.env.OPENSEARCH_PORT ?? '9250'}`;

const HOW_TO_START = 'Start the test services with `npm run services:up` (or run everything with `npm test`).';

/** Fails loudly unless moto answers. Suites share one moto: name resources uniquely (see `uniqueName`). */
export async function requireMoto(): Promise<string> {
  await probe(`${MOTO_ENDPOINT}/moto-api/config`, 'moto server');
  return MOTO_ENDPOINT;
}

/** A resource name no other suite or run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Fails loudly unless the OpenSearch node answers with a yellow or green cluster. */
export async function requireOpenSearch(): Promise<string> {
  await probe(`${OPENSEARCH_URL}/_cluster/health?wait_for_status=yellow&timeout=30s`, 'OpenSearch');
  return OPENSEARCH_URL;
}

/** AWS SDK v3 client options pointing at moto with dummy credentials. */
export function motoClientConfig(endpoint: string = MOTO_ENDPOINT) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
}

async function probe(url: string, what: string): Promise<void> {
  try {
    const status = await httpStatus(url, 35_000);
    if (status < 200 || status >= 300) throw new Error(`HTTP ${status}`);
  } catch (error) {
    throw new Error(`${what} is not reachable at ${url} (${(error as Error).message}). ${HOW_TO_START}`);
  }
}

// node:http rather than fetch: fetch refuses the ports on the WHATWG "bad port" list (5060, 5061, 6000, 6665-6669,
// 10080, ...) with "fetch failed", so a service assigned one of them could never be probed.
function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
