import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../core/errors.js';
import type { DeliveryResult, LogDocument, Sink } from '../core/types.js';
import { computeDailyIndexName } from './opensearch/bulkSink.js';

/**
 * The embedded default sink: daily NDJSON files `<prefix>-YYYY.MM.DD.ndjson` under a directory, named like the
 * OpenSearch indices they stand in for, so a local run can be replayed into a cluster later.
 */
export function createDailyFileSink(directory: string, prefix = 'ai-teddy-bear-logs'): Sink {
  let ready: Promise<unknown> | undefined;
  return {
    name: `file:${directory}`,
    async deliver(documents: LogDocument[]): Promise<DeliveryResult> {
      ready ??= mkdir(directory, { recursive: true });
      await ready;
      const byFile = new Map<string, LogDocument[]>();
      for (const document of documents) {
        const index = computeDailyIndexName(prefix, document['@timestamp']) ?? `${prefix}-undated`;
        const file = join(directory, `${index}.ndjson`);
        const group = byFile.get(file);
        if (group) group.push(document);
        else byFile.set(file, [document]);
      }
      const result: DeliveryResult = { delivered: 0, failed: [] };
      for (const [file, group] of byFile) {
        try {
          await appendFile(file, group.map((d) => `${JSON.stringify(d)}\n`).join(''));
          result.delivered += group.length;
        } catch (error) {
          const reason = `cannot append to ${file}: ${describeError(error)}`;
          for (const document of group) result.failed.push({ document, reason });
        }
      }
      return result;
    },
  };
}
