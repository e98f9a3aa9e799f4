// STUB: the normalise helper replaces this file.
import type { LogDocument, LogEvent, LogSource, ParsedRecord } from '../types.js';

export function normaliseRecord(parsed: ParsedRecord, event: LogEvent, source: LogSource): LogDocument {
  return {
    '@timestamp': new Date(event.timestamp).toISOString(),
    level: 'INFO',
    message: String(parsed.fields.message ?? ''),
    tags: [],
    aws: { log_group: source.logGroup, log_stream: source.logStream, event_id: event.id, account_id: source.owner },
  };
}
