import type { Ledger } from '../core/types.js';

/** The namespace of the pipeline's own health metrics (the apps' metrics live in AITeddyBear/Logs). */
export const PIPELINE_NAMESPACE = 'AITeddyBear/Pipeline';

/**
 * One invocation's ledger as a CloudWatch Embedded Metric Format object: CloudWatch turns the log line into metrics
 * with no API call. Format: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function formatLedgerMetrics(ledger: Ledger, functionName: string, now: Date): Record<string, unknown> {
  const redactionsApplied = Object.values(ledger.redactions).reduce((sum, n) => sum + n, 0);
  const values = {
    RecordsReceived: ledger.records_in,
    RecordsDelivered: ledger.records_out,
    RecordsFiltered: ledger.filtered,
    RecordsDeadLettered: ledger.dead_lettered,
    RedactionsApplied: redactionsApplied,
    LeaksBlocked: ledger.leaks_blocked,
  };
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: PIPELINE_NAMESPACE,
          Dimensions: [['FunctionName']],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    FunctionName: functionName,
    ...values,
  };
}
