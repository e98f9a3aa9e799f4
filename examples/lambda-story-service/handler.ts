/**
 * A Lambda story service using the logger: the child-id key from SSM Parameter Store at cold start (never a plain
 * environment variable), middy, correlation ids from the request, child safety events and a timed business
 * operation. Run it locally with `npx tsx examples/lambda-story-service/handler.ts` (see README.md).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  childSafetyLogger,
  correlationIds,
  getLogger,
  LogCategory,
  loadChildIdKeyParameter,
  logBusinessOperation,
} from '../../packages/logger/src/index.js';

const logger = getLogger('story_service');

/**
 * Started once per container, at cold start, awaited by the first request: the key from CHILD_ID_KEY_PARAMETER (an
 * SSM SecureString; the role needs ssm:GetParameter and kms:Decrypt). Never rejects: if SSM cannot be read it warns
 * once and child ids stay dropped. Local runs without the parameter use CHILD_ID_KEY_FILE instead.
 */
const childIdKeyReady = loadChildIdKeyParameter();

/** Words that stop a prompt before it reaches the story provider. */
const BLOCKED_WORDS = ['scary', 'violent'];

interface Story {
  id: string;
  text: string;
  word_count: number;
}

/** Stands in for the AI story provider. */
async function callStoryProvider(prompt: string): Promise<Story> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  const text = `Once upon a time, a teddy bear heard a wish: ${prompt.slice(0, 40)}. The end.`;
  return { id: `story-${Date.now().toString(36)}`, text, word_count: text.split(/\s+/).length };
}

const generateStory = logBusinessOperation('story_generation', async (childId: string, prompt: string) => {
  const blocked = BLOCKED_WORDS.some((word) => prompt.toLowerCase().includes(word));
  childSafetyLogger.childSafety(blocked ? 'Story prompt blocked' : 'Story generation requested', {
    childId,
    action: blocked ? 'blocked' : 'allowed',
    metadata: { prompt_length: prompt.length, safety_checked: true },
  });
  if (blocked) return undefined;
  const startedAt = Date.now();
  const story = await callStoryProvider(prompt);
  logger.info('Story generated successfully', {
    category: LogCategory.BUSINESS,
    childId,
    metadata: { story_id: story.id, word_count: story.word_count, generation_time_ms: Date.now() - startedAt },
  });
  return story;
});

async function storyHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  await childIdKeyReady;
  const request = JSON.parse(event.body ?? '{}') as { childId?: string; prompt?: string; parentEmail?: string };
  // Logged as is on purpose: the parent's e-mail is redacted before the line is written.
  logger.info('Story request received', { metadata: { request } });
  if (!request.childId || !request.prompt) return { statusCode: 400, body: 'childId and prompt are required' };
  const story = await generateStory(request.childId, request.prompt);
  if (!story) return { statusCode: 422, body: JSON.stringify({ error: 'prompt not allowed' }) };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(story) };
}

export const handler = middy(storyHandler).use(correlationIds());

function aRequest(body: Record<string, string>, correlationId: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /stories',
    rawPath: '/stories',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'X-Correlation-Id': correlationId },
    isBase64Encoded: false,
    body: JSON.stringify(body),
    requestContext: {} as APIGatewayProxyEventV2['requestContext'],
  };
}

async function runLocally(): Promise<void> {
  const context = {} as never;
  const ok = await handler(
    aRequest({ childId: 'child_123', prompt: 'a brave bear', parentEmail: 'parent@example.com' }, 'demo-1'),
    context,
  );
  const blocked = await handler(aRequest({ childId: 'child_123', prompt: 'a scary monster' }, 'demo-2'), context);
  process.stderr.write(
    `responses: ${ok.statusCode} (x-correlation-id ${ok.headers?.['x-correlation-id']}), ${blocked.statusCode}\n`,
  );
}

if (require.main === module) void runLocally();
