// STUB: the parse helper replaces this file.
import type { ParsedRecord } from '../types.js';

export function parseLogEvent(message: string): ParsedRecord {
  return { format: 'text', fields: { message } };
}
