import { describeError } from '../../core/errors.js';
import { addLedger, createLedger } from '../../core/ledger.js';
import { decodeSubscriptionData } from '../decode/index.js';
import { preparePipeline, type ShipDeps } from '../lambdaHandler.js';
import { processDecoded } from '../pipeline.js';
import { annotateDeadLetters } from './annotateDeadLetters.js';
import type { KinesisBatchResponse, KinesisEvent } from './eventShapes.js';
import { type InvocationContext, logInvocation } from './invocationLog.js';

/**
 * The ship function behind a Kinesis event source mapping (topology `kinesis`). Each record's data is one CloudWatch
 * Logs subscription payload (gzip), so each record goes through the pipeline on its own: a record that cannot be
 * decoded is one malformed dead letter, a bad log event inside one is one quarantine letter, and the rest of the batch
 * is delivered.
 *
 * The only record that fails is one whose dead letter could not be written (the pipeline throws a DeliveryError
 * then). It is reported as a batch item failure (`ReportBatchItemFailures`) and the records after it are left
 * untouched: Lambda checkpoints before the lowest failed sequence number and retries from there
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html), so what was delivered
 * before it is not replayed, and what comes after it is not delivered twice. After the mapping's retries the record
 * reaches the on-failure destination; with bisect-on-error it is isolated first.
 */
export function createKinesisShipHandler(deps: ShipDeps) {
  return async (event: KinesisEvent, context: InvocationContext): Promise<KinesisBatchResponse> => {
    const pipeline = await preparePipeline(deps, context);
    const ledger = createLedger();
    const batchItemFailures: KinesisBatchResponse['batchItemFailures'] = [];
    let failure: string | undefined;
    let processed = 0;
    for (const record of event.Records) {
      const { sequenceNumber, data } = record.kinesis;
      const origin = `kinesis ${record.eventSourceARN ?? 'unknown stream'} ${sequenceNumber}`;
      const decoded = decodeSubscriptionData(data as string, { region: record.awsRegion, perEvent: true });
      try {
        addLedger(
          ledger,
          await processDecoded(decoded, { ...pipeline, deadLetters: annotateDeadLetters(deps.deadLetters, origin) }),
        );
        processed += 1;
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: sequenceNumber });
        failure = `${origin}: ${describeError(error)}`;
        break;
      }
    }
    logInvocation(deps.log, context, pipeline.now(), {
      ledger,
      topology: 'kinesis',
      warn: failure !== undefined,
      metrics: { KinesisBatchItemFailures: batchItemFailures.length },
      details: {
        records: event.Records.length,
        processed,
        batch_item_failures: batchItemFailures.length,
        ...(failure ? { failure } : {}),
      },
    });
    return { batchItemFailures };
  };
}
