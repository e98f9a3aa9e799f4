/**
 * The CloudWatch Logs metric filters the stack puts on every application log group (namespace AITeddyBear/Logs,
 * default value 0). The stack (resources/logGroups.cjs) and the onboard function must use exactly these strings;
 * test/stack asserts that the generated template does, and test/filterPattern proves on fixtures that they count
 * what the pipeline counts.
 *
 * CloudWatch JSON patterns compare strings case-sensitively and have no case-insensitive operator, so the level
 * spellings apps actually emit are enumerated: UPPER, lower and Capitalised. pino and bunyan emit numbers
 * (40 warn, 50 error, 60 fatal); a numeric comparison matches only JSON numbers. See RUNBOOK.md, "Filter patterns".
 */

/** Where the metrics live, as the guide names it. */
export const METRIC_NAMESPACE = 'AITeddyBear/Logs';

/** Every casing of a word that the pattern enumerates. */
function spellingsOf(word: string): string[] {
  const lower = word.toLowerCase();
  return [word.toUpperCase(), lower, lower[0].toUpperCase() + lower.slice(1)];
}

function anyLevel(words: string[], numericFloor: number): string {
  const strings = words.flatMap(spellingsOf).map((spelling) => `($.level = "${spelling}")`);
  return [...strings, `($.level >= ${numericFloor})`].join(' || ');
}

/** Level ERROR or FATAL in every form the parser accepts: ERROR, CRITICAL, FATAL (three casings) and pino 50/60. */
export const ERROR_COUNT_PATTERN = `{ ${anyLevel(['ERROR', 'CRITICAL', 'FATAL'], 50)} }`;

/** Every event of category child_safety (routine audit events included): for dashboards, not for paging. */
export const CHILD_SAFETY_EVENTS_PATTERN = '{ $.category = "child_safety" }';

/** A child-safety event that needs a human: at WARN or above, or an action of blocked / flagged. */
export const CHILD_SAFETY_VIOLATIONS_PATTERN = `{ ($.category = "child_safety") && (${anyLevel(
  ['WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'],
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

/** CloudWatch Logs rejects filter patterns longer than this (PutMetricFilter, filterPattern). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
