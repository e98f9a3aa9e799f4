/**
 * Decodes payloads that a CloudWatch Logs API produced (moto server): a log group subscribed to a Kinesis stream,
 * PutLogEvents, the stream's records read back and wrapped as Lambda receives them, then parse + normalise.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutSubscriptionFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { LogDocument } from '../../shared/core/types.js';
import { decodeSubscriptionEvent } from '../../shared/pipeline/decode/index.js';
import { normaliseRecord } from '../../shared/pipeline/normalise/index.js';
import { parseLogEvent } from '../../shared/pipeline/parse/index.js';
import { REAL_LINES } from '../builders.js';
import { motoClientConfig, requireMoto, uniqueName } from '../support/services.js';

const ACCOUNT = '123456789012';

describe('CloudWatch Logs subscription to Kinesis (moto)', () => {
  let logs: CloudWatchLogsClient;
  let kinesis: KinesisClient;

  beforeAll(async () => {
    const endpoint = await requireMoto();
    logs = new CloudWatchLogsClient(motoClientConfig(endpoint));
    // The Kinesis client defaults to HTTP/2 (for SubscribeToShard); moto speaks HTTP/1.1 only.
    kinesis = new KinesisClient({ ...motoClientConfig(endpoint), requestHandler: new NodeHttpHandler() });
  });

  afterAll(() => {
    logs?.destroy();
    kinesis?.destroy();
  });

  it('decodes what CloudWatch Logs delivered, and every event comes back with its group, stream and message', async () => {
    const streamName = uniqueName('teddy-ship');
    const logGroupName = `/aws/lambda/${uniqueName('story-service')}`;
    const logStreamName = `2026/01/15/[$LATEST]${uniqueName('s')}`;
    await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
    const described = await kinesis.send(new DescribeStreamCommand({ StreamName: streamName }));
    const streamArn = described.StreamDescription?.StreamARN as string;
    const shardId = described.StreamDescription?.Shards?.[0]?.ShardId as string;

    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName,
        filterName: 'teddy-logs-ship',
        filterPattern: '',
        destinationArn: streamArn,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/x`,
      }),
    );

    const lines = [
      REAL_LINES.start,
      REAL_LINES.lambdaNodeTextWithJson,
      REAL_LINES.ourLogger,
      REAL_LINES.pino,
      REAL_LINES.stackTrace,
      REAL_LINES.report,
    ];
    // CloudWatch Logs (and moto) drop events older than 14 days, so these are stamped with the real clock.
    const baseTime = Date.now() - 60_000;
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName,
        logEvents: lines.map((message, i) => ({ message, timestamp: baseTime + i })),
      }),
    );

    const iterator = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
    expect(Records.length).toBeGreaterThan(0);

    const documents: LogDocument[] = [];
    for (const record of Records) {
      // Each record's data is the gzipped subscription payload; Lambda would get it base64'd under awslogs.data.
      const event = { awslogs: { data: Buffer.from(record.Data as Uint8Array).toString('base64') } };
      const decoded = decodeSubscriptionEvent(event, { region: 'us-east-1' });
      if (!decoded.ok) throw decoded.error;
      expect(decoded.control).toBe(false);
      expect(decoded.batch.source).toEqual({
        logGroup: logGroupName,
        logStream: logStreamName,
        owner: ACCOUNT,
        region: 'us-east-1',
      });
      for (const logEvent of decoded.batch.events) {
        documents.push(normaliseRecord(parseLogEvent(logEvent.message), logEvent, decoded.batch.source));
      }
    }

    expect(documents).toHaveLength(lines.length);
    for (const document of documents) {
      expect(document.aws).toMatchObject({ log_group: logGroupName, log_stream: logStreamName, account_id: ACCOUNT });
      expect(document.aws.event_id).toMatch(/\S/);
    }
    expect(new Set(documents.map((document) => document.aws.event_id)).size).toBe(lines.length);
    expect(documents.map((document) => document.message)).toEqual([
      'START RequestId: 8f507cfc-1d1b-4697-b07a-ac58fc914c95 Version: $LATEST',
      'AI provider timed out',
      'Story generation requested',
      'Redis connection lost',
      REAL_LINES.stackTrace.trimEnd(),
      REAL_LINES.report.trim(),
    ]);
    // A bare stack trace is an error (the parse stage reads `Error: …` text as ERROR).
    expect(documents.map((document) => document.level)).toEqual(['INFO', 'ERROR', 'INFO', 'ERROR', 'ERROR', 'INFO']);
    expect(documents[0]?.service).toBe(logGroupName.slice('/aws/lambda/'.length));
    expect(documents[5]?.lambda).toMatchObject({ platform_event: 'REPORT', duration_ms: 2.37, billed_duration_ms: 3 });
    // Text lines without their own time keep the time CloudWatch recorded.
    expect(documents[4]?.['@timestamp']).toBe(new Date(baseTime + 4).toISOString());
  });
});
