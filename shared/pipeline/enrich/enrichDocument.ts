import { LogCategory, type LogDocument } from '../../core/types.js';

/**
 * The guide's Logstash filter, as data: `if [category] == "child_safety" { add_tag => ["child_safety", "compliance"] }`
 * and `if [category] == "security" { add_tag => ["security", "alert"] }`. Exact match, as Logstash's `==` is.
 */
export const TAGS_BY_CATEGORY: Readonly<Record<string, readonly string[]>> = {
  [LogCategory.CHILD_SAFETY]: ['child_safety', 'compliance'],
  [LogCategory.SECURITY]: ['security', 'alert'],
};

/**
 * Adds the category's tags to the document's own, without duplicates, the app's tags first in their order.
 * Pure: returns a new document and leaves the given one as it was.
 */
export function enrichDocument(document: LogDocument): LogDocument {
  const { category } = document;
  // hasOwn: a category named `constructor` must not find Object.prototype's.
  const added = category !== undefined && Object.hasOwn(TAGS_BY_CATEGORY, category) ? TAGS_BY_CATEGORY[category] : [];
  const tags = [...new Set([...(document.tags ?? []), ...added])];
  return { ...document, tags };
}
