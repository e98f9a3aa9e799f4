import type { Context } from 'aws-lambda';
import type { Ledger } from '../../core/types.js';
import { formatLedgerMetrics } from '../../engines/emf.js';

export type InvocationContext = Pick<Context, 'getRemainingTimeInMillis' | 'functionName' | 'awsRequestId'>;

export interface InvocationSummary {
  ledger: Ledger;
  /** Which topology delivered the invocation (`lambda`, `kinesis`, `firehose`). */
  topology: string;
  /** Topology-specific counts (batch item failures, Firehose results, re-ingested records). Never payload content. */
  details?: Record<string, unknown>;
  /** True when something must be looked at even if the ledger is clean (a batch item failure, a re-ingest failure). */
  warn?: boolean;
  /** Topology-specific counts published as metrics beside the ledger's (the alarms of resources/topologies.yml). */
  metrics?: Record<string, number>;
}

/**
 * The invocation's ledger as one log line and as Embedded Metric Format metrics (CloudWatch turns the second line into
 * metrics with no API call). Both carry counts only, never payload content.
 */
export function logInvocation(
  log: (line: string) => void,
  context: InvocationContext,
  now: Date,
  summary: InvocationSummary,
): void {
  const { ledger } = summary;
  log(
    JSON.stringify({
      timestamp: now.toISOString(),
      level: ledger.dead_lettered > 0 || summary.warn ? 'WARN' : 'INFO',
      category: 'system',
      service: 'teddy-logs-ship',
      message: 'ship batch processed',
      request_id: context.awsRequestId,
      topology: summary.topology,
      ledger,
      ...(summary.details ? { [summary.topology]: summary.details } : {}),
    }),
  );
  log(JSON.stringify(withMetrics(formatLedgerMetrics(ledger, context.functionName, now), summary.metrics)));
}

/** Adds counts to an Embedded Metric Format object: declared beside the ledger's metrics, same namespace and dimensions. */
function withMetrics(
  emf: Record<string, unknown>,
  metrics: Record<string, number> | undefined,
): Record<string, unknown> {
  if (!metrics) return emf;
  const directive = (emf._aws as { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string; Unit: string }> }> })
    .CloudWatchMetrics[0];
  for (const name of Object.keys(metrics)) directive?.Metrics.push({ Name: name, Unit: 'Count' });
  return { ...emf, ...metrics };
}
