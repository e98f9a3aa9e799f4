export { assertCloudWatchRetentionDays } from './cloudWatch.js';
export { compileDailyIndexPattern, parseIndexDate } from './expireIndices.js';
export {
  formatRetentionLine,
  type RetentionDeps,
  type RetentionOptions,
  type RetentionReport,
  runRetention,
} from './runRetention.js';
