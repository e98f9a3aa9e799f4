import middy from '@middy/core';
import { createS3Client, createSqsClient, createSsmClient } from '../shared/clients.js';
import { eraseChild, formatReceiptLine } from '../shared/erase/index.js';
import { ConfigError } from '../shared/errors.js';
import { type ChildIdKeys, fetchChildIdKeys, parseChildIdKeys } from '../shared/keys.js';
import { createOpenSearchClient } from '../shared/openSearchClient.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../shared/redact/index.js';
import { loadOperationsSettings } from '../shared/retention/index.js';

// Cold start: configuration validated once, clients created once per container.
const settings = loadOperationsSettings(process.env);
const { config } = settings;
if (config.STAGE === 'prod' && !config.CHILD_ID_KEY_PARAMETER) {
  throw new ConfigError(
    'refusing to start in prod without CHILD_ID_KEY_PARAMETER: the hashes would not match the stored ones',
  );
}
const ssm = createSsmClient();
const deps = {
  openSearch: settings.openSearch ? createOpenSearchClient(settings.openSearch) : undefined,
  sqs: createSqsClient(),
  s3: createS3Client(),
};

let keys: ChildIdKeys | undefined;
async function loadKeys(): Promise<ChildIdKeys> {
  if (keys) return keys;
  if (config.CHILD_ID_KEY_PARAMETER) {
    keys = await fetchChildIdKeys(ssm, config.CHILD_ID_KEY_PARAMETER, config.CHILD_ID_KEY_VERSION);
  } else if (config.CHILD_ID_KEY) {
    keys = parseChildIdKeys(config.CHILD_ID_KEY, config.CHILD_ID_KEY_VERSION, 'CHILD_ID_KEY');
  } else {
    keys = { key: DEV_CHILD_ID_KEY, previousKeys: [] };
  }
  return keys;
}

/**
 * A parent's erasure request, invoked directly: `{ "childId": "...", "dryRun"?: true, "reference"?: "ticket" }`.
 * Returns the receipt (also logged as one audit line); an empty or malformed id fails with ErasureRequestError.
 */
export const handler = middy(async (event: { childId?: unknown; dryRun?: unknown; reference?: unknown }) => {
  const redactor = createRedactor(await loadKeys());
  const receipt = await eraseChild(
    { ...deps, childIdHashes: (id) => redactor.childIdHashes(id) },
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
  process.stdout.write(`${formatReceiptLine(receipt)}\n`);
  return receipt;
});
