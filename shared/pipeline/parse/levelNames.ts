import type { Level } from '../../core/types.js';

/**
 * Level names loggers use, lower case, to the document's levels. WARNING→WARN and CRITICAL→FATAL per the guide.
 * Looked up in a Map built from it: a level such as `constructor` must find nothing.
 */
const LEVEL_NAME_LIST: Readonly<Record<string, Level>> = {
  trace: 'TRACE',
  // .NET's short names (Microsoft.Extensions.Logging console format and the .NET Lambda runtime): trce dbug info
  // warn fail crit.
  trce: 'TRACE',
  fail: 'ERROR',
  silly: 'TRACE',
  finest: 'TRACE',
  finer: 'TRACE',
  verbose: 'DEBUG',
  debug: 'DEBUG',
  dbug: 'DEBUG',
  fine: 'DEBUG',
  info: 'INFO',
  inf: 'INFO',
  // winston's npm levels: `http` sits between info and verbose. java.util.logging's CONFIG between INFO and FINE.
  http: 'INFO',
  config: 'INFO',
  information: 'INFO',
  informational: 'INFO',
  notice: 'INFO',
  log: 'INFO',
  warn: 'WARN',
  wrn: 'WARN',
  warning: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  eror: 'ERROR',
  severe: 'ERROR',
  fatal: 'FATAL',
  ftl: 'FATAL',
  // zap's DPanic ("particularly important errors") ranks above Error; Google's zap mapping makes it CRITICAL.
  dpanic: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
  alert: 'FATAL',
  emerg: 'FATAL',
  emergency: 'FATAL',
  panic: 'FATAL',
};
const LEVEL_NAMES: ReadonlyMap<string, Level> = new Map(Object.entries(LEVEL_NAME_LIST));

/** The document level a level NAME stands for (any case), or undefined: `Warning` → WARN, `banana` → undefined. */
export function levelOfName(name: string): Level | undefined {
  return LEVEL_NAMES.get(name.toLowerCase());
}
