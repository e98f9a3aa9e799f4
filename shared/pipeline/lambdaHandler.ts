import type { DeadLetterSink, DocumentRedactor, Ledger, Sink } from '../core/types.js';
import type { DropRule } from './drop/dropRules.js';
import { type InvocationContext, logInvocation } from './handlers/invocationLog.js';
import { type PipelineDeps, processSubscriptionEvent } from './pipeline.js';

export interface ShipDeps {
  /** Resolves once per container (the child-id key comes from SSM). */
  redactor: () => Promise<DocumentRedactor>;
  /** The sink for one invocation; it may use the invocation's remaining time for its retries. */
  sink: (remainingTimeMs: () => number) => Sink;
  deadLetters: DeadLetterSink;
  /** Explicit drop rules; dropped documents are counted as filtered. */
  drop?: DropRule;
  /** Where the pipeline's own log lines go (stdout in Lambda). Never receives payload content. */
  log: (line: string) => void;
  now?: () => Date;
}

/**
 * The ship Lambda: one CloudWatch Logs subscription event through the pipeline, then the invocation's ledger as one
 * log line and as Embedded Metric Format metrics. Throws only when the dead letter itself failed (DeliveryError), so
 * that Lambda's retry and on-failure destination keep the original event — at the price of re-delivering what this
 * attempt already delivered (Firehose has no idempotency key; OpenSearch ids dedupe only on the direct path).
 */
export function createShipHandler(deps: ShipDeps) {
  return async (event: unknown, context: InvocationContext) => {
    const pipeline = await preparePipeline(deps, context);
    const ledger: Ledger = await processSubscriptionEvent(event, pipeline);
    logInvocation(deps.log, context, pipeline.now(), { ledger, topology: 'lambda' });
    return ledger;
  };
}

/** One invocation's pipeline: the (memoised) redactor, a sink bounded by the invocation's remaining time. */
export async function preparePipeline(
  deps: ShipDeps,
  context: InvocationContext,
): Promise<PipelineDeps & { now: () => Date }> {
  return {
    redactor: await deps.redactor(),
    sink: deps.sink(() => context.getRemainingTimeInMillis()),
    deadLetters: deps.deadLetters,
    drop: deps.drop,
    now: deps.now ?? (() => new Date()),
  };
}
