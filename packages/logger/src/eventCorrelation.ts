import { CORRELATION_HEADER } from './constants.js';
import { cleanCorrelationId } from './correlation.js';

/**
 * The correlation id an event arrived with, or undefined. Shapes read, first match wins:
 * - API Gateway REST (v1) and HTTP (v2) APIs, Lambda function URLs, ALB: `headers` (any case), `multiValueHeaders`;
 * - SQS: `Records[0].messageAttributes['x-correlation-id'].stringValue` (and one SQS record on its own);
 * - SNS: `Records[0].Sns.MessageAttributes['x-correlation-id'].Value`;
 * - EventBridge: `detail.correlationId`, `detail.correlation_id` or `detail['x-correlation-id']`.
 * An id of an unsafe shape (see cleanCorrelationId) counts as absent.
 */
export function extractCorrelationId(event: unknown, header: string = CORRELATION_HEADER): string | undefined {
  if (!isObject(event)) return undefined;
  const wanted = header.toLowerCase();
  const fromHeaders = readHeader(event.headers, wanted) ?? readHeader(event.multiValueHeaders, wanted);
  if (fromHeaders !== undefined) return cleanCorrelationId(fromHeaders);
  if (Array.isArray(event.Records) && event.Records.length > 0) return fromRecord(event.Records[0], wanted);
  if (isObject(event.messageAttributes)) return fromRecord(event, wanted);
  if (isObject(event.detail)) {
    const detail = event.detail;
    return cleanCorrelationId(detail.correlationId ?? detail.correlation_id ?? detail[CORRELATION_HEADER]);
  }
  return undefined;
}

/** The correlation id of one SQS or SNS record, for handlers that process each record of a batch on its own. */
export function extractRecordCorrelationId(record: unknown, header: string = CORRELATION_HEADER): string | undefined {
  return fromRecord(record, header.toLowerCase());
}

function fromRecord(record: unknown, wanted: string): string | undefined {
  if (!isObject(record)) return undefined;
  const sqs = findIgnoringCase(record.messageAttributes, wanted);
  if (isObject(sqs)) return cleanCorrelationId(sqs.stringValue);
  const sns = isObject(record.Sns) ? findIgnoringCase(record.Sns.MessageAttributes, wanted) : undefined;
  if (isObject(sns)) return cleanCorrelationId(sns.Value);
  return undefined;
}

function readHeader(headers: unknown, wanted: string): unknown {
  const value = findIgnoringCase(headers, wanted);
  return Array.isArray(value) ? value[0] : value;
}

function findIgnoringCase(container: unknown, wanted: string): unknown {
  if (!isObject(container)) return undefined;
  if (Object.hasOwn(container, wanted)) return container[wanted];
  for (const key of Object.keys(container)) if (key.toLowerCase() === wanted) return container[key];
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
