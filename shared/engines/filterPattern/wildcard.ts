/**
 * A value in a filter pattern with `*` wildcards (`{ $.eventType = *Trail }`, `[..., status_code = 4*, ...]`).
 * AWS documents `*` "at, before, or after a search term": `*Event` matches PutEvent, `Event*` matches EventId, and
 * "`Ev*ent` will only match the actual string Ev*ent" (CloudWatch Logs User Guide, "Filter and Pattern Syntax",
 * 2020). So only a leading and a trailing `*` are wildcards; one in the middle is a literal character.
 */
export type TextMatcher = (text: string) => boolean;

export function compileWildcard(pattern: string): TextMatcher {
  const leading = pattern.startsWith('*');
  const trailing = pattern.length > 1 && pattern.endsWith('*');
  const core = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (text) => text.includes(core);
  if (leading) return (text) => text.endsWith(core);
  if (trailing) return (text) => text.startsWith(core);
  return (text) => text === core;
}

/** Whether the text has a wildcard at all (an exact value compares numbers as numbers). */
export function hasWildcard(pattern: string): boolean {
  return pattern.startsWith('*') || pattern.endsWith('*');
}
