/**
 * Fixture builders shared by the tests: readable defaults, `overrides` for what a test is about. The subscription
 * builders gzip and base64 themselves, so a fixture reads as the JSON CloudWatch Logs sends.
 */
import { gzipSync } from 'node:zlib';
import type { LogBatch, LogDocument, LogEvent, LogSource, ParsedRecord } from '../shared/core/types.js';

/** 2026-01-15T10:30:00.000Z: the fixed instant fixtures are stamped with. */
export const FIXED_TIME = Date.UTC(2026, 0, 15, 10, 30, 0);

export function aLogEvent(overrides: Partial<LogEvent> = {}): LogEvent {
  return {
    id: '37956438196380284187372186271553374089627424456341061632',
    timestamp: FIXED_TIME,
    message: '{"level":"INFO","message":"Story generated successfully","category":"business"}\n',
    ...overrides,
  };
}

export function aLogSource(overrides: Partial<LogSource> = {}): LogSource {
  return {
    logGroup: '/aws/ai-teddy-bear/production/story-service',
    logStream: '2026/01/15/[$LATEST]3f1e2c7a9b8d4e6f',
    owner: '123456789012',
    ...overrides,
  };
}

export function aLogBatch(overrides: Partial<LogBatch> = {}): LogBatch {
  return { source: aLogSource(), events: [aLogEvent()], ...overrides };
}

/** The JSON inside `awslogs.data`, before compression. */
export interface SubscriptionPayload {
  messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: LogEvent[];
}

export function aSubscriptionPayloadJson(overrides: Partial<SubscriptionPayload> = {}): SubscriptionPayload {
  const source = aLogSource();
  return {
    messageType: 'DATA_MESSAGE',
    owner: source.owner,
    logGroup: source.logGroup,
    logStream: source.logStream,
    subscriptionFilters: ['teddy-logs-ship'],
    logEvents: [aLogEvent()],
    ...overrides,
  };
}

/** The payload as CloudWatch Logs sends it: base64 of gzip of the JSON. */
export function aSubscriptionPayload(overrides: Partial<SubscriptionPayload> = {}): string {
  return gzipBase64(JSON.stringify(aSubscriptionPayloadJson(overrides)));
}

/** The event Lambda receives from a subscription: `{ awslogs: { data } }`. */
export function aSubscriptionEvent(overrides: Partial<SubscriptionPayload> = {}): { awslogs: { data: string } } {
  return { awslogs: { data: aSubscriptionPayload(overrides) } };
}

/** CloudWatch's health check of a new subscription: carries no app events. */
export function aControlMessageEvent(): { awslogs: { data: string } } {
  return aSubscriptionEvent({
    messageType: 'CONTROL_MESSAGE',
    owner: 'CloudwatchLogs',
    logGroup: '',
    logStream: '',
    subscriptionFilters: [],
    logEvents: [
      {
        id: '',
        timestamp: FIXED_TIME,
        message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.',
      },
    ],
  });
}

export function gzipBase64(text: string | Buffer): string {
  return gzipSync(text).toString('base64');
}

export function aParsedRecord(overrides: Partial<ParsedRecord> = {}): ParsedRecord {
  return { format: 'json', fields: { message: 'Story generated successfully' }, ...overrides };
}

export function aLogDocument(overrides: Partial<LogDocument> = {}): LogDocument {
  return {
    '@timestamp': new Date(FIXED_TIME).toISOString(),
    level: 'INFO',
    message: 'Story generated successfully',
    tags: [],
    aws: {
      log_group: '/aws/ai-teddy-bear/production/story-service',
      log_stream: '2026/01/15/[$LATEST]3f1e2c7a9b8d4e6f',
      event_id: '37956438196380284187372186271553374089627424456341061632',
      account_id: '123456789012',
    },
    ...overrides,
  };
}

/**
 * Real lines, as the runtimes and loggers write them (request ids and values made up, formats exact), each ending
 * with the newline CloudWatch keeps.
 */
export const REAL_LINES = {
  lambdaNodeText:
    '2026-01-15T10:30:00.123Z\t8f507cfc-1d1b-4697-b07a-ac58fc914c95\tINFO\tStory generation requested for prompt of 42 chars\n',
  lambdaNodeTextWithJson:
    '2026-01-15T10:30:00.123Z\t8f507cfc-1d1b-4697-b07a-ac58fc914c95\tINFO\t{"level":"ERROR","message":"AI provider timed out","category":"system","correlation_id":"req-7f3a"}\n',
  lambdaNodeInvokeError:
    '2026-01-15T10:30:00.456Z\t8f507cfc-1d1b-4697-b07a-ac58fc914c95\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading \'id\')","stack":["TypeError: Cannot read properties of undefined (reading \'id\')","    at Runtime.handler (/var/task/index.js:12:34)"]}\n',
  lambdaJson:
    '{"timestamp":"2026-01-15T10:30:00.123Z","level":"INFO","requestId":"8f507cfc-1d1b-4697-b07a-ac58fc914c95","message":"Story generation requested"}\n',
  lambdaJsonWithAppObject:
    '{"timestamp":"2026-01-15T10:30:00.123Z","level":"INFO","requestId":"8f507cfc-1d1b-4697-b07a-ac58fc914c95","message":{"level":"warn","msg":"Content filter flagged a prompt","category":"child_safety"}}\n',
  lambdaJsonWithAppString:
    '{"timestamp":"2026-01-15T10:30:00.123Z","level":"INFO","requestId":"8f507cfc-1d1b-4697-b07a-ac58fc914c95","message":"{\\"level\\":\\"error\\",\\"message\\":\\"Payment failed\\"}"}\n',
  pythonText:
    '[WARNING]\t2026-01-15T10:30:00.123Z\t8f507cfc-1d1b-4697-b07a-ac58fc914c95\tSafety model latency above 800ms\n',
  start: 'START RequestId: 8f507cfc-1d1b-4697-b07a-ac58fc914c95 Version: $LATEST\n',
  end: 'END RequestId: 8f507cfc-1d1b-4697-b07a-ac58fc914c95\n',
  report:
    'REPORT RequestId: 8f507cfc-1d1b-4697-b07a-ac58fc914c95\tDuration: 2.37 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 65 MB\tInit Duration: 172.93 ms\t\n',
  reportTimeout:
    'REPORT RequestId: 8f507cfc-1d1b-4697-b07a-ac58fc914c95\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 88 MB\tStatus: timeout\n',
  platformStart:
    '{"time":"2026-01-15T10:30:00.000Z","type":"platform.start","record":{"requestId":"8f507cfc-1d1b-4697-b07a-ac58fc914c95","version":"$LATEST"}}\n',
  platformReport:
    '{"time":"2026-01-15T10:30:00.130Z","type":"platform.report","record":{"requestId":"8f507cfc-1d1b-4697-b07a-ac58fc914c95","metrics":{"durationMs":2.37,"billedDurationMs":3,"memorySizeMB":128,"maxMemoryUsedMB":65,"initDurationMs":172.93},"status":"success"}}\n',
  pino: '{"level":50,"time":1768473000123,"pid":8,"hostname":"ip-10-0-1-17","msg":"Redis connection lost","err":{"type":"Error","message":"ECONNRESET"}}\n',
  bunyan:
    '{"name":"story-service","hostname":"ip-10-0-1-17","pid":8,"level":40,"msg":"Retrying AI provider call","time":"2026-01-15T10:30:00.123Z","v":0}\n',
  powertools:
    '{"level":"INFO","message":"Child session started","sampling_rate":0,"service":"session-service","timestamp":"2026-01-15T10:30:00.123Z","xray_trace_id":"1-65a4f1a8-3c2d7e1f9b0a4c5d6e7f8a9b","cold_start":true,"function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:session-service","function_memory_size":"256","function_name":"session-service","function_request_id":"8f507cfc-1d1b-4697-b07a-ac58fc914c95"}\n',
  ourLogger:
    '{"@timestamp":"2026-01-15T10:30:00.123Z","level":"INFO","category":"child_safety","message":"Story generation requested","service":"story-service","environment":"production","correlation_id":"c0ffee00-1234-4abc-9def-001122334455","child_id":"child_123","tags":["story"],"metadata":{"prompt_length":42,"safety_checked":true}}\n',
  fireLens:
    '{"container_id":"5f0c2b1e8a9d4c7b-3829174650","container_name":"voice-gateway","ecs_cluster":"ai-teddy-bear-production","ecs_task_arn":"arn:aws:ecs:eu-west-1:123456789012:task/ai-teddy-bear-production/5f0c2b1e8a9d4c7b9e6a1d2c3b4a5f60","ecs_task_definition":"voice-gateway:17","log":"{\\"level\\":\\"error\\",\\"message\\":\\"Speech-to-text upstream returned 503\\",\\"client_ip\\":\\"203.0.113.42\\"}","source":"stderr"}\n',
  ecsText: '2026-01-15 10:30:00,123 ERROR [voice-gateway] Speech-to-text upstream returned 503\n',
  stackTrace:
    'Error: connect ECONNREFUSED 10.0.3.7:6379\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n',
  plain: 'cache warmed in 120ms\n',
} as const;
