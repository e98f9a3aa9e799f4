import type { Command } from 'commander';
import { loadConfig } from '../../shared/core/config.js';
import { ConfigError, describeError } from '../../shared/core/errors.js';
import { maskUrl } from '../../shared/core/secrets.js';
import { dashboardsAuthFrom, importSavedObjects, renderDashboardsNdjson } from '../../shared/dashboards/index.js';
import { installIndexTemplate } from '../../shared/sinks/opensearch/installTemplates.js';
import type { CliIoWithExit } from '../io.js';
import { createConfiguredOpenSearchClient } from '../openSearchSinks.js';
import { parseUrl } from './optionParsers.js';
import { registerElasticsearchSetup } from './setupElasticsearch.js';

/** `setup opensearch`: the index template, installed idempotently; `setup dashboards`: the saved objects. */
export function registerSetup(program: Command, io: CliIoWithExit): void {
  const setup = program.command('setup').description('Prepare the stores the pipeline writes to.');
  setup
    .command('opensearch')
    .description('Install the index template (the document contract) for <OPENSEARCH_INDEX>-* idempotently.')
    .option('--opensearch-url <url>', 'OpenSearch endpoint (default: OPENSEARCH_URL)', parseUrl)
    .action(async (options: { opensearchUrl?: string }) => {
      const config = loadConfig(io.env);
      const { client, endpoint } = createConfiguredOpenSearchClient(config, options.opensearchUrl);
      try {
        const installed = await installIndexTemplate(client, config.OPENSEARCH_INDEX).catch((error: unknown) => {
          throw new ConfigError(
            `cannot install the index template on OpenSearch at ${endpoint} (OPENSEARCH_URL / --opensearch-url): ` +
              `${describeError(error)}. Check that the cluster is up and the URL and credentials are right`,
            error,
          );
        });
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
      const result = await importSavedObjects(
        options.dashboardsUrl,
        renderDashboardsNdjson(),
        dashboardsAuthFrom(config),
      );
      io.stderr.write(
        `teddy-logs: imported ${result.successCount} saved objects into ${maskUrl(options.dashboardsUrl)}\n`,
      );
      for (const failure of result.errors) {
        io.stderr.write(`teddy-logs: ERROR: ${failure.type} ${failure.id}: ${failure.error}\n`);
      }
      if (!result.success) io.setExitCode(1);
    });
  registerElasticsearchSetup(setup, io);
}
