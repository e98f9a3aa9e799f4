/**
 * The CloudWatch Logs metric filters the stack puts on every application log group (namespace AITeddyBear/Logs,
 * default value 0). The stack (resources/logGroups.cjs) and the onboard function must use exactly these strings;
 * test/stack asserts that the generated template does, and test/engines/filterPattern proves on fixtures that they count
 * what the pipeline counts.
 *
 * CloudWatch JSON patterns compare strings case-sensitively, so each level is matched with one regular expression
 * (CloudWatch allows two per pattern, without parentheses) that spells every level name the pipeline's normaliser
 * accepts in any case, plus the numeric strings it accepts; JSON numbers (pino, bunyan) are compared as numbers. The
 * second regex reads `severity` when there is no `level`. What the patterns cannot see (a level under another key
 * such as `levelname`, padded with spaces, an app level nested in Lambda's JSON envelope) is listed in RUNBOOK.md,
 * "Filter patterns", and pinned by test/engines/filterPattern.
 */

/** Where the metrics live, as the guide names it. */
export const METRIC_NAMESPACE = 'AITeddyBear/Logs';

/** `err` -> `[Ee][Rr][Rr]`: a case-insensitive word in the only regex syntax CloudWatch offers for it. */
function caseless(word: string): string {
  return [...word].map((char) => `[${char.toUpperCase()}${char.toLowerCase()}]`).join('');
}

/** Level names the normaliser (shared/pipeline/normalise/level.ts) maps to ERROR or FATAL, and to WARN. */
const ERROR_NAMES = ['error', 'err', 'severe', 'fatal', 'critical', 'crit', 'alert', 'emerg', 'emergency', 'panic'];
const WARN_NAMES = ['warn', 'warning'];

/**
 * Whole-value alternatives: names in any case; digit strings of at least `floor` (two digits) up to six digits.
 * (Leading zeros, which the normaliser reads, would take five more alternatives per regex: see RUNBOOK.md.)
 */
function levelRegex(names: string[], floor: 40 | 50): string {
  const numeric = [`^[${floor / 10}-9][0-9]$`, '^[1-9][0-9]{2,5}$'];
  return `%${[...names.map((name) => `^${caseless(name)}$`), ...numeric].join('|')}%`;
}

/**
 * The level under `level`, or, when there is none, under `severity` (the normaliser's next spelling; GCP, structlog
 * and OpenTelemetry exporters write it). One regex per key: CloudWatch allows two per pattern.
 */
function levelAtLeast(names: string[], floor: 40 | 50): string {
  const regex = levelRegex(names, floor);
  const severity = `($.severity = ${regex}) || ($.severity >= ${floor})`;
  return `($.level = ${regex}) || ($.level >= ${floor}) || (($.level NOT EXISTS || $.level IS NULL) && (${severity}))`;
}

/** Level ERROR or FATAL in every form the parser accepts: ERROR/error/Error, CRITICAL, FATAL, ... and pino 50/60. */
export const ERROR_COUNT_PATTERN = `{ ${levelAtLeast(ERROR_NAMES, 50)} }`;

/** Every event of category child_safety (routine audit events included): for dashboards, not for paging. */
export const CHILD_SAFETY_EVENTS_PATTERN = '{ $.category = "child_safety" }';

/** A child-safety event that needs a human: at WARN or above, or an action of blocked / flagged. */
export const CHILD_SAFETY_VIOLATIONS_PATTERN = `{ ($.category = "child_safety") && (${levelAtLeast(
  [...WARN_NAMES, ...ERROR_NAMES],
  40,
)} || ($.action = "blocked") || ($.action = "flagged")) }`;

/** One metric filter as the stack and the onboard function create it. */
export interface MetricFilterDefinition {
  /** Suffix of the filter's name (`<prefix>-<suffix>`) and the metric's name. */
  metricName: string;
  pattern: string;
}

/** The three filters, in the order the stack creates them. */
export const METRIC_FILTERS: readonly MetricFilterDefinition[] = [
  { metricName: 'ErrorCount', pattern: ERROR_COUNT_PATTERN },
  { metricName: 'ChildSafetyEvents', pattern: CHILD_SAFETY_EVENTS_PATTERN },
  { metricName: 'ChildSafetyViolations', pattern: CHILD_SAFETY_VIOLATIONS_PATTERN },
] as const;
