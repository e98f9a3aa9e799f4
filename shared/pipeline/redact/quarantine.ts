import { describeError } from '../../core/errors.js';
import type { LogDocument, RedactOutcome } from '../../core/types.js';
import { findLeaks } from './leakCheck.js';
import type { RuleSet } from './types.js';

/**
 * The leak check on a redacted document, as the stage's outcome: the document when clean, else a quarantine that
 * names the first leak and keeps the document with every leaking value replaced. Never throws.
 */
export function checkForLeaks(
  redacted: LogDocument,
  original: LogDocument,
  rules: RuleSet,
  verified?: ReadonlySet<string>,
): RedactOutcome {
  try {
    const { leaks, sanitized } = findLeaks(redacted, rules, verified);
    if (leaks.length === 0) return { ok: true, document: redacted };
    const first = leaks[0];
    return {
      ok: false,
      leak: true,
      reason: `leak check: ${first.kind} in ${first.path}`,
      content: JSON.stringify({ quarantine: 'leak check', leaks, document: sanitized }),
    };
  } catch (error) {
    return redactionFailed(`leak check: ${describeError(error)}`, original);
  }
}

/** The outcome for a record whose redaction failed: see describeForQuarantine for what is kept. */
export function redactionFailed(why: string, document: LogDocument): RedactOutcome {
  return { ok: false, leak: false, reason: `redaction failed: ${why}`, content: describeForQuarantine(document) };
}

/**
 * What the quarantine keeps of a record whose redaction failed. Not the record: it may hold exactly the secrets
 * redaction could not remove, and a dead letter is read by people and kept outside the erasure path. Only the
 * pipeline's own fields are kept, which locate the original event in CloudWatch Logs (where it stays under the log
 * group's retention) so it can be replayed once the fault is fixed.
 */
function describeForQuarantine(document: LogDocument): string {
  try {
    return JSON.stringify({
      quarantine: 'redaction failed',
      note: 'the record is not kept here; find it in CloudWatch Logs by aws.log_group, aws.log_stream and aws.event_id',
      '@timestamp': document?.['@timestamp'],
      level: document?.level,
      aws: document?.aws,
      lambda: document?.lambda?.request_id ? { request_id: document.lambda.request_id } : undefined,
    });
  } catch {
    return JSON.stringify({ quarantine: 'redaction failed' });
  }
}
