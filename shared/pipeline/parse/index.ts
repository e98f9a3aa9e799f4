export { levelOfName } from './levelNames.js';
export { parseLogEvent } from './parseLogEvent.js';
export { isRecord, parseJsonObject, safeKey } from './safeJson.js';
