export type { BusinessOperationOptions } from './businessOperation.js';
export { logBusinessOperation, Outcome } from './businessOperation.js';
export type { ChildSafetyEvent, ChildSafetyLogger } from './childSafety.js';
export { childSafetyLogger, createChildSafetyLogger } from './childSafety.js';
export type { ChildIdKeyConfig, LoggerConfig } from './config.js';
export { readLoggerConfig } from './config.js';
export { CORRELATION_HEADER } from './constants.js';
export {
  cleanCorrelationId,
  createCorrelationId,
  enterCorrelationId,
  getCorrelationId,
  withCorrelationId,
} from './correlation.js';
export { extractCorrelationId, extractRecordCorrelationId } from './eventCorrelation.js';
export type { HttpCorrelationOptions } from './http.js';
export { expressCorrelationIds, fastifyCorrelationIds } from './http.js';
export type { LevelName, LogFields, Logger, Logging, LoggingOptions } from './logger.js';
export {
  createLogging,
  describeThrown,
  getDefaultLogging,
  getLogger,
  LogCategory,
  resetLogging,
  setChildIdKey,
} from './logger.js';
export type { CorrelationIdsOptions } from './middy.js';
export { correlationIds, withCorrelation } from './middy.js';
export type { FieldRedactor } from './sourceRedaction.js';
