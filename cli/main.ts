import { statSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Config, loadConfig } from '../shared/core/config.js';
import { ConfigError, PipelineError } from '../shared/core/errors.js';
import { importSavedObjects, renderDashboardsNdjson } from '../shared/dashboards/index.js';
import { compileDropRules, parseDropPatterns } from '../shared/pipeline/drop/dropRules.js';
import { installIndexTemplate } from '../shared/sinks/opensearch/installTemplates.js';
import { registerErase } from './commands/erase.js';
import { registerOnboard } from './commands/onboard.js';
import { registerReplay } from './commands/replay.js';
import { registerRetention } from './commands/retention.js';
import { registerTestFilter } from './commands/testFilter.js';
import { registerTestRules } from './commands/testRules.js';
import { toInputSources } from './inputs.js';
import { createConfiguredOpenSearchClient, createOpenSearchRunSinks } from './openSearchSinks.js';
import {
  createLocalSinks,
  formatSummary,
  type ProcessIo,
  type RunSinks,
  runProcess,
  SINK_NAMES,
  type SinkName,
} from './process.js';
import { makeCliRedactor } from './redactor.js';

export interface CliIo extends ProcessIo {
  stdin: NodeJS.ReadableStream & import('node:stream').Readable;
  env: Record<string, string | undefined>;
}

/** Builds the `teddy-logs` command line. Each command resolves to the process exit code. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('teddy-logs')
    .description('The AI Teddy Bear log pipeline on a laptop: decode, parse, redact, enrich and deliver logs.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('process')
    .description(
      'Run log lines through the pipeline. Each input line may be a raw app log line, a CloudWatch Logs subscription ' +
        'event ({"awslogs":{"data":...}}) or the bare base64 data string.',
    )
    .argument('[FILE...]', "input files; none or '-' reads stdin")
    .addOption(new Option('--sink <sink>', 'where documents go').choices(SINK_NAMES).default('file'))
    .option('--summary-json <path>', "write the run's summary as JSON")
    .option('--rules <path>', 'redaction rules file (JSON or YAML) that adds, disables or overrides rules')
    .option('--log-group <name>', 'log group raw lines are attributed to (service/environment derive from it)')
    .option(
      '--drop <pattern>',
      'drop documents matching this CloudWatch Logs JSON filter pattern (counted as filtered); repeatable; ' +
        'added to DROP_FILTER_PATTERNS',
      (pattern: string, previous: string[]) => [...previous, pattern],
      [] as string[],
    )
    .option(
      '--opensearch-url <url>',
      'OpenSearch endpoint for --sink opensearch (default: OPENSEARCH_ENDPOINT)',
      parseUrl,
    )
    .addHelpText(
      'after',
      '\nSinks: file (default) writes daily ai-teddy-bear-logs-YYYY.MM.DD.ndjson files under LOG_DIR (./logs) and\n' +
        'dead letters to LOG_DIR/dead-letters.ndjson; stdout writes one JSON document per line (dead letters on stderr);\n' +
        'opensearch bulk-indexes into daily indices.\n' +
        'Exit status: 0 when every input is delivered, filtered or dead-lettered; 1 otherwise; 2 on a usage or setup error.',
    )
    .action(async (files: string[], options: ProcessCommandOptions) => {
      const config = loadConfig(io.env);
      const drop = compileDropRules([...parseDropPatterns(config.DROP_FILTER_PATTERNS), ...options.drop]);
      const redactor = await makeCliRedactor(config, options.rules, (m) => io.stderr.write(`${m}\n`));
      const sinks = await createSinks(options.sink, config, io, options.opensearchUrl);
      const sources = toInputSources(files, io.stdin, sizeOfInput);
      const summary = await runProcess(
        sources,
        {
          summaryJson: options.summaryJson,
          logGroup: options.logGroup,
          drop,
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
        setExitCode(1);
      }
    });

  registerTestRules(
    program,
    (rulesPath) => makeCliRedactor(loadConfig(io.env), rulesPath, (m) => io.stderr.write(`${m}\n`)),
    io,
  );
  registerTestFilter(program, { ...io, setExitCode });
  registerSetup(program, io, setExitCode);
  registerRetention(program, io);
  registerOnboard(program, io);
  registerErase(program, io);
  registerReplay(program, { ...io, setExitCode });
  return program;
}

/** `setup opensearch`: the index template, installed idempotently; `setup dashboards`: the saved objects. */
function registerSetup(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const setup = program.command('setup').description('Prepare the stores the pipeline writes to.');
  setup
    .command('opensearch')
    .description('Install the index template (the document contract) for <OPENSEARCH_INDEX>-* idempotently.')
    .option('--opensearch-url <url>', 'OpenSearch endpoint (default: OPENSEARCH_ENDPOINT)', parseUrl)
    .action(async (options: { opensearchUrl?: string }) => {
      const config = loadConfig(io.env);
      const { client, endpoint } = createConfiguredOpenSearchClient(config, options.opensearchUrl);
      try {
        const installed = await installIndexTemplate(client, config.OPENSEARCH_INDEX);
        io.stderr.write(`teddy-logs: installed ${installed.join(', ')} on ${endpoint}\n`);
      } finally {
        await client.close();
      }
    });
  setup
    .command('dashboards')
    .description(
      "Import the guide's four dashboards (System Overview, Child Safety Monitor, Security Dashboard, Performance " +
        'Monitor) and the index pattern into OpenSearch Dashboards; objects are overwritten in place.',
    )
    .requiredOption('--dashboards-url <url>', 'OpenSearch Dashboards URL, e.g. http://localhost:5601', parseUrl)
    .action(async (options: { dashboardsUrl: string }) => {
      const config = loadConfig(io.env);
      const auth =
        config.OPENSEARCH_AUTH === 'basic' && config.OPENSEARCH_USERNAME && config.OPENSEARCH_PASSWORD
          ? { username: config.OPENSEARCH_USERNAME, password: config.OPENSEARCH_PASSWORD }
          : undefined;
      const result = await importSavedObjects(options.dashboardsUrl, renderDashboardsNdjson(), auth);
      io.stderr.write(`teddy-logs: imported ${result.successCount} saved objects into ${options.dashboardsUrl}\n`);
      for (const failure of result.errors) {
        io.stderr.write(`teddy-logs: ERROR: ${failure.type} ${failure.id}: ${failure.error}\n`);
      }
      if (!result.success) setExitCode(1);
    });
}

interface ProcessCommandOptions {
  sink: SinkName;
  drop: string[];
  summaryJson?: string;
  rules?: string;
  logGroup?: string;
  opensearchUrl?: string;
}

async function createSinks(name: SinkName, config: Config, io: ProcessIo, opensearchUrl?: string): Promise<RunSinks> {
  if (name === 'stdout' || name === 'file') return createLocalSinks(name, config, io);
  return createOpenSearchRunSinks(config, opensearchUrl);
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

function parseUrl(value: string): string {
  try {
    return new URL(value).toString().replace(/\/$/, '');
  } catch {
    throw new InvalidArgumentError(`not a URL: ${value} (expected e.g. http://localhost:9200)`);
  }
}

/** Runs the CLI; resolves to the exit code. Errors with a known cause print one clear line, not a stack. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    const message =
      error instanceof PipelineError ? `${error.name} (${error.stage}): ${error.message}` : (error as Error).stack;
    io.stderr.write(`teddy-logs: ${message}\n`);
    return 2;
  }
}
