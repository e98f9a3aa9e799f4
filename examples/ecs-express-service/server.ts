/**
 * An ECS-style Express service using the logger. `npx tsx examples/ecs-express-service/server.ts` serves on PORT
 * (3000); add `--once` to start on a free port, send it one request, print the answer and stop.
 */

import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  childSafetyLogger,
  expressCorrelationIds,
  getCorrelationId,
  getLogger,
  LogCategory,
  logBusinessOperation,
} from '../../packages/logger/src/index.js';

const logger = getLogger('profile_service');

const loadProfile = logBusinessOperation('load_child_profile', async (childId: string) => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { childId, favouriteAnimal: 'bear', age_band: '6-8' };
});

export function createApp(): express.Express {
  const app = express();
  app.use(expressCorrelationIds());
  app.use(express.json());

  app.get('/profiles/:childId', async (request, response) => {
    const profile = await loadProfile(request.params.childId);
    childSafetyLogger.childSafety('Child profile viewed', {
      childId: request.params.childId,
      action: 'allowed',
      metadata: { viewer: 'parent' },
    });
    response.json({ ...profile, correlationId: getCorrelationId() });
  });

  app.post('/login', (request, response) => {
    // The password and the e-mail never reach stdout: both are redacted at source.
    logger.info('Parent login attempt', { category: LogCategory.SECURITY, metadata: { body: request.body } });
    response.status(204).end();
  });

  app.use((error: Error, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
    logger.error('Request failed', { error });
    response.status(500).json({ error: 'internal error', correlationId: getCorrelationId() });
  });
  return app;
}

async function main(): Promise<void> {
  const app = createApp();
  const once = process.argv.includes('--once');
  const server = app.listen(once ? 0 : Number(process.env.PORT ?? 3000), '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.info('Service listening', {
    category: LogCategory.SYSTEM,
    metadata: { port: (server.address() as AddressInfo).port },
  });
  if (!once) return;
  const profile = await fetch(`${base}/profiles/child_123`, { headers: { 'x-correlation-id': 'demo-req-1' } });
  await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'parent@example.com', password: 'hunter2' }),
  });
  process.stderr.write(`GET /profiles -> ${profile.status} ${await profile.text()}\n`);
  server.close();
}

if (require.main === module) void main();
