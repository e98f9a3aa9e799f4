/**
 * Inputs for the scenarios: realistic log lines in every format the pipeline parses, some carrying PII, packed into
 * CloudWatch Logs subscription events the way CloudWatch delivers them (JSON → gzip → base64 under `awslogs.data`).
 * Everything is generated from a seeded PRNG, so every run sees the same bytes.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LogEvent } from '../shared/core/types.js';

/**
 * CloudWatch Logs quotas (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html):
 * one event ≤ 256 KiB, one PutLogEvents batch ≤ 1,048,576 bytes counted as the sum of the messages (UTF-8) plus
 * 26 bytes per event, and ≤ 10,000 events. A subscription forwards what was put, so these bound one payload.
 */
export const CLOUDWATCH_MAX_EVENT_BYTES = 256 * 1024;
export const CLOUDWATCH_MAX_BATCH_BYTES = 1_048_576;
export const CLOUDWATCH_MAX_BATCH_EVENTS = 10_000;
export const CLOUDWATCH_EVENT_OVERHEAD_BYTES = 26;

/** A small deterministic PRNG (mulberry32), so fixtures are the same on every run and machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += Math.floor(random() * 16).toString(16);
  return out;
}

function uuid(random: () => number): string {
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
}

const SERVICES = ['story-service', 'voice-gateway', 'parent-portal', 'auth-service', 'safety-filter'] as const;
const MESSAGES = [
  'story generated',
  'conversation turn completed',
  'audio chunk transcribed',
  'parent dashboard rendered',
  'subscription renewed',
  'cache miss for story template',
  'content filter verdict recorded',
] as const;
const CATEGORIES = ['business', 'security', 'child_safety', 'audit', 'performance', 'system'] as const;
const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'] as const;
const PUBLIC_IPS = ['203.0.113.7', '81.2.69.160', '8.8.8.8', '2001:4860:4860::8888', '185.86.151.11', '1.1.1.1'];
const NAMES = ['Emma', 'Noah', 'Olivia', 'Liam', 'Ava'] as const;

/** A Luhn-valid test card number (Visa's public test number), so the card rule's checksum passes. */
const TEST_CARD = '4111 1111 1111 1111';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** A sentence with PII in it, of the kinds apps leak by accident. */
function aPiiSentence(random: () => number): string {
  return pick(random, [
    () => `password reset requested by parent.${hex(random, 4)}@example.com`,
    () => `callback number +1 (415) 555-${String(Math.floor(random() * 9000) + 1000)} left by parent`,
    () => `payment failed for card ${TEST_CARD} exp 12/29`,
    () => `auth header Authorization: Bearer ${JWT}`,
    () => `GET https://api.example.com/v1/stories?token=${hex(random, 32)}&page=2 from ${pick(random, PUBLIC_IPS)}`,
    () => `ssn 078-05-1120 submitted in support ticket ${hex(random, 6)}`,
    () => `aws key AKIA${hex(random, 16).toUpperCase()} found in config dump`,
    () => `child ${pick(random, NAMES)} (age 6) located at 37.774929,-122.419416`,
  ])();
}

function aMessage(random: () => number): string {
  return random() < 0.25 ? aPiiSentence(random) : pick(random, MESSAGES);
}

function isoAt(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** A line written by our own logger (the document contract), sometimes with a raw child id and PII in metadata. */
export function anAppLoggerLine(random: () => number, at: number): string {
  const withChild = random() < 0.3;
  return JSON.stringify({
    timestamp: isoAt(at),
    level: pick(random, LEVELS),
    category: pick(random, CATEGORIES),
    message: aMessage(random),
    service: pick(random, SERVICES),
    environment: 'prod',
    correlation_id: uuid(random),
    ...(withChild ? { child_id: `child-${hex(random, 10)}` } : {}),
    client_ip: pick(random, PUBLIC_IPS),
    metadata: {
      story_id: uuid(random),
      duration_ms: Math.round(random() * 2000),
      model: 'teddy-story-v3',
      tokens: Math.floor(random() * 900),
      ...(random() < 0.2
        ? { parent_email: `parent.${hex(random, 5)}@example.org`, child_name: pick(random, NAMES) }
        : {}),
    },
  });
}

/** A pino line (numeric level, `msg`, `time`), as pino-http writes it. */
export function aPinoLine(random: () => number, at: number): string {
  return JSON.stringify({
    level: pick(random, [30, 30, 30, 20, 40, 50]),
    time: at,
    pid: 8,
    hostname: `ip-10-0-${Math.floor(random() * 255)}-${Math.floor(random() * 255)}`,
    reqId: uuid(random),
    req: {
      method: pick(random, ['GET', 'POST']),
      url: random() < 0.2 ? `/v1/login?password=${hex(random, 12)}` : `/v1/stories/${hex(random, 8)}`,
      headers: {
        'user-agent': 'TeddyApp/3.2 (iOS 17.4)',
        ...(random() < 0.3 ? { authorization: `Bearer ${JWT}` } : {}),
      },
      remoteAddress: pick(random, PUBLIC_IPS),
    },
    res: { statusCode: pick(random, [200, 200, 201, 404, 500]) },
    responseTime: Math.round(random() * 500 * 100) / 100,
    msg: random() < 0.15 ? aPiiSentence(random) : 'request completed',
  });
}

/** The Node.js Lambda runtime's text format around console.log output. */
export function aLambdaTextLine(random: () => number, at: number, requestId: string): string {
  return `${isoAt(at)}\t${requestId}\t${pick(random, ['INFO', 'INFO', 'WARN', 'ERROR'])}\t${aMessage(random)}\n`;
}

/** START / END / REPORT lines of the Lambda platform. */
export function aPlatformLine(random: () => number, requestId: string): string {
  const kind = pick(random, ['START', 'END', 'REPORT', 'REPORT']);
  if (kind === 'START') return `START RequestId: ${requestId} Version: $LATEST\n`;
  if (kind === 'END') return `END RequestId: ${requestId}\n`;
  const duration = (random() * 900).toFixed(2);
  return `REPORT RequestId: ${requestId}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration))} ms\tMemory Size: 512 MB\tMax Memory Used: ${80 + Math.floor(random() * 100)} MB\t${random() < 0.1 ? `Init Duration: ${(random() * 400).toFixed(2)} ms\t` : ''}\n`;
}

/** A FireLens (Fluent Bit) envelope around an ECS container's line (JSON or text). */
export function aFireLensLine(random: () => number, at: number): string {
  const inner = random() < 0.6 ? anAppLoggerLine(random, at) : `${isoAt(at)} worker ${aMessage(random)}`;
  return JSON.stringify({
    container_id: hex(random, 64),
    container_name: '/ecs-teddy-voice-gateway-7-app',
    ecs_cluster: 'teddy-prod',
    ecs_task_arn: `arn:aws:ecs:eu-west-1:123456789012:task/teddy-prod/${hex(random, 32)}`,
    ecs_task_definition: 'voice-gateway:7',
    source: 'stdout',
    log: inner,
  });
}

/** Plain text a library or a shell script printed, sometimes a multi-line stack trace. */
export function aPlainTextLine(random: () => number): string {
  if (random() < 0.2) {
    return `Error: upstream timed out after 3000 ms\n    at fetchStory (/var/task/index.js:1:2345)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`;
  }
  return `worker ${Math.floor(random() * 8)}: ${aMessage(random)} (queue depth ${Math.floor(random() * 40)})`;
}

/** The mix one payload is drawn from, in the proportions a Lambda-heavy account produces. */
export const LINE_MIX = [
  { kind: 'app logger JSON', weight: 35 },
  { kind: 'pino JSON', weight: 15 },
  { kind: 'Lambda text', weight: 20 },
  { kind: 'Lambda platform (START/END/REPORT)', weight: 10 },
  { kind: 'FireLens envelope', weight: 10 },
  { kind: 'plain text', weight: 10 },
] as const;

/** One log line drawn from {@link LINE_MIX}. */
export function aMixedLine(random: () => number, at: number, requestId: string): string {
  let roll = random() * 100;
  for (const { kind, weight } of LINE_MIX) {
    roll -= weight;
    if (roll >= 0) continue;
    switch (kind) {
      case 'app logger JSON':
        return anAppLoggerLine(random, at);
      case 'pino JSON':
        return aPinoLine(random, at);
      case 'Lambda text':
        return aLambdaTextLine(random, at, requestId);
      case 'Lambda platform (START/END/REPORT)':
        return aPlatformLine(random, requestId);
      case 'FireLens envelope':
        return aFireLensLine(random, at);
      case 'plain text':
        return aPlainTextLine(random);
    }
  }
  return aPlainTextLine(random);
}

/** The decoded body of a subscription payload (what `awslogs.data` inflates to). */
export interface SubscriptionPayload {
  messageType: 'DATA_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: LogEvent[];
}

export interface SubscriptionEvent {
  awslogs: { data: string };
}

/** Packs events into a subscription event, as CloudWatch Logs delivers it to Lambda. */
export function aSubscriptionEvent(
  events: LogEvent[],
  overrides: Partial<SubscriptionPayload> = {},
): SubscriptionEvent {
  const payload: SubscriptionPayload = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/story-service-prod',
    logStream: '2026/06/17/[$LATEST]0123456789abcdef0123456789abcdef',
    subscriptionFilters: ['teddy-logs-ship'],
    logEvents: events,
    ...overrides,
  };
  return { awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') } };
}

/** Log events with CloudWatch-style ids (56 digits) and timestamps one millisecond apart. */
export function someLogEvents(messages: readonly string[], startMs = Date.UTC(2026, 5, 17, 10)): LogEvent[] {
  return messages.map((message, i) => ({
    id: `${String(startMs + i).padStart(20, '0')}${String(i).padStart(36, '0')}`,
    timestamp: startMs + i,
    message,
  }));
}

/** A realistic set of subscription events: `payloads` events of `eventsPerPayload` mixed lines each. */
export function aMixedWorkload(payloads: number, eventsPerPayload: number, seed = 7): SubscriptionEvent[] {
  const random = createRandom(seed);
  const start = Date.UTC(2026, 5, 17, 10);
  const events: SubscriptionEvent[] = [];
  for (let p = 0; p < payloads; p += 1) {
    const requestId = uuid(random);
    const lines: string[] = [];
    for (let i = 0; i < eventsPerPayload; i += 1) lines.push(aMixedLine(random, start + p * 1000 + i, requestId));
    events.push(aSubscriptionEvent(someLogEvents(lines, start + p * 1000)));
  }
  return events;
}

/** Bytes the events of a subscription event inflate to, and how many events it holds. */
export function measurePayload(event: SubscriptionEvent): { inflatedBytes: number; compressedBytes: number } {
  return {
    compressedBytes: Buffer.byteLength(event.awslogs.data, 'base64'),
    inflatedBytes: gunzipSync(Buffer.from(event.awslogs.data, 'base64')).length,
  };
}

/** Text dense with PII: every line carries two or three of the patterns the redactor must find. */
export function somePiiDenseLines(count: number, seed = 11): string[] {
  const random = createRandom(seed);
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    lines.push(
      `${aPiiSentence(random)}; ${aPiiSentence(random)}; user ${pick(random, NAMES)} ip ${pick(random, PUBLIC_IPS)}`,
    );
  }
  return lines;
}

/** Inputs built to make a careless regex backtrack or a careless walker recurse: each about `size` characters. */
export function someHostileLines(size: number): Array<{ name: string; text: string }> {
  const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const half = Math.floor(size / 2);
  return [
    { name: 'digits', text: fill('0123456789') },
    { name: 'digits with spaces', text: fill('4111 ') },
    { name: '@', text: fill('@') },
    { name: '[', text: fill('[') },
    { name: 'nested brackets', text: `${'['.repeat(half)}${']'.repeat(size - half)}` },
    {
      name: 'nested JSON objects',
      text: `${'{"a":'.repeat(Math.floor(size / 6))}1${'}'.repeat(Math.floor(size / 6))}`,
    },
    { name: '{', text: fill('{') },
    { name: 'a@a. repeated', text: fill('a@a.') },
    { name: '1- repeated', text: fill('1-') },
    { name: 'eyJ repeated', text: fill('eyJ') },
    { name: 'eyJ. segments', text: fill('eyJhbGci.') },
    { name: 'almost an email (no TLD)', text: `${fill('a.').slice(0, size - 20)}@example` },
    { name: 'almost a card (16 digits, bad Luhn, repeated)', text: fill('4111 1111 1111 1112 ') },
    { name: 'almost an IPv4', text: fill('1.2.3.') },
    { name: 'almost an IPv6', text: fill('ab:') },
    { name: 'key= pairs without values', text: fill('password=&') },
    { name: 'token= with long value', text: `token=${fill('A').slice(0, size - 6)}` },
    { name: 'Bearer spaces', text: `Bearer${' '.repeat(size - 6)}` },
    { name: 'BEGIN PRIVATE KEY unterminated', text: `-----BEGIN PRIVATE KEY-----${fill('A')}` },
    { name: 'url credentials bait', text: fill('https://a:') },
    { name: 'IBAN-like', text: fill('GB82WEST1234') },
    { name: 'whitespace', text: fill(' \t') },
    { name: 'quotes and escapes', text: fill('\\"') },
  ];
}

/** The shapes of the largest payload one subscription delivery can hold (see the CloudWatch constants above). */
export const LargestPayloadShape = {
  /** 10,000 events of 78 bytes: the event-count limit and the byte limit reached together. */
  MANY_SMALL: 'many-small',
  /** 4 events of 256 KiB (less the 26 bytes of overhead each): the event-size limit. */
  FEW_HUGE: 'few-huge',
  /** The realistic line mix, filled until the next line would pass 1,048,576 bytes. */
  MIXED: 'mixed',
} as const;
export type LargestPayloadShapeName = (typeof LargestPayloadShape)[keyof typeof LargestPayloadShape];

function padTo(text: string, bytes: number): string {
  return text.length >= bytes ? text.slice(0, bytes) : text + ' '.repeat(bytes - text.length);
}

/** Batch bytes as CloudWatch counts them: UTF-8 message bytes plus 26 per event. */
export function countBatchBytes(messages: readonly string[]): number {
  return messages.reduce((sum, m) => sum + Buffer.byteLength(m) + CLOUDWATCH_EVENT_OVERHEAD_BYTES, 0);
}

/** The messages of a payload at CloudWatch's limits, in one of three shapes. Never over the batch limit. */
export function someLargestPayloadMessages(shape: LargestPayloadShapeName, seed = 13): string[] {
  const random = createRandom(seed);
  const start = Date.UTC(2026, 5, 17, 10);
  const requestId = uuid(random);
  if (shape === LargestPayloadShape.MANY_SMALL) {
    const size = Math.floor(CLOUDWATCH_MAX_BATCH_BYTES / CLOUDWATCH_MAX_BATCH_EVENTS) - CLOUDWATCH_EVENT_OVERHEAD_BYTES;
    return Array.from({ length: CLOUDWATCH_MAX_BATCH_EVENTS }, (_, i) =>
      padTo(
        `${isoAt(start + i)}\t${requestId.slice(0, 8)}\tINFO\t${random() < 0.2 ? `mail a${i}@ex.io` : `turn ${i} ok`}`,
        size,
      ),
    );
  }
  if (shape === LargestPayloadShape.FEW_HUGE) {
    const size = CLOUDWATCH_MAX_EVENT_BYTES - CLOUDWATCH_EVENT_OVERHEAD_BYTES;
    const count = Math.floor(CLOUDWATCH_MAX_BATCH_BYTES / CLOUDWATCH_MAX_EVENT_BYTES);
    return Array.from({ length: count }, (_, i) => {
      const head = JSON.parse(anAppLoggerLine(random, start + i)) as Record<string, unknown>;
      let transcript = '';
      while (transcript.length < size)
        transcript += `${hex(random, 24)} ${random() < 0.1 ? aPiiSentence(random) : 'the bear said'} `;
      const line = JSON.stringify({ ...head, transcript });
      // Cut the transcript so the whole JSON line is exactly `size` bytes (everything here is ASCII).
      return JSON.stringify({ ...head, transcript: transcript.slice(0, transcript.length - (line.length - size)) });
    });
  }
  const messages: string[] = [];
  let bytes = 0;
  for (let i = 0; messages.length < CLOUDWATCH_MAX_BATCH_EVENTS; i += 1) {
    const line = aMixedLine(random, start + i, requestId);
    const cost = Buffer.byteLength(line) + CLOUDWATCH_EVENT_OVERHEAD_BYTES;
    if (bytes + cost > CLOUDWATCH_MAX_BATCH_BYTES) break;
    messages.push(line);
    bytes += cost;
  }
  return messages;
}
