import { LogCategory, withCorrelationId } from '../../packages/logger/src/index.js';
import { createRedactor } from '../../shared/pipeline/redact/index.js';
import { aConfig, aKey, aLogging } from './support.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const hashOf = (id: string) => createRedactor({ key: aKey() }).hashChildId(id);

describe('getLogger output', () => {
  it('writes one JSON line per call with the names of the document contract', () => {
    const { logging, capture } = aLogging();
    logging.getLogger('story_service').info('Story generated successfully', {
      category: LogCategory.BUSINESS,
      metadata: { story_id: 'story-1', word_count: 420 },
    });
    const [line] = capture.lines();
    expect(line).toEqual({
      timestamp: expect.stringMatching(ISO_UTC),
      level: 'INFO',
      service: 'story-service',
      environment: 'test',
      logger: 'story_service',
      category: 'business',
      metadata: { story_id: 'story-1', word_count: 420 },
      message: 'Story generated successfully',
    });
  });

  it('writes each level by its upper-case name', () => {
    const { logging, capture } = aLogging();
    const logger = logging.getLogger('levels');
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(capture.lines().map((line) => line.level)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
  });

  it('writes nothing below the configured level, and says which levels are on', () => {
    const { logging, capture } = aLogging({ config: aConfig({ level: 'warn' }) });
    const logger = logging.getLogger('quiet');
    logger.info('not written');
    logger.debug('not written');
    logger.warn('written');
    expect(capture.lines().map((line) => line.message)).toEqual(['written']);
    expect(logger.isLevelEnabled('INFO')).toBe(false);
    expect(logger.isLevelEnabled('WARNING')).toBe(true);
    expect(logger.isLevelEnabled('CRITICAL')).toBe(true);
  });

  it('accepts the guide level names as an option', () => {
    const { logging, capture } = aLogging({ level: 'CRITICAL' });
    const logger = logging.getLogger('critical-only');
    logger.error('not written');
    logger.fatal('written');
    expect(capture.lines()).toHaveLength(1);
  });

  it('puts an error under metadata.error with type, message and stack, and other fields under metadata', () => {
    const { logging, capture } = aLogging();
    const failure = new TypeError('provider timed out', { cause: new Error('socket hang up') });
    logging.getLogger('errors').error('Story generation failed', {
      error: failure,
      metadata: { provider: 'openai' },
      attempt: 3,
    });
    const [line] = capture.lines();
    expect(line.level).toBe('ERROR');
    expect(line.metadata).toEqual({
      provider: 'openai',
      attempt: 3,
      error: {
        type: 'TypeError',
        message: 'provider timed out',
        stack: expect.stringContaining('TypeError: provider timed out'),
        cause: { type: 'Error', message: 'socket hang up' },
      },
    });
  });

  it('describes a thrown value that is not an Error', () => {
    const { logging, capture } = aLogging();
    logging.getLogger('errors').error('odd failure', { error: 'just a string' });
    expect(capture.lines()[0].metadata).toEqual({ error: { type: 'string', message: 'just a string' } });
  });

  it('never changes the objects an app logs', () => {
    const { logging } = aLogging();
    const metadata = { email: 'parent@example.com', nested: { card: '4111 1111 1111 1111' } };
    const snapshot = structuredClone(metadata);
    logging.getLogger('pure').info('login', { metadata, extra: 1 });
    expect(metadata).toEqual(snapshot);
  });

  it('writes the correlation id of the current request, unless the call gives its own', () => {
    const { logging, capture } = aLogging();
    const logger = logging.getLogger('correlated');
    logger.info('outside');
    withCorrelationId('req-42', () => {
      logger.info('inside');
      logger.info('explicit', { correlationId: 'other-1' });
    });
    expect(capture.lines().map((line) => line.correlation_id)).toEqual([undefined, 'req-42', 'other-1']);
  });

  it('hashes a child id with the configured key, as the pipeline does', () => {
    const { logging, capture } = aLogging();
    logging.getLogger('children').info('Story requested', { childId: 'child_123' });
    const [line] = capture.lines();
    expect(line.child_id).toBe(hashOf('child_123'));
    expect(capture.text()).not.toContain('child_123');
  });

  it('keeps a child id the app already hashed', () => {
    const { logging, capture } = aLogging();
    logging.getLogger('children').info('Story requested', { childId: hashOf('child_123') });
    expect(capture.lines()[0].child_id).toBe(hashOf('child_123'));
  });
});

describe('child loggers', () => {
  it('carry their bindings on every line, and a call overrides them without writing a key twice', () => {
    const { logging, capture } = aLogging();
    const child = logging.getLogger('requests').child({
      category: LogCategory.AUDIT,
      correlationId: 'bound-1',
      childId: 'child_9',
      metadata: { tenant: 'eu' },
      requestPath: '/stories',
    });
    child.info('first', { metadata: { step: 1 } });
    child.warn('second', { category: LogCategory.SECURITY, correlationId: 'call-2' });
    const [first, second] = capture.lines();
    expect(first).toMatchObject({
      category: 'audit',
      correlation_id: 'bound-1',
      child_id: hashOf('child_9'),
      requestPath: '/stories',
      metadata: { tenant: 'eu', step: 1 },
    });
    expect(second).toMatchObject({ category: 'security', correlation_id: 'call-2', metadata: { tenant: 'eu' } });
    for (const raw of capture.raw()) {
      for (const key of ['"category"', '"correlation_id"', '"child_id"', '"metadata"']) {
        expect(raw.split(key)).toHaveLength(2);
      }
    }
  });

  it('redact their bindings before writing them', () => {
    const { logging, capture } = aLogging();
    logging
      .getLogger('bound')
      .child({ parentEmail: 'mum@example.com', metadata: { password: 'hunter2' } })
      .info('x');
    expect(capture.text()).not.toMatch(/mum@example\.com|hunter2/);
    expect(capture.lines()[0]).toMatchObject({
      parentEmail: '[REDACTED:email]',
      metadata: { password: '[REDACTED:password]' },
    });
  });
});

describe('setChildIdKey', () => {
  it('applies to loggers made before it, so a key fetched at cold start is used', () => {
    const { logging, capture } = aLogging({ childIdKey: null });
    const logger = logging.getLogger('late-key');
    logger.info('before', { childId: 'child_1' });
    logging.setChildIdKey(aKey());
    logger.info('after', { childId: 'child_1' });
    expect(capture.lines().map((line) => line.child_id)).toEqual(['[REDACTED:child_id]', hashOf('child_1')]);
  });
});

describe('settings given in code', () => {
  it('a level that is not one warns and keeps the configured level', () => {
    const warnings: string[] = [];
    const { logging, capture } = aLogging({ level: 'LOUD' as never, warn: (line) => warnings.push(line) });
    const logger = logging.getLogger('levels');
    logger.trace('kept: the configured level is TRACE');
    expect(capture.lines().map((line) => line.level)).toEqual(['TRACE']);
    expect(warnings).toEqual(['teddy-logs logger: level "LOUD" is not a level; using TRACE']);
  });

  it('a key the redactor refuses warns and drops child ids, never throws', () => {
    const warnings: string[] = [];
    const { logging, capture } = aLogging({
      childIdKey: { version: 'v1', secret: 'short' },
      warn: (line) => warnings.push(line),
    });
    logging.getLogger('keys').info('dropped', { childId: 'child_123' });
    expect(capture.lines()[0]?.child_id).toBe('[REDACTED:child_id]');
    expect(warnings).toEqual([
      expect.stringMatching(/the child-id key is not usable \(.*16 bytes\); child ids are dropped/),
    ]);
    expect(warnings[0]).not.toContain('short');
  });
});
