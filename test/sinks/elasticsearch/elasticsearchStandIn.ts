/**
 * A stand-in for the parts of a full Elasticsearch node that the integ-test distribution lacks (ILM, `GET /`), for
 * the tests of what must happen where they exist. It checks a policy the way Elasticsearch's
 * TimeseriesLifecycleType does (x-pack/plugin/core/.../ilm/TimeseriesLifecycleType.java, 8.x): known phases, only
 * the actions each phase allows, min_age never decreasing; answers like Elasticsearch (the X-elastic-product header,
 * 404 for a missing policy, 400 with an illegal_argument_exception). Index templates (PUT or POST, as Elasticsearch takes both) are recorded as sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** TimeseriesLifecycleType.ORDERED_VALID_*_ACTIONS in Elasticsearch 8.x. */
const VALID_ACTIONS: Record<string, readonly string[]> = {
  hot: [
    'set_priority',
    'unfollow',
    'rollover',
    'read_only',
    'downsample',
    'shrink',
    'forcemerge',
    'searchable_snapshot',
  ],
  warm: ['set_priority', 'unfollow', 'read_only', 'downsample', 'allocate', 'migrate', 'shrink', 'forcemerge'],
  cold: ['set_priority', 'unfollow', 'read_only', 'downsample', 'searchable_snapshot', 'allocate', 'migrate', 'freeze'],
  frozen: ['unfollow', 'searchable_snapshot'],
  delete: ['wait_for_snapshot', 'delete'],
};
const PHASE_ORDER = ['hot', 'warm', 'cold', 'frozen', 'delete'];
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export interface ElasticsearchStandIn {
  url: string;
  policies: Map<string, unknown>;
  templates: Map<string, Record<string, unknown>>;
  requests: string[];
  close(): Promise<void>;
}

/** Why Elasticsearch would refuse this policy body, or undefined when it would take it. */
export function lifecyclePolicyProblem(body: unknown): string | undefined {
  const phases = (body as { policy?: { phases?: Record<string, IlmPhaseBody> } })?.policy?.phases;
  if (!phases || typeof phases !== 'object') return 'policy.phases is required';
  const unknown = Object.keys(phases).find((name) => !PHASE_ORDER.includes(name));
  if (unknown) return `Lifecycle does not support phase [${unknown}]`;
  let previous = -1;
  for (const name of PHASE_ORDER.filter((p) => p in phases)) {
    const phase = phases[name] ?? {};
    const problem = phaseProblem(name, phase, previous);
    if (problem) return problem;
    previous = toMs(phase.min_age ?? '0ms') ?? previous;
  }
  return undefined;
}

interface IlmPhaseBody {
  min_age?: string;
  actions?: object;
}

function phaseProblem(name: string, phase: IlmPhaseBody, previousAgeMs: number): string | undefined {
  const invalid = Object.keys(phase.actions ?? {}).find((action) => !VALID_ACTIONS[name]?.includes(action));
  if (invalid) return `invalid action [${invalid}] defined in phase [${name}]`;
  const age = toMs(phase.min_age ?? '0ms');
  if (age === undefined) return `failed to parse min_age [${phase.min_age}] of phase [${name}]`;
  if (age < previousAgeMs) {
    return `phases [${name}] configure a [min_age] value less than the [min_age] of previous phases`;
  }
  return undefined;
}

function toMs(value: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  return match ? Number(match[1]) * (UNIT_MS[match[2] as string] ?? 0) : undefined;
}

export async function startElasticsearchStandIn(options: {
  ilm: boolean;
  version?: string;
}): Promise<ElasticsearchStandIn> {
  const policies = new Map<string, unknown>();
  const templates = new Map<string, Record<string, unknown>>();
  const requests: string[] = [];
  const version = options.version ?? '8.19.0';

  function send(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    response.end(JSON.stringify(body));
  }

  function answerPolicy(method: string, name: string, text: string, response: ServerResponse): void {
    if (method === 'GET') {
      const stored = policies.get(name);
      if (stored) send(response, 200, { [name]: { version: 1, policy: stored } });
      else send(response, 404, { error: { type: 'resource_not_found_exception' }, status: 404 });
      return;
    }
    const body = JSON.parse(text) as { policy: unknown };
    const problem = lifecyclePolicyProblem(body);
    if (problem) {
      send(response, 400, { error: { type: 'illegal_argument_exception', reason: problem }, status: 400 });
      return;
    }
    policies.set(name, body.policy);
    send(response, 200, { acknowledged: true });
  }

  function answerRoot(response: ServerResponse): void {
    send(response, 200, {
      name: 'stand-in',
      cluster_name: 'stand-in',
      version: { number: version, build_flavor: 'default', build_type: 'docker' },
      tagline: 'You Know, for Search',
    });
  }

  /** The handler of a request, by method and path, or undefined where this node has none. */
  function route(method: string, path: string, text: string): ((response: ServerResponse) => void) | undefined {
    const policyName = /^\/_ilm\/policy\/([^/]+)$/.exec(path)?.[1];
    const templateName = /^\/_index_template\/([^/]+)$/.exec(path)?.[1];
    if (path === '/' && method === 'GET') return answerRoot;
    if (path === '/_ilm/status' && options.ilm) return (response) => send(response, 200, { operation_mode: 'RUNNING' });
    if (policyName && options.ilm && (method === 'GET' || method === 'PUT')) {
      return (response) => answerPolicy(method, decodeURIComponent(policyName), text, response);
    }
    if (templateName && (method === 'PUT' || method === 'POST')) {
      return (response) => {
        templates.set(decodeURIComponent(templateName), JSON.parse(text) as Record<string, unknown>);
        send(response, 200, { acknowledged: true });
      };
    }
    return undefined;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    requests.push(`${method} ${path}`);
    const handler = route(method, path, Buffer.concat(chunks).toString('utf8'));
    if (handler) handler(response);
    else send(response, 400, { error: `no handler found for uri [${path}] and method [${method}]` });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    policies,
    templates,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
