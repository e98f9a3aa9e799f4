import { computeDocumentId } from '../../../shared/sinks/documentId.js';
import { classifyBulkItem, computeDailyIndexName } from '../../../shared/sinks/opensearch/bulkSink.js';
import { computeBackoffMs, isRetryableAwsError, retryFailedItems } from '../../../shared/sinks/retry.js';
import { aLogDocument } from '../../builders.js';

describe('computeDailyIndexName', () => {
  it('names the UTC day of the timestamp', () => {
    expect(computeDailyIndexName('ai-teddy-bear-logs', '2026-01-15T10:30:00.000Z')).toBe(
      'ai-teddy-bear-logs-2026.01.15',
    );
    expect(computeDailyIndexName('p', '2026-12-31T22:00:00-05:00')).toBe('p-2027.01.01');
  });

  it('names nothing for a timestamp that is not a date', () => {
    expect(computeDailyIndexName('p', 'yesterday')).toBeUndefined();
  });
});

describe('classifyBulkItem', () => {
  it('accepts any 2xx item', () => {
    expect(classifyBulkItem({ status: 201 }, 'i')).toBeUndefined();
    expect(classifyBulkItem({ status: 200 }, 'i')).toBeUndefined();
  });

  it('retries 429 and 5xx items', () => {
    expect(
      classifyBulkItem({ status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } }, 'i'),
    ).toEqual({
      reason: 'HTTP 429 from i (es_rejected_execution_exception: queue full)',
      retryable: true,
    });
    expect(classifyBulkItem({ status: 503 }, 'i')?.retryable).toBe(true);
  });

  it('does not retry other 4xx items, such as a mapping conflict', () => {
    expect(classifyBulkItem({ status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } }, 'i')).toEqual({
      reason: 'rejected by i: HTTP 400 mapper_parsing_exception: bad',
      retryable: false,
    });
  });

  it('treats an item missing from the answer as not delivered', () => {
    expect(classifyBulkItem(undefined, 'i')?.retryable).toBe(true);
  });
});

describe('computeDocumentId', () => {
  it('depends on the log group and event id only, so a re-processed event keeps its id', () => {
    const document = aLogDocument();
    const reprocessed = aLogDocument({ message: 'redacted differently', '@timestamp': '2026-01-16T00:00:00Z' });
    expect(computeDocumentId(document, 0)).toBe(computeDocumentId(reprocessed, 7));
    expect(computeDocumentId(document, 0)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells apart the same event id in two log groups', () => {
    const other = aLogDocument({ aws: { ...aLogDocument().aws, log_group: '/aws/lambda/other' } });
    expect(computeDocumentId(aLogDocument(), 0)).not.toBe(computeDocumentId(other, 0));
  });

  it('falls back to content and position when there is no event id', () => {
    const document = aLogDocument({ aws: { ...aLogDocument().aws, event_id: '' } });
    expect(computeDocumentId(document, 1)).toBe(computeDocumentId({ ...document }, 1));
    expect(computeDocumentId(document, 1)).not.toBe(computeDocumentId(document, 2));
  });
});

describe('retry', () => {
  it('waits a uniformly jittered time under an exponentially growing, capped ceiling', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.999_999 };
    expect([0, 1, 2, 3, 4, 10].map((retry) => computeBackoffMs(retry, options))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(computeBackoffMs(3, { ...options, random: () => 0 })).toBe(0);
  });

  it('counts an attempt that throws as a retryable failure of every item it carried', async () => {
    let calls = 0;
    const lost = await retryFailedItems(
      ['a', 'b'],
      async () => {
        calls += 1;
        throw new Error('socket hang up');
      },
      { maxAttempts: 3, sleep: async () => {} },
    );
    expect(calls).toBe(3);
    expect(lost).toEqual([
      { item: 'a', reason: 'socket hang up (gave up after 3 attempt(s))' },
      { item: 'b', reason: 'socket hang up (gave up after 3 attempt(s))' },
    ]);
  });

  it('tells AWS errors that may heal from those that will not', () => {
    expect(isRetryableAwsError({ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryableAwsError({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(true);
    expect(isRetryableAwsError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryableAwsError({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isRetryableAwsError({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } })).toBe(false);
  });
});
