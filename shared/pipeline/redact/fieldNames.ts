const SEPARATORS = /[-_.\s]+/g;
const CACHE_LIMIT = 10_000;
const normalised = new Map<string, string>();

/**
 * A field name as rules compare it: lowercase, without `-`, `_`, `.` and whitespace, so `apiKey`, `api_key` and
 * `X-Api-Key` give `apikey`/`xapikey`. Memoised: logs repeat the same few hundred keys.
 */
export function normaliseFieldName(name: string): string {
  let result = normalised.get(name);
  if (result === undefined) {
    result = name.replace(SEPARATORS, '').toLowerCase();
    // A bounded cache: hostile input with endless distinct keys must not grow memory.
    if (normalised.size >= CACHE_LIMIT) normalised.clear();
    normalised.set(name, result);
  }
  return result;
}
