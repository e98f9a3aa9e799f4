import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import middy from '@middy/core';
import { createFirehoseClient, createS3Client, createSqsClient, createSsmClient } from '../shared/core/awsClients.js';
import { assertChildIdKeyConfigured, resolveChildIdKeys } from '../shared/core/childIdKeys.js';
import { loadConfig } from '../shared/core/config.js';
import { ConfigError } from '../shared/core/errors.js';
import { openGeoDatabase } from '../shared/engines/geo/index.js';
import { compileDropRules, parseDropPatterns } from '../shared/pipeline/drop/dropRules.js';
import { createShipFunctionHandler } from '../shared/pipeline/handlers/index.js';
import { createRedactor, loadRuleSet, parseRulesFile } from '../shared/pipeline/redact/index.js';
import { createSqsDeadLetterSink } from '../shared/sinks/deadLetterQueue.js';
import { createFirehoseSink } from '../shared/sinks/firehose.js';
import { createFirehoseReingest } from '../shared/sinks/firehoseReingest.js';

// Cold start: configuration validated once, clients created once per container.
const config = loadConfig(process.env);
if (!config.FIREHOSE_STREAM_NAME || !config.DEAD_LETTER_QUEUE_URL || !config.DEAD_LETTER_BUCKET) {
  throw new ConfigError('the ship function needs FIREHOSE_STREAM_NAME, DEAD_LETTER_QUEUE_URL and DEAD_LETTER_BUCKET');
}
assertChildIdKeyConfigured(config);
const firehose = createFirehoseClient();
const ssm = createSsmClient();
const deadLetters = createSqsDeadLetterSink({
  sqs: createSqsClient(),
  queueUrl: config.DEAD_LETTER_QUEUE_URL,
  s3: createS3Client(),
  bucket: config.DEAD_LETTER_BUCKET,
});
const rules = config.REDACTION_RULES_PATH
  ? loadRuleSet(parseRulesFile(readFileSync(config.REDACTION_RULES_PATH, 'utf8'), config.REDACTION_RULES_PATH))
  : loadRuleSet();
const drop = compileDropRules(parseDropPatterns(config.DROP_FILTER_PATTERNS));
// `npm run build` puts the country database beside the bundle; from source it resolves from node_modules.
const bundledGeoDatabase = join(__dirname, 'geoip.mmdb');
const geo = openGeoDatabase(
  process.env.GEOIP_DATABASE_PATH ?? (existsSync(bundledGeoDatabase) ? bundledGeoDatabase : undefined),
);

let redactor: ReturnType<typeof createRedactor> | undefined;
async function loadRedactor() {
  if (redactor) return redactor;
  const keys = await resolveChildIdKeys(config, ssm);
  redactor = createRedactor({ ...keys, rules, geo });
  return redactor;
}

// One function for every topology (serverless.yml `topology`): it tells a subscription event, a Kinesis batch and a
// Firehose transformation apart by their shape. FIREHOSE_STREAM_NAME is where the lambda and kinesis topologies
// deliver; a Firehose transformation answers with its documents instead, and re-ingests into the stream that called it.
export const handler = middy(
  createShipFunctionHandler({
    redactor: loadRedactor,
    sink: (remainingTimeMs) =>
      createFirehoseSink({
        client: firehose,
        deliveryStreamName: config.FIREHOSE_STREAM_NAME as string,
        remainingTimeMs,
      }),
    reingest: createFirehoseReingest({ client: firehose }),
    deadLetters,
    drop,
    log: (line) => process.stdout.write(`${line}\n`),
  }),
);
