import { createShipHandler, type ShipDeps } from '../lambdaHandler.js';
import { classifyEvent, EventShape, firehoseTransformEventSchema, kinesisEventSchema } from './eventShapes.js';
import { createFirehoseTransformHandler, type FirehoseTransformDeps } from './firehoseTransformHandler.js';
import type { InvocationContext } from './invocationLog.js';
import { createKinesisShipHandler } from './kinesisHandler.js';

export type ShipFunctionDeps = ShipDeps & Pick<FirehoseTransformDeps, 'reingest' | 'responseBudgetBytes'>;

/**
 * The ship function of every topology: it tells the event shapes apart and answers each the way its caller expects —
 * a ledger to a CloudWatch Logs subscription (`lambda`), `batchItemFailures` to a Kinesis event source mapping
 * (`kinesis`), per-record results to a Firehose transformation (`firehose`). An event that only looks like a Kinesis
 * batch or a Firehose invocation but is not one goes the subscription way, where it is dead-lettered whole as
 * malformed with the reason.
 */
export function createShipFunctionHandler(deps: ShipFunctionDeps) {
  const subscription = createShipHandler(deps);
  const kinesis = createKinesisShipHandler(deps);
  const firehose = createFirehoseTransformHandler(deps);
  return async (event: unknown, context: InvocationContext) => {
    const shape = classifyEvent(event);
    if (shape === EventShape.KINESIS) {
      const parsed = kinesisEventSchema.safeParse(event);
      if (parsed.success) return kinesis(parsed.data, context);
    } else if (shape === EventShape.FIREHOSE) {
      const parsed = firehoseTransformEventSchema.safeParse(event);
      if (parsed.success) return firehose(parsed.data, context);
    }
    return subscription(event, context);
  };
}
