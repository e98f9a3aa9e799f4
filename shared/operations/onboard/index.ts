export { groupNamesFromEvent } from './event.js';
export {
  formatOnboardLine,
  MAX_SUBSCRIPTION_FILTERS,
  METRIC_FILTER_NAME_PREFIX,
  type OnboardGroupEntry,
  type OnboardOptions,
  type OnboardReport,
  onboardLogGroups,
  SUBSCRIPTION_FILTER_NAME,
  SubscriptionStatus,
  type SubscriptionStatusName,
} from './onboardLogGroups.js';
