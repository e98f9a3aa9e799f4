import middy from '@middy/core';
import { createCloudWatchLogsClient, createS3Client } from '../shared/core/awsClients.js';
import { listDeprecationWarnings } from '../shared/core/config.js';
import { PipelineError } from '../shared/core/errors.js';
import { writeLogLine, writeWarnings } from '../shared/core/logLine.js';
import { formatRetentionLine, runRetention } from '../shared/operations/retention/index.js';
import { loadOperationsSettings, toRetentionOptions } from '../shared/operations/settings.js';
import { createOpenSearchClient } from '../shared/sinks/opensearch/client.js';

// Cold start: configuration validated once (a bad CLOUDWATCH_RETENTION_DAYS stops here), clients created once.
const settings = loadOperationsSettings(process.env);
writeWarnings(listDeprecationWarnings(process.env), 'teddy-logs-retention');
const logs = createCloudWatchLogsClient();
const s3 = createS3Client();
const openSearch = settings.openSearch ? createOpenSearchClient(settings.openSearch) : undefined;

/** Daily: retention on every tier; the report is logged as one line and returned. A failed part fails the run. */
export const handler = middy(async (event: { dryRun?: boolean } = {}) => {
  const report = await runRetention({ logs, openSearch, s3 }, toRetentionOptions(settings, event.dryRun === true));
  writeLogLine(formatRetentionLine(report));
  if (report.errors.length) {
    throw new PipelineError(`retention failed in: ${report.errors.map((e) => e.part).join(', ')}`, {
      stage: 'retention',
      retryable: true,
    });
  }
  return report;
});
