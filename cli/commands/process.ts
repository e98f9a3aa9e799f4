import { statSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { type Config, loadConfig } from '../../shared/core/config.js';
import { ConfigError } from '../../shared/core/errors.js';
import { compileDropRules, parseDropPatterns } from '../../shared/pipeline/drop/dropRules.js';
import { createElasticsearchRunSinks } from '../elasticsearchSinks.js';
import { toInputSources } from '../inputs.js';
import type { CliIoWithExit } from '../io.js';
import { createOpenSearchRunSinks } from '../openSearchSinks.js';
import { createLocalSinks, formatSummary, type RunSinks, runProcess, SINK_NAMES, type SinkName } from '../process.js';
import { makeCliRedactor } from '../redactor.js';
import { collect, parseUrl } from './optionParsers.js';

interface ProcessCommandOptions {
  sink: SinkName;
  drop: string[];
  report?: string;
  /** The old name of --report. */
  summaryJson?: string;
  rules?: string;
  logGroup?: string;
  opensearchUrl?: string;
  elasticsearchUrl?: string;
  multiline: boolean;
}

/** `teddy-logs process [FILE...]`: log lines through the same pipeline the ship function runs (see cli/process.ts). */
export function registerProcess(program: Command, io: CliIoWithExit): void {
  program
    .command('process')
    .description(
      'Run log lines through the pipeline. Each input line may be a raw app log line, a CloudWatch Logs subscription ' +
        'event ({"awslogs":{"data":...}}) or the bare base64 data string.',
    )
    .argument('[FILE...]', "input files; none or '-' reads stdin")
    .addOption(new Option('--sink <sink>', 'where documents go').choices(SINK_NAMES).default('file'))
    .option('--report <path>', "also write the run's summary as JSON to this file")
    .addOption(new Option('--summary-json <path>', 'deprecated: --report').hideHelp())
    .option('--rules <path>', 'redaction rules file (JSON or YAML) that adds, disables or overrides rules')
    .option('--log-group <name>', 'log group raw lines are attributed to (service/environment derive from it)')
    .option(
      '--drop <pattern>',
      'drop documents matching this CloudWatch Logs JSON filter pattern (counted as filtered); repeatable; ' +
        'added to DROP_FILTER_PATTERNS',
      collect,
      [] as string[],
    )
    .option(
      '--no-multiline',
      'one record per line: do not join stack frames, tracebacks and other continuation lines (see the README)',
    )
    .option('--opensearch-url <url>', 'OpenSearch address for --sink opensearch (default: OPENSEARCH_URL)', parseUrl)
    .option(
      '--elasticsearch-url <url>',
      'Elasticsearch node for --sink elasticsearch (default: ELASTICSEARCH_HOSTS)',
      parseUrl,
    )
    .addHelpText(
      'after',
      '\nSinks: file (default) writes daily ai-teddy-bear-logs-YYYY.MM.DD.ndjson files under LOG_DIR (./logs) and\n' +
        'dead letters to LOG_DIR/dead-letters.ndjson; stdout writes one JSON document per line (dead letters on stderr);\n' +
        'opensearch and elasticsearch bulk-index into daily indices.\n' +
        'Exit status: 0 every record delivered or filtered on purpose; 3 some records dead-lettered (kept, not\n' +
        'delivered); 1 anything unaccounted for (the ledger does not balance, or stdout closed before the end);\n' +
        '2 a usage or setup error.',
    )
    .action(async (files: string[], options: ProcessCommandOptions) => {
      if (options.summaryJson) io.stderr.write('teddy-logs: WARNING: --summary-json is deprecated; use --report\n');
      const config = loadConfig(io.env);
      const drop = compileDropRules([...parseDropPatterns(config.DROP_FILTER_PATTERNS), ...options.drop]);
      const redactor = await makeCliRedactor(config, io.env, options.rules, (m) => io.stderr.write(`${m}\n`));
      const sinks = await createSinks(options.sink, config, io, options.opensearchUrl, options.elasticsearchUrl);
      const sources = toInputSources(files, io.stdin, sizeOfInput);
      const summary = await runProcess(
        sources,
        {
          summaryJson: options.report ?? options.summaryJson,
          logGroup: options.logGroup,
          drop,
          multiline: options.multiline,
        },
        redactor,
        sinks,
        io,
        config.LOG_BATCH_SIZE,
      );
      io.stderr.write(`${formatSummary(summary)}\n`);
      if (!summary.balanced) {
        io.stderr.write(
          'teddy-logs: ERROR: the ledger does not add up (records in != delivered + filtered + dead-lettered). ' +
            'This is a bug: keep the input and the summary JSON and report it.\n',
        );
      }
      io.setExitCode(summary.exit_code);
    });
}

async function createSinks(
  name: SinkName,
  config: Config,
  io: CliIoWithExit,
  opensearchUrl?: string,
  elasticsearchUrl?: string,
): Promise<RunSinks> {
  if (name === 'stdout' || name === 'file') return createLocalSinks(name, config, io);
  const unreachable = { keepInDeadLetters: true, warn: (message: string) => io.stderr.write(`${message}\n`) } as const;
  if (name === 'elasticsearch') return createElasticsearchRunSinks(config, elasticsearchUrl, unreachable);
  return createOpenSearchRunSinks(config, opensearchUrl, unreachable);
}

/** The size of an input file, or a clear error naming it before anything is processed. */
function sizeOfInput(path: string): number {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw new Error('not a regular file');
    return stats.size;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`cannot read the input ${path}: ${reason}`, error);
  }
}
