// Type-checked (never run) by scripts/logger-consumer-check.sh as a consumer's code, copied to .mts, .cts and .ts,
// under `module: nodenext` and `moduleResolution: bundler`, with strict, noUncheckedIndexedAccess and
// exactOptionalPropertyTypes. It touches every exported function and the option types a consumer writes.
import {
  type ChildIdKeyConfig,
  childSafetyLogger,
  correlationIds,
  createLogging,
  expressCorrelationIds,
  extractCorrelationId,
  fastifyCorrelationIds,
  getCorrelationId,
  getLogger,
  LogCategory,
  type LogFields,
  type Logger,
  loadChildIdKeyParameter,
  logBusinessOperation,
  readLoggerConfig,
  withCorrelation,
  withCorrelationId,
} from '@teddy-logs/logger';

const logger: Logger = getLogger('story_service');
const maybeChild: string | undefined = undefined;
const fields: LogFields = { category: LogCategory.BUSINESS, childId: maybeChild, metadata: { story_id: 's-1' } };
logger.info('Story generated', fields);
logger.child({ category: 'custom' }).warn('careful', { error: new Error('x'), attempt: 2 });
childSafetyLogger.childSafety('Story prompt blocked', { childId: 'c-1', action: 'blocked', metadata: undefined });

const timed = logBusinessOperation('story_generation', async (prompt: string) => prompt.length, {
  childId: maybeChild,
});
const length: Promise<number> = timed('a brave bear');

const key: ChildIdKeyConfig = { version: 'v1', secret: 'a'.repeat(32) };
const lines: string[] = [];
const logging = createLogging({ destination: { write: (line: string) => lines.push(line) }, childIdKey: key });
logging.getLogger('test').error('failed', { correlationId: getCorrelationId() });
const level: 'info' | 'silent' | string = readLoggerConfig({ LOG_LEVEL: 'debug' }, () => undefined).level;

const keyLoaded: Promise<ChildIdKeyConfig | undefined> = loadChildIdKeyParameter({
  parameterName: '/teddy/child-id-key',
  getParameter: async (name: string) => (name.length > 0 ? 'b'.repeat(32) : undefined),
});

const middleware = correlationIds({ header: undefined, echo: false });
middleware.before({ event: { headers: { 'x-correlation-id': 'abc' } } });
const handler = withCorrelation(async (event: { body: string }) => event.body.length);
const fromEvent: string | undefined = extractCorrelationId({ headers: {} });
const express = expressCorrelationIds();
express({ headers: { 'x-correlation-id': 'abc' } }, { setHeader: () => undefined }, () => undefined);
const fastifyPlugin = fastifyCorrelationIds({ generate: () => 'id' });
const result: number = withCorrelationId('id-1', () => 1);

export { fastifyPlugin, fromEvent, handler, keyLoaded, length, level, result };
