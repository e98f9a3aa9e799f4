// Run by scripts/logger-consumer-check.sh in a fresh project that installed the packed tarball: the ESM entry.
import { getLogger, LogCategory, withCorrelationId } from '@teddy-logs/logger';

const logger = getLogger('consumer_esm');
withCorrelationId('consumer-esm-1', () => {
  logger.info('reset link requested by parent@example.com', {
    category: LogCategory.SECURITY,
    childId: 'child-42',
  });
});
logger.debug('below the level: never written');
