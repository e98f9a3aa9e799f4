import { createBoundedMemo } from '../../core/boundedMemo.js';

const SEPARATORS = /[-_.\s]+/g;
/** Logs repeat a few hundred keys; hostile input with endless distinct keys must not grow memory. */
const NORMALISED_LIMIT = 10_000;
const normalised = createBoundedMemo<string, string>(NORMALISED_LIMIT);

function normalise(name: string): string {
  return name.replace(SEPARATORS, '').toLowerCase();
}

/**
 * A field name as rules compare it: lowercase, without `-`, `_`, `.` and whitespace, so `apiKey`, `api_key` and
 * `X-Api-Key` give `apikey`/`xapikey`. Memoised: logs repeat the same few hundred keys.
 */
export function normaliseFieldName(name: string): string {
  return normalised.getOrCompute(name, normalise);
}
