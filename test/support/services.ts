import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

/**
 * Where the real services the integration tests use are listening. `npm test` (scripts/test.sh) starts them;
 * a test that needs one and cannot reach it fails with a message that says how to start it — never skips.
 */

export const MOTO_ENDPOINT = process.env.MOTO_ENDPOINT ?? `http://127.0.0.1:${process.env.MOTO_PORT ?? '5055'}`;
export const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? `http://127.0.0.1:${process.env.OPENSEARCH_PORT ?? '9250'}`;
/** Elasticsearch 8.x (always started by services.sh) and 9.x (started when a Java 21+ is on the machine). */
export const ELASTICSEARCH_URL =
  process.env.ELASTICSEARCH_URL ?? `http://127.0.0.1:${process.env.ELASTICSEARCH_PORT ?? '9260'}`;
export const ELASTICSEARCH9_URL =
  process.env.ELASTICSEARCH9_URL ?? `http://127.0.0.1:${process.env.ELASTICSEARCH9_PORT ?? '9261'}`;
/** Elasticsearch 9 runs on Java 21 or later (services.sh ELASTICSEARCH9_MIN_JAVA). */
const ELASTICSEARCH9_MIN_JAVA = 21;

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

/** Fails loudly unless the Elasticsearch node at `url` answers with a yellow or green cluster. */
export async function requireElasticsearch(url: string = ELASTICSEARCH_URL): Promise<string> {
  await probe(`${url}/_cluster/health?wait_for_status=yellow&timeout=30s`, 'Elasticsearch');
  return url;
}

/**
 * The Elasticsearch nodes the suites run against: 8.x always; 9.x when a Java 21+ is on the machine (where
 * services.sh starts it). Without one, says so on stderr — the 9.x runs are left out visibly, never silently.
 */
export function elasticsearchNodesUnderTest(): Array<{ label: string; url: string }> {
  const nodes = [{ label: 'Elasticsearch 8', url: ELASTICSEARCH_URL }];
  if (findJavaHome(ELASTICSEARCH9_MIN_JAVA)) return [...nodes, { label: 'Elasticsearch 9', url: ELASTICSEARCH9_URL }];
  process.stderr.write(
    `skipping Elasticsearch 9.x: no Java ${ELASTICSEARCH9_MIN_JAVA}+ on this machine (set ELASTICSEARCH9_JAVA_HOME)\n`,
  );
  return nodes;
}

/** A JDK of at least `major`, looked for where services.sh looks: ELASTICSEARCH9_JAVA_HOME, JVM_ROOT, `java`. */
function findJavaHome(major: number): string | undefined {
  const jvmRoot = process.env.JVM_ROOT ?? '/usr/lib/jvm';
  const candidates = [
    process.env.ELASTICSEARCH9_JAVA_HOME,
    ...(existsSync(jvmRoot) ? readdirSync(jvmRoot).map((name) => join(jvmRoot, name)) : []),
  ].filter((home): home is string => Boolean(home));
  const found = candidates.find((home) => javaMajorOfRelease(home) >= major);
  if (found) return found;
  return javaMajorOnPath() >= major ? 'java on the PATH' : undefined;
}

function javaMajorOfRelease(home: string): number {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    return Number(/JAVA_VERSION="(\d+)/.exec(release)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function javaMajorOnPath(): number {
  // -XshowSettings prints to stderr.
  const { stderr } = spawnSync('java', ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  return Number(/java\.specification\.version = (\d+)/.exec(stderr ?? '')?.[1] ?? 0);
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
