import { extractCorrelationId, extractRecordCorrelationId } from '../../packages/logger/src/index.js';

function anApiGatewayV1Event(headers: Record<string, string>) {
  return { resource: '/stories', httpMethod: 'POST', headers, multiValueHeaders: {}, requestContext: {} };
}

function anApiGatewayV2Event(headers: Record<string, string>) {
  return { version: '2.0', routeKey: 'POST /stories', rawPath: '/stories', headers, requestContext: { http: {} } };
}

function anSqsEvent(attributes: Record<string, { stringValue: string; dataType: string }>) {
  return { Records: [{ messageId: 'm1', body: '{}', messageAttributes: attributes, eventSource: 'aws:sqs' }] };
}

describe('extractCorrelationId', () => {
  it('reads the header of API Gateway REST and HTTP API events, in any case', () => {
    expect(extractCorrelationId(anApiGatewayV1Event({ 'X-Correlation-ID': 'rest-1' }))).toBe('rest-1');
    expect(extractCorrelationId(anApiGatewayV2Event({ 'x-correlation-id': 'http-1' }))).toBe('http-1');
  });

  it('reads multiValueHeaders when only they carry it', () => {
    expect(extractCorrelationId({ headers: {}, multiValueHeaders: { 'X-CORRELATION-ID': ['mv-1', 'mv-2'] } })).toBe(
      'mv-1',
    );
  });

  it('reads an SQS message attribute, and the attribute of one record', () => {
    const event = anSqsEvent({ 'x-correlation-id': { stringValue: 'sqs-1', dataType: 'String' } });
    expect(extractCorrelationId(event)).toBe('sqs-1');
    expect(extractRecordCorrelationId(event.Records[0])).toBe('sqs-1');
  });

  it('reads an SNS message attribute', () => {
    const event = {
      Records: [{ Sns: { MessageAttributes: { 'X-Correlation-Id': { Type: 'String', Value: 'sns-1' } } } }],
    };
    expect(extractCorrelationId(event)).toBe('sns-1');
  });

  it('reads the EventBridge detail', () => {
    expect(extractCorrelationId({ 'detail-type': 'StoryRequested', detail: { correlationId: 'eb-1' } })).toBe('eb-1');
    expect(extractCorrelationId({ 'detail-type': 'StoryRequested', detail: { correlation_id: 'eb-2' } })).toBe('eb-2');
  });

  it('finds nothing in events without an id, or with an unsafe one', () => {
    expect(extractCorrelationId(anApiGatewayV2Event({}))).toBeUndefined();
    expect(extractCorrelationId({ detail: {} })).toBeUndefined();
    expect(extractCorrelationId(undefined)).toBeUndefined();
    expect(extractCorrelationId('text')).toBeUndefined();
    expect(extractCorrelationId(anApiGatewayV2Event({ 'x-correlation-id': 'mum@example.com' }))).toBeUndefined();
  });

  it('reads a custom header name', () => {
    expect(extractCorrelationId(anApiGatewayV2Event({ 'x-request-id': 'custom-1' }), 'X-Request-Id')).toBe('custom-1');
  });
});
