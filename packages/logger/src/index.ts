export type { BusinessOperationOptions } from './businessOperation.js';
export { logBusinessOperation, Outcome } from './businessOperation.js';
export type { ChildIdKeyConfig, ParameterReader } from './childIdKey.js';
export type { ChildSafetyEvent, ChildSafetyLogger } from './childSafety.js';
export { childSafetyLogger, createChildSafetyLogger } from './childSafety.js';
export type { LoggerConfig, WarningSink } from './config.js';
export { LOGGER_DEFAULTS, readLoggerConfig } from './config.js';
export { CORRELATION_HEADER } from './constants.js';
export {
  cleanCorrelationId,
  createCorrelationId,
  enterCorrelationId,
  getCorrelationId,
  withCorrelationId,
} from './correlation.js';
export { extractCorrelationId, extractRecordCorrelationId } from './eventCorrelation.js';
export type { HttpCorrelationOptions, RequestHeaders } from './http.js';
export { expressCorrelationIds, fastifyCorrelationIds } from './http.js';
export type { ChildIdKeyParameterOptions } from './keyParameter.js';
export { loadChildIdKeyParameter } from './keyParameter.js';
export type { LevelName, LineDestination, LogFields, Logger, Logging, LoggingOptions } from './logger.js';
export {
  createLogging,
  describeThrown,
  getDefaultLogging,
  getLogger,
  LogCategory,
  resetLogging,
  setChildIdKey,
} from './logger.js';
export type { CorrelationIdsOptions, MiddyRequestLike } from './middy.js';
export { correlationIds, withCorrelation } from './middy.js';
export type { FieldRedactor } from './sourceRedaction.js';
