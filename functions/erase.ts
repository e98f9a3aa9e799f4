import middy from '@middy/core';
import { createS3Client, createSqsClient, createSsmClient } from '../shared/core/awsClients.js';
import {
  assertChildIdKeyConfigured,
  type ResolvedChildIdKeys,
  resolveChildIdKeys,
} from '../shared/core/childIdKeys.js';
import { listDeprecationWarnings } from '../shared/core/config.js';
import { writeLogLine, writeWarnings } from '../shared/core/logLine.js';
import { eraseChild, formatReceiptLine } from '../shared/operations/erase/index.js';
import { loadOperationsSettings } from '../shared/operations/settings.js';
import { createRedactor } from '../shared/pipeline/redact/index.js';
import { createOpenSearchClient } from '../shared/sinks/opensearch/client.js';

// Cold start: configuration validated once, clients created once per container.
const settings = loadOperationsSettings(process.env);
writeWarnings(listDeprecationWarnings(process.env), 'teddy-logs-erase');
const { config } = settings;
assertChildIdKeyConfigured(config);
const ssm = createSsmClient();
const deps = {
  openSearch: settings.openSearch ? createOpenSearchClient(settings.openSearch) : undefined,
  sqs: createSqsClient(),
  s3: createS3Client(),
};

let keys: ResolvedChildIdKeys | undefined;
async function loadKeys(): Promise<ResolvedChildIdKeys> {
  keys ??= await resolveChildIdKeys(config, ssm);
  return keys;
}

/**
 * A parent's erasure request, invoked directly: `{ "childId": "...", "dryRun"?: true, "reference"?: "ticket" }`.
 * Returns the receipt (also logged as one audit line); an empty or malformed id fails with ErasureRequestError.
 */
export const handler = middy(async (event: { childId?: unknown; dryRun?: unknown; reference?: unknown }) => {
  const resolved = await loadKeys();
  const redactor = createRedactor(resolved);
  const receipt = await eraseChild(
    { ...deps, keySource: resolved.source, childIdHashes: (id) => redactor.childIdHashes(id) },
    {
      childId: event?.childId,
      dryRun: event?.dryRun === true,
      reference: typeof event?.reference === 'string' ? event.reference : undefined,
    },
    {
      indexPrefix: config.OPENSEARCH_INDEX,
      deadLetterQueueUrl: config.DEAD_LETTER_QUEUE_URL,
      deadLetterBucket: config.DEAD_LETTER_BUCKET,
      backupBucket: settings.firehoseBackupBucket,
      cloudWatchRetentionDays: config.CLOUDWATCH_RETENTION_DAYS,
    },
  );
  writeLogLine(formatReceiptLine(receipt));
  return receipt;
});
