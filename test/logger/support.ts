/** Builders for the logger tests: a captured destination, settings, a key, a logger writing to the capture. */
import type { ChildIdKeyConfig, LoggerConfig, Logging, LoggingOptions } from '../../packages/logger/src/index.js';
import { createLogging } from '../../packages/logger/src/index.js';

/** What a logger wrote, line by line. */
export interface Capture {
  destination: { write(line: string): void };
  /** Each line as written. */
  raw(): string[];
  /** Each line parsed; fails the test when a line is not one JSON object. */
  lines(): Array<Record<string, unknown>>;
  /** Everything written, as one string: for "never appears anywhere" checks. */
  text(): string;
}

export function aCapture(): Capture {
  const written: string[] = [];
  return {
    destination: { write: (line: string) => void written.push(line) },
    raw: () => [...written],
    lines: () =>
      written.map((line) => {
        expect(line.endsWith('\n')).toBe(true);
        expect(line.slice(0, -1)).not.toContain('\n');
        return JSON.parse(line) as Record<string, unknown>;
      }),
    text: () => written.join(''),
  };
}

export function aKey(overrides: Partial<ChildIdKeyConfig> = {}): ChildIdKeyConfig {
  return { version: 'v1', secret: 'logger-test-secret-0123456789abcdef', ...overrides };
}

export function aConfig(overrides: Partial<LoggerConfig> = {}): LoggerConfig {
  return {
    level: 'trace',
    console: true,
    file: false,
    logDir: './logs',
    maxQueueSize: 10_000,
    service: 'story-service',
    environment: 'test',
    onLambda: false,
    ...overrides,
  };
}

/** A logging setup writing to a capture, with a key unless `childIdKey: null` says otherwise. */
export function aLogging(overrides: LoggingOptions = {}): { logging: Logging; capture: Capture } {
  const capture = aCapture();
  const logging = createLogging({
    config: aConfig(),
    childIdKey: aKey(),
    destination: capture.destination,
    ...overrides,
  });
  return { logging, capture };
}
