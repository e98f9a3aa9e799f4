// Run by scripts/logger-consumer-check.sh: an app that loads both builds (its own `import`, a dependency's
// `require`) still has one correlation id per request.
import { createRequire } from 'node:module';
import { withCorrelationId } from '@teddy-logs/logger';

const require = createRequire(import.meta.url);
const commonJs = require('@teddy-logs/logger');

withCorrelationId('dual-1', () => {
  process.stdout.write(`${JSON.stringify({ seenByCommonJs: commonJs.getCorrelationId() })}\n`);
});
