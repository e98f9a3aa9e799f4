import { LogCategory, withCorrelationId } from '../../packages/logger/src/index.js';
import type { LogDocument } from '../../shared/core/types.js';
import { transformEvent } from '../../shared/pipeline/pipeline.js';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { aLogEvent, aLogSource } from '../builders.js';
import { aKey, aLogging } from './support.js';

/** Writes a realistic mix of lines, secrets included, and returns them as written. */
function someLoggedLines(): string[] {
  const { logging, capture } = aLogging();
  const logger = logging.getLogger('story_service');
  withCorrelationId('req-round-trip', () => {
    logger.info('Story generated successfully', {
      category: LogCategory.BUSINESS,
      childId: 'child_123',
      metadata: { story_id: 'story-42', word_count: 420, generation_time_ms: 812 },
    });
    logger.warn('Story prompt blocked', {
      category: LogCategory.CHILD_SAFETY,
      childId: 'child_123',
      metadata: { action: 'blocked', child: { id: 'child_123', name: 'Emma' } },
    });
    logger.info('reset link sent to parent@example.com', { category: LogCategory.SECURITY, attempt: 2 });
    logger.error('Provider failed', { error: new Error('timeout calling https://api.example.com/v1?token=abc123') });
    logger.child({ requestPath: '/stories', metadata: { tenant: 'eu' } }).debug('cache probe', { hit: true });
  });
  return capture.raw();
}

function throughThePipeline(line: string, index: number): LogDocument {
  const outcome = transformEvent(
    aLogEvent({ id: `event-${index}`, message: line }),
    aLogSource(),
    createRedactor({ key: aKey() }),
  );
  if (!outcome.ok) throw new Error(`quarantined: ${outcome.reason}`);
  return outcome.document;
}

describe('round trip: logger output through parse, normalise, redact and enrich', () => {
  const lines = someLoggedLines();
  const written = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const documents = lines.map(throughThePipeline);

  it('keeps every field the logger wrote, under the contract names', () => {
    documents.forEach((document, index) => {
      const line = written[index];
      const { timestamp, level, message, category, service, environment, correlation_id, child_id, metadata, ...rest } =
        line;
      expect(document).toMatchObject({
        '@timestamp': timestamp,
        level,
        message,
        service,
        environment,
        correlation_id,
      });
      expect(document.category).toBe(category);
      expect(document.child_id).toBe(child_id);
      expect(document.metadata).toEqual({ ...rest, ...(metadata as object) });
    });
  });

  it('redacts nothing twice: the pipeline finds nothing left to redact and keeps the hashes', () => {
    const redactor = createRedactor({ key: aKey() });
    documents.forEach((document, index) => {
      expect(document.redaction).toBeUndefined();
      expect(redactor.redactFields(written[index]).counts).toEqual({});
    });
    expect(documents[0].child_id).toBe(redactor.hashChildId('child_123'));
    expect(documents[1].metadata).toMatchObject({ child: { id: redactor.hashChildId('child_123') } });
  });

  it('carries what was redacted at source, and the tags the category implies', () => {
    expect(documents[1].tags).toEqual(['child_safety', 'compliance']);
    expect(documents[2].tags).toEqual(['security', 'alert']);
    expect(documents[2].message).toBe('reset link sent to [REDACTED:email]');
    expect(documents[2].metadata).toMatchObject({ attempt: 2, source_redaction: [{ kind: 'email', count: 1 }] });
    expect(JSON.stringify(documents)).not.toMatch(/child_123|Emma|parent@example\.com|abc123/);
  });
});
