/** Decides whether a piece of stored text is about the child. */
export type ChildMatcher = (text: string) => boolean;

/** Characters a raw child id may hold (validateChildId): a match must not continue into more of them. */
const ID_CHAR = '[A-Za-z0-9._:@+/=-]';
/** After the id: not more of it (a full stop ending a sentence is not part of an id). */
const ID_END = String.raw`(?![A-Za-z0-9_:@+/=-]|\.[A-Za-z0-9])`;
/** A raw id this long is distinctive enough to be found on its own; a shorter one (`42`) only beside a child-id key. */
export const MIN_BARE_ID_LENGTH = 8;
// The field names the redactor hashes (defaultRules: child-id-field, child-object-id-field), in the spellings logs
// use (`child_id`, `childId`, `kid-id`, `"child":{"id"`), possibly JSON-escaped once or twice inside a dead letter.
const CHILD_ID_KEY = String.raw`(?:child|kid)(?:[_-]?ids?|[\\"'\s]*:[\\"'\s]*\{[^{}]{0,200}?[\\"']id)`;
const SEPARATOR = String.raw`[\\"'\s]*[:=][\\"'\s]*`;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A matcher for one erasure request: the text mentions one of the child's keyed hashes, or the raw id the parent
 * gave — as the value of a child-id field (`"child_id":"X"`, `child_id=X`, `"child":{"id":X}`), and, for an id of
 * MIN_BARE_ID_LENGTH characters or more, anywhere as a whole token. The raw id matters where the pipeline kept the
 * input as it came: malformed and quarantined dead letters, on every store.
 */
export function createChildMatcher(rawId: string, hashes: readonly string[]): ChildMatcher {
  const id = escapeRegex(rawId);
  const keyed = new RegExp(`${CHILD_ID_KEY}${SEPARATOR}${id}${ID_END}`, 'i');
  const bare = rawId.length >= MIN_BARE_ID_LENGTH ? new RegExp(`(?<!${ID_CHAR})${id}${ID_END}`) : undefined;
  return (text: string) => {
    if (hashes.some((hash) => text.includes(hash))) return true;
    if (!text.includes(rawId)) return false;
    return keyed.test(text) || (bare?.test(text) ?? false);
  };
}

/** A matcher for hashes only (what a hashed store can hold). */
export function createHashMatcher(hashes: readonly string[]): ChildMatcher {
  return (text: string) => hashes.some((hash) => text.includes(hash));
}
