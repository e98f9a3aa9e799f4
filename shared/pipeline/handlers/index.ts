export {
  classifyEvent,
  EventShape,
  type EventShapeName,
  FirehoseResult,
  type FirehoseResultName,
  type FirehoseTransformEvent,
  type FirehoseTransformResponse,
  firehoseTransformEventSchema,
  type KinesisBatchResponse,
  type KinesisEvent,
  kinesisEventSchema,
} from './eventShapes.js';
export {
  createFirehoseTransformHandler,
  FIREHOSE_RESPONSE_BUDGET_BYTES,
  type FirehoseTransformDeps,
  type Reingest,
} from './firehoseTransformHandler.js';
export { type InvocationContext, type InvocationSummary, logInvocation } from './invocationLog.js';
export { createKinesisShipHandler } from './kinesisHandler.js';
export { createShipFunctionHandler, type ShipFunctionDeps } from './shipFunctionHandler.js';
