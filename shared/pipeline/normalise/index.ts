export { FIELD_SPELLINGS } from './appFields.js';
export { findLevelWord, toLevel } from './level.js';
export { readEcsStream, readLogGroup } from './logSource.js';
export { normaliseRecord } from './normaliseRecord.js';
export { formatTimestamp, toEpochMillis, toIsoTimestamp } from './timestamp.js';
