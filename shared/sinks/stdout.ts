import type { Writable } from 'node:stream';
import type { DeliveryResult, LogDocument, Sink } from '../core/types.js';

/** NDJSON to a stream (stdout for the CLI): one document per line and nothing else. */
export function createStreamSink(stream: Writable, name = 'stdout'): Sink {
  return {
    name,
    async deliver(documents: LogDocument[]): Promise<DeliveryResult> {
      if (documents.length === 0) return { delivered: 0, failed: [] };
      await writeAll(stream, documents.map((d) => `${JSON.stringify(d)}\n`).join(''));
      return { delivered: documents.length, failed: [] };
    },
  };
}

/** Writes a chunk, waiting for the stream to drain so memory stays bounded on long runs. */
export function writeAll(stream: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(chunk, (error) => (error ? reject(error) : ok && resolve()));
    if (!ok) stream.once('drain', resolve);
  });
}
