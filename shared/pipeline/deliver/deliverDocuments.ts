import { DeliveryError, describeError } from '../../core/errors.js';
import { maskSecrets } from '../../core/secrets.js';
import type { DeadLetter, DeadLetterSink, LogDocument, Sink } from '../../core/types.js';

export interface DeliveryOutcome {
  delivered: LogDocument[];
  deadLettered: DeadLetter[];
}

/**
 * Hands documents to the sink and keeps everything it could not accept, plus `letters` from earlier stages, in the
 * dead letter. Every document ends in exactly one of the two lists. Throws a DeliveryError only when the dead letter
 * itself cannot be written, so the caller's own retry keeps the original input.
 */
export async function deliverDocuments(
  documents: LogDocument[],
  sink: Sink,
  deadLetters: DeadLetterSink,
  letters: DeadLetter[] = [],
  now: () => Date = () => new Date(),
): Promise<DeliveryOutcome> {
  const failed = await deliverOrFailAll(documents, sink);
  const failedDocuments = new Set(failed.map((failure) => failure.document));
  const delivered = failedDocuments.size === 0 ? documents : documents.filter((d) => !failedDocuments.has(d));
  const at = now().toISOString();
  const deadLettered = [
    ...letters,
    ...failed.map(
      ({ document, reason }): DeadLetter => ({
        kind: 'undeliverable',
        stage: 'deliver',
        // A sink's name or error can carry its address with credentials; a dead letter is stored and shown.
        reason: maskSecrets(`${sink.name}: ${reason}`),
        content: JSON.stringify(document),
        source: {
          logGroup: document.aws.log_group,
          logStream: document.aws.log_stream,
          owner: document.aws.account_id,
          event_id: document.aws.event_id,
        },
        at,
      }),
    ),
  ];
  await keepDeadLetters(deadLetters, deadLettered);
  return { delivered, deadLettered };
}

/** Writes dead letters, turning any failure into a retryable DeliveryError that names the dead-letter sink. */
export async function keepDeadLetters(deadLetters: DeadLetterSink, letters: DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  try {
    await deadLetters.write(letters);
  } catch (error) {
    throw new DeliveryError(
      `could not keep ${letters.length} dead letter(s) in ${deadLetters.name}: ${describeError(error)}`,
      error,
    );
  }
}

async function deliverOrFailAll(documents: LogDocument[], sink: Sink) {
  if (documents.length === 0) return [];
  try {
    return (await sink.deliver(documents)).failed;
  } catch (error) {
    // A sink is expected to report failures per document; one that throws fails the whole batch, which is kept.
    const reason = `sink threw: ${describeError(error)}`;
    return documents.map((document) => ({ document, reason }));
  }
}
