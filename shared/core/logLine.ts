/** The levels the operations functions log at (the app logger's names, so one dashboard reads both). */
export type LogLineLevel = 'INFO' | 'WARN' | 'ERROR';

/** One log line of a function's own: the fields every line carries, then whatever the operation reports. */
export interface LogLineFields {
  timestamp: string;
  level: LogLineLevel;
  service: string;
  message: string;
  category?: 'audit' | 'system';
  [field: string]: unknown;
}

/**
 * A function's own log line as one JSON text, the common fields first so a human reading CloudWatch sees them
 * without scrolling. The operations (erase, retention, onboard) build their lines through this, never by hand.
 */
export function formatLogLine(fields: LogLineFields): string {
  const { timestamp, level, category, service, message, ...rest } = fields;
  return JSON.stringify({ timestamp, level, ...(category ? { category } : {}), service, message, ...rest });
}

/** Writes one formatted line (Lambda ships stdout to CloudWatch Logs line by line). */
export function writeLogLine(line: string, out: { write(text: string): unknown } = process.stdout): void {
  out.write(`${line}\n`);
}

/** Start-up warnings (deprecated settings) as WARN lines of the function's own, one each. */
export function writeWarnings(
  warnings: readonly string[],
  service: string,
  out: { write(text: string): unknown } = process.stdout,
): void {
  const timestamp = new Date().toISOString();
  for (const message of warnings) writeLogLine(formatLogLine({ timestamp, level: 'WARN', service, message }), out);
}
