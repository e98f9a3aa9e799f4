// Type-checked by scripts/logger-consumer-check.sh with the frameworks a team uses installed beside the logger
// (middy, Express, Fastify, the Lambda event types), under the same strict settings as api.ts.
import middy from '@middy/core';
import {
  correlationIds,
  expressCorrelationIds,
  fastifyCorrelationIds,
  getLogger,
  LogCategory,
  withCorrelation,
} from '@teddy-logs/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context, SQSEvent } from 'aws-lambda';
import express from 'express';
import Fastify from 'fastify';

const logger = getLogger('frameworks');

async function storyHandler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> {
  logger.info('Story requested', { category: LogCategory.BUSINESS, metadata: { path: event.rawPath } });
  return { statusCode: 200, body: context.awsRequestId };
}

export const middyHandler = middy(storyHandler).use(correlationIds());
export const wrappedHandler = withCorrelation(storyHandler);
export const queueHandler = withCorrelation(async (event: SQSEvent) => event.Records.length, {
  header: 'x-request-id',
});

export const app = express();
app.use(expressCorrelationIds());
app.get('/', (_request, response) => {
  response.json({ ok: true });
});

export const server = Fastify();
await server.register(fastifyCorrelationIds({ generate: () => 'fixed' }));
