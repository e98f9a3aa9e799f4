// Run by scripts/logger-consumer-check.sh in a fresh project that installed the packed tarball: the CommonJS entry.
const { childSafetyLogger, getLogger, withCorrelationId } = require('@teddy-logs/logger');

const logger = getLogger('consumer_cjs');
withCorrelationId('consumer-cjs-1', () => {
  logger.info('contact parent@example.com about the story', { childId: 'child-42' });
  childSafetyLogger.childSafety('Story prompt blocked', { childId: 'child-42', action: 'blocked' });
});
