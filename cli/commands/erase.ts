import { writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { createS3Client, createSqsClient } from '../../shared/core/awsClients.js';
import { eraseChild, formatReceiptLine, validateChildId } from '../../shared/operations/erase/index.js';
import { awsClientOptionsFrom, loadOperationsSettings } from '../../shared/operations/settings.js';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { createOpenSearchClient } from '../../shared/sinks/opensearch/client.js';
import type { CliIo } from '../io.js';
import { resolveCliChildIdKeys } from '../redactor.js';

interface EraseCommandOptions {
  childId: string;
  dryRun: boolean;
  reference?: string;
  report?: string;
}

/** `teddy-logs erase --child-id ID [--dry-run]`: a parent's erasure request across every store. */
export function registerErase(program: Command, io: Pick<CliIo, 'stdin' | 'stdout' | 'stderr' | 'env'>): void {
  program
    .command('erase')
    .description(
      "Erase one child's records everywhere the pipeline stores them: OpenSearch data and dead-letter indices, the " +
        'dead-letter queue and bucket, the Firehose failed-document backups and the local files under LOG_DIR. The id ' +
        'is searched as its hash under every key version and, where inputs are kept as they came, as itself; it is ' +
        'never stored.',
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
      '\nKeys: CHILD_ID_KEY_PARAMETER (SSM), else CHILD_ID_KEY, else CHILD_ID_KEY_FILE (a secret, or JSON with every\n' +
        'version: {"current":"v2","keys":{"v1":"...","v2":"..."}}). Without one only --dry-run runs.\n' +
        'Stores: OPENSEARCH_URL, DEAD_LETTER_QUEUE_URL, DEAD_LETTER_BUCKET, FIREHOSE_BACKUP_BUCKET, LOG_DIR. With none\n' +
        'of them, or one that cannot be reached, erase refuses (exit 2) and writes no receipt.\n' +
        'The JSON receipt goes to stdout, a one-line summary to stderr. See docs/erasure.md for what cannot be erased\n' +
        'record by record and when everything is gone.',
    )
    .action(async (options: EraseCommandOptions) => {
      const settings = loadOperationsSettings(io.env);
      const { config } = settings;
      const aws = awsClientOptionsFrom(io.env);
      // The id is checked before anything else: a typo must not wait for keys and stores to be reached.
      const childId = validateChildId(options.childId === '-' ? await readFirstLine(io.stdin) : options.childId);
      const keys = await resolveCliChildIdKeys(config, io.env, {
        warn: (message) => io.stderr.write(`${message}\n`),
        refuseDevelopmentKeyFor: options.dryRun ? undefined : 'erase',
        refusalHint: 'or count with --dry-run',
      });
      const redactor = createRedactor(keys);
      const openSearch = settings.openSearch ? createOpenSearchClient(settings.openSearch) : undefined;
      try {
        const receipt = await eraseChild(
          {
            childIdHashes: (id) => redactor.childIdHashes(id),
            keySource: keys.source,
            openSearch,
            sqs: config.DEAD_LETTER_QUEUE_URL ? createSqsClient(aws) : undefined,
            s3: config.DEAD_LETTER_BUCKET || settings.firehoseBackupBucket ? createS3Client(aws) : undefined,
          },
          { childId, dryRun: options.dryRun, reference: options.reference },
          {
            indexPrefix: config.OPENSEARCH_INDEX,
            deadLetterQueueUrl: config.DEAD_LETTER_QUEUE_URL,
            deadLetterBucket: config.DEAD_LETTER_BUCKET,
            backupBucket: settings.firehoseBackupBucket,
            localDirectory: config.LOG_DIR,
            cloudWatchRetentionDays: config.CLOUDWATCH_RETENTION_DAYS,
          },
        );
        const json = `${JSON.stringify(receipt, null, 2)}\n`;
        io.stdout.write(json);
        if (options.report) await writeFile(options.report, json);
        io.stderr.write(`${JSON.parse(formatReceiptLine(receipt)).message}\n`);
      } finally {
        await openSearch?.close();
      }
    });
}

async function readFirstLine(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
