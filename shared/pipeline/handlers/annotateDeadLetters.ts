import type { DeadLetterSink } from '../../core/types.js';

/**
 * A dead-letter sink that appends where the input came from to every letter's reason (`[kinesis <stream> <sequence>]`,
 * `[firehose <stream> <recordId>]`), so a letter of a record that could not even be decoded still says which record
 * of which stream it was.
 */
export function annotateDeadLetters(sink: DeadLetterSink, origin: string): DeadLetterSink {
  return {
    name: sink.name,
    write: (letters) => sink.write(letters.map((letter) => ({ ...letter, reason: `${letter.reason} [${origin}]` }))),
  };
}
