import middy from '@middy/core';
import { createCloudWatchLogsClient } from '../shared/core/awsClients.js';
import { listDeprecationWarnings } from '../shared/core/config.js';
import { ConfigError } from '../shared/core/errors.js';
import { writeLogLine, writeWarnings } from '../shared/core/logLine.js';
import { formatOnboardLine, groupNamesFromEvent, onboardLogGroups } from '../shared/operations/onboard/index.js';
import { loadOperationsSettings, toOnboardOptions } from '../shared/operations/settings.js';

// Cold start: configuration validated once, the client created once.
const settings = loadOperationsSettings(process.env);
writeWarnings(listDeprecationWarnings(process.env), 'teddy-logs-onboard');
if (!settings.destinationArn) {
  throw new ConfigError(
    'the onboard function needs SHIP_FUNCTION_ARN (or DESTINATION_ARN): where subscriptions send events',
  );
}
const destinationArn = settings.destinationArn;
const logs = createCloudWatchLogsClient();

/** A CloudTrail CreateLogGroup event onboards that group; the schedule (or any other event) sweeps every group. */
export const handler = middy(async (event: unknown) => {
  const report = await onboardLogGroups(
    logs,
    toOnboardOptions(settings, {
      destinationArn,
      logGroupNames: groupNamesFromEvent(event),
      dryRun: (event as { dryRun?: unknown } | null)?.dryRun === true,
    }),
  );
  writeLogLine(formatOnboardLine(report));
  return report;
});
