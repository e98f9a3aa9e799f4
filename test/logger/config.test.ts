import { ConfigError } from '../../shared/core/errors.js';
import { readLoggerConfig } from '../../shared/logger/index.js';

describe('readLoggerConfig', () => {
  it('defaults to INFO on the console, no files, ./logs and a 10000-line queue', () => {
    expect(readLoggerConfig({})).toEqual({
      level: 'info',
      console: true,
      file: false,
      logDir: './logs',
      maxQueueSize: 10_000,
      service: undefined,
      environment: undefined,
      onLambda: false,
      childIdKey: undefined,
    });
  });

  it.each([
    ['WARNING', 'warn'],
    ['CRITICAL', 'fatal'],
    ['debug', 'debug'],
    [' Error ', 'error'],
    ['TRACE', 'trace'],
    ['FATAL', 'fatal'],
  ])('accepts LOG_LEVEL=%s as %s', (value, level) => {
    expect(readLoggerConfig({ LOG_LEVEL: value }).level).toBe(level);
  });

  it('names the variable and the fix when LOG_LEVEL is not a level', () => {
    expect(() => readLoggerConfig({ LOG_LEVEL: 'LOUD' })).toThrow(ConfigError);
    expect(() => readLoggerConfig({ LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL=LOUD .*use one of TRACE/);
  });

  it('reads the guide flags as booleans and refuses anything else', () => {
    const config = readLoggerConfig({
      ENABLE_CONSOLE_LOGGING: 'false',
      ENABLE_FILE_LOGGING: 'TRUE',
      LOG_DIR: '/tmp/x',
    });
    expect(config).toMatchObject({ console: false, file: true, logDir: '/tmp/x' });
    expect(() => readLoggerConfig({ ENABLE_FILE_LOGGING: 'sometimes' })).toThrow(
      /ENABLE_FILE_LOGGING=sometimes is not a boolean; set it to true or false/,
    );
  });

  it('refuses a LOG_MAX_QUEUE_SIZE that is not a positive whole number', () => {
    expect(readLoggerConfig({ LOG_MAX_QUEUE_SIZE: '500' }).maxQueueSize).toBe(500);
    expect(() => readLoggerConfig({ LOG_MAX_QUEUE_SIZE: '-3' })).toThrow(/LOG_MAX_QUEUE_SIZE=-3/);
    expect(() => readLoggerConfig({ LOG_MAX_QUEUE_SIZE: 'lots' })).toThrow(/LOG_MAX_QUEUE_SIZE=lots/);
  });

  it('reports every bad variable at once', () => {
    expect(() => readLoggerConfig({ LOG_LEVEL: 'LOUD', LOG_MAX_QUEUE_SIZE: '0' })).toThrow(
      /LOG_LEVEL=LOUD.*; LOG_MAX_QUEUE_SIZE=0/,
    );
  });

  it('takes the service from SERVICE_NAME, else the Lambda function name, and knows it runs on Lambda', () => {
    expect(readLoggerConfig({ AWS_LAMBDA_FUNCTION_NAME: 'story-fn' })).toMatchObject({
      service: 'story-fn',
      onLambda: true,
    });
    expect(readLoggerConfig({ AWS_LAMBDA_FUNCTION_NAME: 'story-fn', SERVICE_NAME: 'story' }).service).toBe('story');
    expect(readLoggerConfig({ ENVIRONMENT: 'production' }).environment).toBe('production');
  });

  it('refuses file logging on Lambda, saying why and what to set', () => {
    expect(() => readLoggerConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', ENABLE_FILE_LOGGING: 'true' })).toThrow(
      /ENABLE_FILE_LOGGING=true on Lambda.*set ENABLE_FILE_LOGGING=false/,
    );
  });

  it('takes the child id key with its version (v1 when unset, as the pipeline), and refuses a lone version or a placeholder', () => {
    const secret = 'k'.repeat(32);
    expect(readLoggerConfig({ CHILD_ID_KEY: secret, CHILD_ID_KEY_VERSION: 'v2' }).childIdKey).toEqual({
      version: 'v2',
      secret,
    });
    expect(readLoggerConfig({ CHILD_ID_KEY: secret }).childIdKey).toEqual({ version: 'v1', secret });
    expect(() => readLoggerConfig({ CHILD_ID_KEY_VERSION: 'v1' })).toThrow(/set CHILD_ID_KEY to the secret/);
    expect(() => readLoggerConfig({ CHILD_ID_KEY: 'short', CHILD_ID_KEY_VERSION: 'v1' })).toThrow(
      /CHILD_ID_KEY is shorter than 16/,
    );
  });
});
