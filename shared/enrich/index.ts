// STUB: the enrich helper replaces this file.
import type { LogDocument } from '../types.js';

export function enrichDocument(document: LogDocument): LogDocument {
  return document;
}
