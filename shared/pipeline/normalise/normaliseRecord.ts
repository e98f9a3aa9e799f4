import type { LambdaDetails, Level, LogDocument, LogEvent, LogSource, ParsedRecord } from '../../core/types.js';
import { isRecord, safeKey } from '../parse/index.js';
import {
  asClientIp,
  asIdentifier,
  asMessage,
  asTags,
  asText,
  type SortedFields,
  sortFields,
  takeField,
  takeNested,
} from './appFields.js';
import { findLevelWord, toLevel, toLevelName, toOtelSeverity, toPythonLevel } from './level.js';
import { readEcsStream, readLogGroup } from './logSource.js';
import { formatTimestamp, fromJavaInstant, toIsoTimestamp } from './timestamp.js';

/**
 * A parsed record to the document of the contract (design.md): known fields lifted to the top level under the
 * guide's names, where it came from under `aws.*`, every other app field under `metadata`. Pure; never throws on
 * odd values. `child_id` and `client_ip` are still RAW here: the redact stage, which runs next, hashes and truncates
 * them.
 */
export function normaliseRecord(parsed: ParsedRecord, event: LogEvent, source: LogSource): LogDocument {
  const fields = sortFields(parsed.fields);

  const message =
    takeField(fields, 'message', asMessage) ??
    takeField(fields, 'messageText', asText) ??
    // Rust's tracing-subscriber JSON nests the message in `fields`.
    takeNested(fields.rest, 'fields', 'message', asText) ??
    '';
  const level = readLevel(fields, parsed, message);
  const timestamp = readTimestamp(fields, parsed, event);
  const category = takeField(fields, 'category', asText);
  const hints = readLogGroup(source.logGroup);
  const service = takeField(fields, 'service', asText) ?? hints.service;
  const environment = takeField(fields, 'environment', asText) ?? hints.environment;
  const correlationId = takeField(fields, 'correlationId', asIdentifier);
  const childId = takeField(fields, 'childId', asIdentifier) ?? takeNested(fields.rest, 'child', 'id', asIdentifier);
  const clientIp = takeField(fields, 'clientIp', asClientIp);
  const tags = takeField(fields, 'tags', asTags) ?? [];
  const lambda = readLambda(fields, parsed.lambda);
  const ecs = parsed.ecs ? { ...parsed.ecs } : readEcsStream(source.logStream);

  const document: LogDocument = { '@timestamp': timestamp, level, message, tags, aws: readAws(event, source) };
  if (category !== undefined) document.category = category;
  if (service !== undefined) document.service = service;
  if (environment !== undefined) document.environment = environment;
  if (correlationId !== undefined) document.correlation_id = correlationId;
  if (childId !== undefined) document.child_id = childId;
  if (clientIp !== undefined) document.client_ip = clientIp;
  if (lambda !== undefined) document.lambda = lambda;
  if (ecs !== undefined) document.ecs = ecs;
  const metadata = collectMetadata(fields);
  if (metadata !== undefined) document.metadata = metadata;
  return document;
}

/** The app's level first, then the runtime's, then a level word in a plain-text line, else INFO. */
function readLevel(fields: SortedFields, parsed: ParsedRecord, message: string): Level {
  const appLevel =
    takeField(fields, 'level', toLevel) ??
    takeNested(fields.rest, 'log', 'level', toLevel) ??
    takeField(fields, 'pythonLevelNumber', toPythonLevel) ??
    takeField(fields, 'otelSeverityNumber', toOtelSeverity) ??
    takeField(fields, 'levelWord', toLevelName);
  if (appLevel) return appLevel;
  const runtimeLevel = toLevel(parsed.runtimeLevel);
  if (runtimeLevel) return runtimeLevel;
  // Only a line that was nothing but text announces its level in words; in structured fields "ERROR" is just data.
  return (fields.textOnly && findLevelWord(message)) || 'INFO';
}

/** The app's timestamp, else the runtime's, else the time CloudWatch Logs received the event. */
function readTimestamp(fields: SortedFields, parsed: ParsedRecord, event: LogEvent): string {
  const timestamp =
    takeField(fields, 'timestamp', toIsoTimestamp) ??
    takeField(fields, 'timestampInstant', fromJavaInstant) ??
    takeField(fields, 'timestampCreated', (value) => (typeof value === 'number' ? toIsoTimestamp(value) : undefined)) ??
    toIsoTimestamp(parsed.runtimeTimestamp);
  if (timestamp !== undefined) return timestamp;
  // Decode guarantees a valid event timestamp; for a hand-built event without one, the epoch keeps this pure and
  // total (never the wall clock, which would make the output depend on when it ran).
  return formatTimestamp(asEventMillis(event.timestamp) ?? 0);
}

/** CloudWatch's own timestamp is always epoch ms (no unit guessing), when it is one a Date can hold. */
function asEventMillis(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15 ? value : undefined;
}

/** The runtime's details; Powertools' `function_request_id` fills in the request id when the runtime gave none. */
function readLambda(fields: SortedFields, parsed: LambdaDetails | undefined): LambdaDetails | undefined {
  const lambda: LambdaDetails = { ...parsed };
  if (lambda.request_id === undefined) {
    const requestId = takeField(fields, 'lambdaRequestId', asText);
    if (requestId !== undefined) lambda.request_id = requestId;
  }
  return Object.keys(lambda).length > 0 ? lambda : undefined;
}

function readAws(event: LogEvent, source: LogSource): LogDocument['aws'] {
  const aws: LogDocument['aws'] = {
    log_group: source.logGroup,
    log_stream: source.logStream,
    event_id: event.id,
    account_id: source.owner,
  };
  if (source.region !== undefined) aws.region = source.region;
  return aws;
}

/**
 * Every field not lifted, with an app-sent `metadata` object merged in. The app's `metadata` wins a clash (it is
 * where our logger puts context on purpose); the clashing top-level value is kept under `_<key>`, never dropped.
 */
function collectMetadata(fields: SortedFields): Record<string, unknown> | undefined {
  const nested = takeField(fields, 'metadata', (value) => (isRecord(value) ? value : undefined));
  const { rest } = fields;
  // Spellings never taken (e.g. Powertools' request id when the runtime gave one) are app fields like any other.
  for (const name of Object.keys(fields.candidates) as Array<keyof SortedFields['candidates']>) {
    takeField(fields, name, () => undefined);
  }
  if (nested !== undefined) {
    for (const key of Object.keys(nested)) {
      const name = safeKey(key);
      if (Object.hasOwn(rest, name)) {
        let moved = `_${name}`;
        while (Object.hasOwn(rest, moved) || Object.hasOwn(nested, moved)) moved = `_${moved}`;
        rest[moved] = rest[name];
      }
      rest[name] = nested[key];
    }
  }
  return Object.keys(rest).length > 0 ? rest : undefined;
}
