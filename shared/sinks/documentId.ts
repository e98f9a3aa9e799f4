import { createHash } from 'node:crypto';
import type { LogDocument } from '../core/types.js';

/**
 * The deterministic `_id` of a document in OpenSearch, so a retry or a replay overwrites instead of duplicating.
 *
 * Every document carries `aws.event_id` (the contract requires it): CloudWatch Logs gives each event a unique id
 * within its log group, and the CLI numbers raw lines by input and position. So the id is the SHA-256 of the log
 * group and the event id. Only when the event id is empty does it fall back to the document's content and its
 * position in the batch. Hex-encoded: 64 characters, well under OpenSearch's 512-byte id limit.
 */
export function computeDocumentId(document: LogDocument, position: number): string {
  const hash = createHash('sha256');
  if (document.aws?.event_id) {
    hash.update(`event\n${document.aws.log_group ?? ''}\n${document.aws.event_id}`);
  } else {
    hash.update(`content\n${position}\n${JSON.stringify(document)}`);
  }
  return hash.digest('hex');
}
