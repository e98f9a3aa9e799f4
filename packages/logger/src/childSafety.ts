import { LogCategory } from '../../../shared/core/types.js';
import { ALERTING_ACTIONS } from './constants.js';
import { getLogger, type Logger } from './logger.js';

/** One child safety event: what happened to which child, and what was done about it. */
export interface ChildSafetyEvent {
  /** Hashed at source with the pipeline's key; dropped (never written raw) when no key is configured. */
  childId?: string | undefined;
  /** What was done: `allowed`, `blocked`, `flagged`, or your own word. blocked and flagged are written as WARN. */
  action?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  correlationId?: string | undefined;
}

/** Logs COPPA-relevant events under category child_safety, the category the alarms and dashboards count. */
export interface ChildSafetyLogger {
  childSafety(message: string, event?: ChildSafetyEvent): void;
}

/** A child safety logger writing through `logger`. */
export function createChildSafetyLogger(logger: Logger): ChildSafetyLogger {
  return {
    childSafety(message, event = {}) {
      const { childId, action, metadata, correlationId } = event;
      const fields = {
        category: LogCategory.CHILD_SAFETY,
        childId,
        correlationId,
        metadata: action === undefined ? metadata : { ...metadata, action },
      };
      if (action !== undefined && ALERTING_ACTIONS.has(action.toLowerCase())) logger.warn(message, fields);
      else logger.info(message, fields);
    },
  };
}

let sharedLogger: ChildSafetyLogger | undefined;

/** The process's child safety logger (logger name `child_safety`), made on first use from the environment. */
export const childSafetyLogger: ChildSafetyLogger = {
  childSafety(message, event) {
    sharedLogger ??= createChildSafetyLogger(getLogger('child_safety'));
    sharedLogger.childSafety(message, event);
  },
};
