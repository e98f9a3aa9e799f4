import type { Command } from 'commander';
import { loadConfig } from '../../shared/core/config.js';
import {
  importKibanaSavedObjects,
  renderKibanaNdjson,
  setupElasticsearch,
} from '../../shared/sinks/elasticsearch/index.js';
import { createConfiguredElasticsearchClient } from '../elasticsearchSinks.js';
import type { CliIoWithExit } from '../io.js';
import { parseUrl } from './optionParsers.js';

/**
 * `setup elasticsearch`: detect the cluster, install the ILM policy (where ILM exists) and the index templates;
 * `setup kibana`: import the guide's four dashboards into Kibana.
 */
export function registerElasticsearchSetup(setup: Command, io: CliIoWithExit): void {
  setup
    .command('elasticsearch')
    .description(
      'Check the cluster is Elasticsearch 8.x/9.x, install the ILM policy (hot, warm at 7 days, cold at ' +
        'LOG_ARCHIVE_DAYS, deleted at LOG_RETENTION_DAYS) where ILM exists, and the index templates for ' +
        '<ELASTICSEARCH_INDEX>-* (flattened metadata), idempotently.',
    )
    .option('--elasticsearch-url <url>', 'Elasticsearch node (default: ELASTICSEARCH_HOSTS)', parseUrl)
    .option('--dry-run', 'report what would be installed, change nothing', false)
    .action(async (options: { elasticsearchUrl?: string; dryRun: boolean }) => {
      const config = loadConfig(io.env);
      const { client, endpoint } = createConfiguredElasticsearchClient(config, options.elasticsearchUrl);
      try {
        const report = await setupElasticsearch(client, {
          indexPrefix: config.OPENSEARCH_INDEX,
          retentionDays: config.LOG_RETENTION_DAYS,
          archiveDays: config.LOG_ARCHIVE_DAYS,
          dryRun: options.dryRun,
          where: endpoint,
        });
        io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        const verb = options.dryRun ? 'would install' : 'installed';
        io.stderr.write(
          `teddy-logs: ${endpoint} is Elasticsearch ${report.cluster.version}; ${verb} ${report.templates.join(', ')}; ` +
            `ILM policy ${report.ilm.policy_name}: ${report.ilm.status}\n`,
        );
      } finally {
        await client.close();
      }
    });
  setup
    .command('kibana')
    .description(
      "Import the guide's four dashboards (System Overview, Child Safety Monitor, Security Dashboard, Performance " +
        'Monitor) and the index pattern into Kibana; objects are overwritten in place.',
    )
    .requiredOption('--kibana-url <url>', 'Kibana URL, e.g. http://localhost:5601', parseUrl)
    .option('--space <id>', 'Kibana space to import into (default: the default space)')
    .action(async (options: { kibanaUrl: string; space?: string }) => {
      const config = loadConfig(io.env);
      const auth =
        config.OPENSEARCH_USERNAME && config.OPENSEARCH_PASSWORD
          ? { username: config.OPENSEARCH_USERNAME, password: config.OPENSEARCH_PASSWORD }
          : undefined;
      const result = await importKibanaSavedObjects(options.kibanaUrl, renderKibanaNdjson(), {
        ...(auth ? { auth } : {}),
        ...(options.space ? { space: options.space } : {}),
      });
      io.stderr.write(`teddy-logs: imported ${result.successCount} saved objects into ${options.kibanaUrl}\n`);
      for (const failure of result.errors) {
        io.stderr.write(`teddy-logs: ERROR: ${failure.type} ${failure.id}: ${failure.error}\n`);
      }
      if (!result.success) io.setExitCode(1);
    });
}
