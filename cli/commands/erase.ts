import { readFile, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { createS3Client, createSqsClient, createSsmClient } from '../../shared/core/awsClients.js';
import { type ChildIdKeys, fetchChildIdKeys, parseChildIdKeys } from '../../shared/core/childIdKeys.js';
import type { Config } from '../../shared/core/config.js';
import { ConfigError } from '../../shared/core/errors.js';
import { eraseChild, formatReceiptLine } from '../../shared/operations/erase/index.js';
import { describeAwsClients, loadOperationsSettings } from '../../shared/operations/settings.js';
import { createRedactor, DEV_CHILD_ID_KEY } from '../../shared/pipeline/redact/index.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import type { CliIo } from '../io.js';

/** `teddy-logs erase --child-id ID [--dry-run]`: a parent's erasure request across every store. */
export function registerErase(program: Command, io: Pick<CliIo, 'stdin' | 'stdout' | 'stderr' | 'env'>): void {
  program
    .command('erase')
    .description(
      "Erase one child's records everywhere the pipeline stores them: OpenSearch indices, the dead-letter queue and " +
        'bucket, the Firehose failed-document backups. The id is hashed under every key version; it is never stored.',
    )
    .requiredOption(
      '--child-id <id>',
      "the child's raw id; '-' reads it from the first line of stdin (keeps it out of shell history)",
    )
    .option('--dry-run', 'count what would be erased and erase nothing', false)
    .option('--reference <ref>', 'request reference for the receipt (a ticket number, not a name)')
    .option('--report <path>', 'also write the JSON receipt to this file')
    .addHelpText(
      'after',
      '\nKeys: CHILD_ID_KEY_PARAMETER (SSM), else CHILD_ID_KEY or CHILD_ID_KEY_FILE (a secret, or JSON with every\n' +
        'version: {"current":"v2","keys":{"v1":"...","v2":"..."}}), else the development key.\n' +
        'The JSON receipt goes to stdout, a one-line summary to stderr. See docs/erasure.md for what cannot be erased\n' +
        'record by record and when everything is gone.',
    )
    .action(async (options: { childId: string; dryRun: boolean; reference?: string; report?: string }) => {
      const settings = loadOperationsSettings(io.env);
      const { config } = settings;
      const aws = describeAwsClients(io.env);
      const childId = options.childId === '-' ? await readFirstLine(io.stdin) : options.childId;
      const keys = await loadKeys(config, aws, (message) => io.stderr.write(`${message}\n`));
      const redactor = createRedactor(keys);
      const receipt = await eraseChild(
        {
          childIdHashes: (id) => redactor.childIdHashes(id),
          openSearch: settings.openSearch ? createOpenSearchClient(settings.openSearch) : undefined,
          sqs: createSqsClient(aws),
          s3: createS3Client(aws),
        },
        { childId, dryRun: options.dryRun, reference: options.reference },
        {
          indexPrefix: config.OPENSEARCH_INDEX,
          deadLetterQueueUrl: config.DEAD_LETTER_QUEUE_URL,
          deadLetterBucket: config.DEAD_LETTER_BUCKET,
          backupBucket: settings.firehoseBackupBucket,
          cloudWatchRetentionDays: config.CLOUDWATCH_RETENTION_DAYS,
        },
      );
      const json = `${JSON.stringify(receipt, null, 2)}\n`;
      io.stdout.write(json);
      if (options.report) await writeFile(options.report, json);
      io.stderr.write(`${JSON.parse(formatReceiptLine(receipt)).message}\n`);
    });
}

/** The keys the pipeline hashed with, every version of them: erasure must find hashes made before a rotation. */
async function loadKeys(
  config: Config,
  aws: ReturnType<typeof describeAwsClients>,
  warn: (message: string) => void,
): Promise<ChildIdKeys> {
  if (config.CHILD_ID_KEY_PARAMETER) {
    return fetchChildIdKeys(createSsmClient(aws), config.CHILD_ID_KEY_PARAMETER, config.CHILD_ID_KEY_VERSION);
  }
  if (config.CHILD_ID_KEY) return parseChildIdKeys(config.CHILD_ID_KEY, config.CHILD_ID_KEY_VERSION, 'CHILD_ID_KEY');
  if (config.CHILD_ID_KEY_FILE) {
    let text: string;
    try {
      text = await readFile(config.CHILD_ID_KEY_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError(`CHILD_ID_KEY_FILE ${config.CHILD_ID_KEY_FILE}: ${(error as Error).message}`, error);
    }
    return parseChildIdKeys(text, config.CHILD_ID_KEY_VERSION, 'CHILD_ID_KEY_FILE');
  }
  warn(
    'teddy-logs: WARNING: no CHILD_ID_KEY_PARAMETER, CHILD_ID_KEY or CHILD_ID_KEY_FILE — searching for hashes made with ' +
      'the DEVELOPMENT key only. Records hashed with a production key will not be found.',
  );
  return { key: DEV_CHILD_ID_KEY, previousKeys: [] };
}

async function readFirstLine(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
