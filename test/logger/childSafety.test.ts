import { createChildSafetyLogger } from '../../packages/logger/src/index.js';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { aKey, aLogging } from './support.js';

describe('childSafety', () => {
  it('writes category child_safety at INFO with the child id hashed and the action in metadata', () => {
    const { logging, capture } = aLogging();
    createChildSafetyLogger(logging.getLogger('child_safety')).childSafety('Story generation requested', {
      childId: 'child_123',
      action: 'allowed',
      metadata: { prompt_length: 42, safety_checked: true },
    });
    expect(capture.lines()[0]).toMatchObject({
      level: 'INFO',
      category: 'child_safety',
      child_id: createRedactor({ key: aKey() }).hashChildId('child_123'),
      metadata: { prompt_length: 42, safety_checked: true, action: 'allowed' },
      message: 'Story generation requested',
    });
    expect(capture.text()).not.toContain('child_123');
  });

  it.each(['blocked', 'flagged', 'BLOCKED'])('raises an event whose action is %s to WARN', (action) => {
    const { logging, capture } = aLogging();
    createChildSafetyLogger(logging.getLogger('child_safety')).childSafety('Prompt stopped', {
      childId: 'child_1',
      action,
    });
    expect(capture.lines()[0].level).toBe('WARN');
  });

  it('drops the child id, never writing it raw, when no key is configured, and counts it', () => {
    const { logging, capture } = aLogging({ childIdKey: null });
    createChildSafetyLogger(logging.getLogger('child_safety')).childSafety('Story generation requested', {
      childId: 'child_123',
      metadata: { note: 'for child_id=child_123', child: { id: 'child_123', name: 'Emma' } },
    });
    const [line] = capture.lines();
    expect(line.child_id).toBe('[REDACTED:child_id]');
    expect(capture.text()).not.toMatch(/child_123|Emma|hmac-sha256/);
    expect(line.source_redaction).toEqual([
      { kind: 'child_id', count: 3 },
      { kind: 'child_name', count: 1 },
    ]);
  });
});
