export { classifyReplayEntry, type ReplayEntry, resolvePointer } from './entries.js';
export {
  type EntryResult,
  type ReplayDeps,
  ReplayOutcome,
  type ReplayOutcomeName,
  type ReplaySinks,
  replayEntry,
} from './replayEntry.js';
export { formatReplayLine, type ReplayReport } from './report.js';
export {
  createDryRunSinks,
  DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
  type LinesReplayOptions,
  type QueueReplayOptions,
  replayLines,
  replayQueue,
} from './runReplay.js';
