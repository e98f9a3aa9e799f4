// What the log group and stream names tell about where a line came from, for apps that did not say.
// Anchored, no nested quantifiers: linear time.

/** `/aws/lambda/<function>`. */
const LAMBDA_GROUP = /^\/aws\/lambda\/([^/]+)$/;
/** `/ecs/<service>`, or `/ecs/<cluster>/<service>`: the last segment names the service. */
const ECS_GROUP = /^\/ecs\/(?:[^/]+\/)*([^/]+)$/;
/** `/aws/ai-teddy-bear/<environment>[/<service>...]`, the guide's convention. */
const PRODUCT_GROUP = /^\/aws\/ai-teddy-bear\/([^/]+)(?:\/(.+))?$/;
/** The awslogs driver names streams `<prefix>/<container-name>/<task-id>`; task ids are 32 hex digits. */
const ECS_STREAM = /^([^/]+)\/([^/]+)\/([0-9a-f]{32})$/;

export interface SourceHints {
  service?: string;
  environment?: string;
}

// A batch's events all share one source: remembering the last answer spares a regex per event. Results are
// frozen, so the cache cannot be changed through them.
let lastGroup: { logGroup: string; hints: SourceHints } | undefined;
let lastStream: { logStream: string; ecs: Readonly<Record<string, string>> | undefined } | undefined;

/** The service and environment a log group's name implies. */
export function readLogGroup(logGroup: string): SourceHints {
  if (lastGroup?.logGroup !== logGroup) lastGroup = { logGroup, hints: Object.freeze(matchLogGroup(logGroup)) };
  return lastGroup.hints;
}

function matchLogGroup(logGroup: string): SourceHints {
  const lambda = LAMBDA_GROUP.exec(logGroup);
  if (lambda) return { service: lambda[1] };
  const product = PRODUCT_GROUP.exec(logGroup);
  if (product) return product[2] ? { environment: product[1], service: product[2] } : { environment: product[1] };
  const ecs = ECS_GROUP.exec(logGroup);
  if (ecs) return { service: ecs[1] };
  return {};
}

/** ECS details an awslogs stream name carries (`ecs/app/5f0c…`), when no FireLens envelope gave better ones. */
export function readEcsStream(logStream: string): Record<string, string> | undefined {
  if (lastStream?.logStream !== logStream) lastStream = { logStream, ecs: matchEcsStream(logStream) };
  // A copy: the document is the caller's to change.
  return lastStream.ecs && { ...lastStream.ecs };
}

function matchEcsStream(logStream: string): Readonly<Record<string, string>> | undefined {
  const match = ECS_STREAM.exec(logStream);
  if (!match) return undefined;
  return Object.freeze({ stream_prefix: match[1], container_name: match[2], task_id: match[3] });
}
