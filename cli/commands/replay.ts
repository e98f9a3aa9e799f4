import { createReadStream, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { createS3Client, createSqsClient } from '../../shared/core/awsClients.js';
import { type Config, loadConfig } from '../../shared/core/config.js';
import { ConfigError } from '../../shared/core/errors.js';
import {
  DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
  formatReplayLine,
  type ReplayDeps,
  type ReplayReport,
  replayLines,
  replayQueue,
} from '../../shared/operations/replay/index.js';
import { awsClientOptionsFrom } from '../../shared/operations/settings.js';
import { compileDropRules, parseDropPatterns } from '../../shared/pipeline/drop/dropRules.js';
import { createElasticsearchRunSinks } from '../elasticsearchSinks.js';
import { readLines } from '../inputs.js';
import type { CliIoWithExit } from '../io.js';
import { createOpenSearchRunSinks } from '../openSearchSinks.js';
import { createLocalSinks, type RunSinks, SINK_NAMES, type SinkName } from '../process.js';
import { makeCliRedactor, resolveCliChildIdKeys } from '../redactor.js';
import { collect, parsePositiveInt, parseUrl } from './optionParsers.js';

export type ReplayIo = Pick<CliIoWithExit, 'stdout' | 'stderr' | 'env' | 'setExitCode'>;

interface ReplayCommandOptions {
  queueUrl?: string;
  file?: string;
  sink: SinkName;
  opensearchUrl?: string;
  elasticsearchUrl?: string;
  rules?: string;
  drop: string[];
  max?: number;
  dryRun: boolean;
  visibilityTimeout: number;
  report?: string;
  allowDevelopmentKey: boolean;
}

/**
 * `teddy-logs replay (--queue-url URL | --file PATH) --sink stdout|file|opensearch [--dry-run] [--max N]`: dead
 * letters re-delivered the right way for each kind (see shared/operations/replay). Exit 0 when the report balances, 1 when it
 * does not, 2 on a usage or configuration error.
 */
export function registerReplay(program: Command, io: ReplayIo): void {
  program
    .command('replay')
    .description(
      'Re-deliver dead letters: undeliverable documents as they are, malformed inputs and Lambda on-failure events ' +
        'through the pipeline again. Quarantined and unrecognised entries are never forwarded and stay where they are.',
    )
    .option(
      '--queue-url <url>',
      'the dead-letter queue (SQS; default: DEAD_LETTER_QUEUE_URL); pointers to S3 are read from the bucket they name',
    )
    .option('--file <path>', 'an NDJSON dead-letter file, e.g. LOG_DIR/dead-letters.ndjson (or saved stderr)')
    .addOption(new Option('--sink <sink>', 'where replayed documents go').choices(SINK_NAMES).makeOptionMandatory())
    .option('--opensearch-url <url>', 'OpenSearch endpoint for --sink opensearch (default: OPENSEARCH_URL)', parseUrl)
    .option(
      '--elasticsearch-url <url>',
      'Elasticsearch node for --sink elasticsearch (default: ELASTICSEARCH_HOSTS)',
      parseUrl,
    )
    .option('--rules <path>', 'redaction rules file (JSON or YAML) for re-processed inputs')
    .option(
      '--drop <pattern>',
      'drop re-processed documents matching this filter pattern; repeatable; added to DROP_FILTER_PATTERNS',
      collect,
      [] as string[],
    )
    .option('--max <n>', 'stop after N entries', parsePositiveInt)
    .option('--dry-run', 'read and report what would happen; deliver, write and delete nothing', false)
    .option(
      '--visibility-timeout <seconds>',
      'how long received messages stay hidden while the run holds them',
      parsePositiveInt,
      DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
    )
    .option('--report <path>', 'also write the JSON report to this file')
    .option(
      '--allow-development-key',
      'replay a queue with the public development child-id key (test queues only)',
      false,
    )
    .addHelpText(
      'after',
      '\nA queue message is deleted only after its content was delivered or its new dead letter written; everything\n' +
        'else is made visible again. A file is never changed. New dead letters go where `process` puts them for the\n' +
        'same --sink. The JSON report goes to stdout (to stderr with --sink stdout), a one-line summary to stderr.\n' +
        'Exit status: 0 when the report balances, 1 when it does not, 2 on a usage or setup error.',
    )
    .action(async (options: ReplayCommandOptions) => {
      const config = loadConfig(io.env);
      const queueUrl = chooseQueue(options, config);
      const aws = awsClientOptionsFrom(io.env);
      const warn = (message: string) => io.stderr.write(`${message}\n`);
      // Re-processed inputs must hash child ids as the pipeline did: a queue is refused the development key.
      const refuse = queueUrl && !options.dryRun && !options.allowDevelopmentKey;
      const keys = await resolveCliChildIdKeys(config, io.env, {
        warn,
        refuseDevelopmentKeyFor: refuse ? 'replay a queue' : undefined,
        refusalHint: 'or pass --allow-development-key for a test queue',
      });
      const lines = options.file ? openDeadLetterFile(options.file, options, config) : undefined;
      const deps: ReplayDeps = {
        redactor: await makeCliRedactor(config, io.env, options.rules, warn, keys),
        drop: compileDropRules([...parseDropPatterns(config.DROP_FILTER_PATTERNS), ...options.drop]),
        s3: createS3Client(aws),
        // A dry run writes nothing, so it does not create sinks (an OpenSearch sink installs the index template).
        sinks: options.dryRun ? undefined : await createSinks(options, config, io),
      };
      const report = queueUrl
        ? await replayQueue(createSqsClient(aws), deps, {
            queueUrl,
            dryRun: options.dryRun,
            max: options.max,
            visibilityTimeoutSeconds: options.visibilityTimeout,
          })
        : await replayLines(lines as AsyncIterable<string>, deps, {
            source: options.file as string,
            dryRun: options.dryRun,
            max: options.max,
          });
      await writeReport(report, options, io);
      if (!report.balanced) {
        io.stderr.write(
          'teddy-logs: ERROR: not every entry was handled (read != replayed + dead-lettered again + quarantined + ' +
            'unrecognised): the failed ones are still in place; see "notes" in the report.\n',
        );
        io.setExitCode(1);
      }
    });
}

/** The queue to replay, or undefined for a file: exactly one source, the pipeline's queue unless another is named. */
function chooseQueue(options: ReplayCommandOptions, config: Config): string | undefined {
  const queueUrl = options.queueUrl ?? (options.file ? undefined : config.DEAD_LETTER_QUEUE_URL);
  if (Boolean(queueUrl) === Boolean(options.file)) {
    throw new ConfigError('give exactly one source: --queue-url URL (default: DEAD_LETTER_QUEUE_URL) or --file PATH');
  }
  return queueUrl;
}

async function createSinks(options: ReplayCommandOptions, config: Config, io: ReplayIo): Promise<RunSinks> {
  if (options.sink === 'opensearch') return createOpenSearchRunSinks(config, options.opensearchUrl);
  if (options.sink === 'elasticsearch') return createElasticsearchRunSinks(config, options.elasticsearchUrl);
  return createLocalSinks(options.sink, config, io);
}

/**
 * The lines of a dead-letter file as they are when the run starts: letters this run appends (to the same file, or
 * another run's) are not read. Replaying the file the run's own dead letters go to is refused: a second replay could
 * not tell the letters already handled from the new ones.
 */
function openDeadLetterFile(path: string, options: ReplayCommandOptions, config: Config): AsyncIterable<string> {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('not a regular file');
    size = stats.size;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`cannot read the dead-letter file ${path}: ${reason}`, error);
  }
  const ownDeadLetters = resolve(join(config.LOG_DIR, 'dead-letters.ndjson'));
  if (!options.dryRun && options.sink !== 'stdout' && resolve(path) === ownDeadLetters) {
    throw new ConfigError(
      `${path} is where this run's own dead letters go: move it aside first ` +
        `(mv ${path} ${path}.replaying) and replay the moved file`,
    );
  }
  return (async function* () {
    if (size === 0) return;
    for await (const { line } of readLines(createReadStream(path, { end: size - 1 }))) yield line;
  })();
}

async function writeReport(report: ReplayReport, options: ReplayCommandOptions, io: ReplayIo): Promise<void> {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  // With --sink stdout the documents own stdout (one per line); the report must not be mixed into them.
  (options.sink === 'stdout' ? io.stderr : io.stdout).write(json);
  if (options.report) await writeFile(options.report, json);
  io.stderr.write(`${formatReplayLine(report)}\n`);
}
