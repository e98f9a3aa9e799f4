/**
 * CloudWatch Logs' limits on filter patterns, in one place. Sources: the PutMetricFilter / PutSubscriptionFilter API
 * reference (filterPattern: "Length Constraints: Maximum length of 1024") and the "Supported regular expressions
 * (regex) syntax" section of "Filter pattern syntax for metric filters, subscription filters, filter log events, and
 * Live Tail" in the CloudWatch Logs User Guide.
 */

/** PutMetricFilter / PutSubscriptionFilter reject a longer filterPattern. */
export const MAX_PATTERN_LENGTH = 1024;

/** "There is a limit of 2 regex for each filter pattern when creating a delimited or JSON filter pattern." */
export const MAX_REGEXES_PER_PATTERN = 2;

/**
 * Ours, not AWS's (AWS publishes none): bounds on one regex so matching stays linear in the event's length with a small
 * constant. `{n,m}` counts above this are rejected; so is a regex whose expanded program has more states.
 */
export const MAX_REGEX_REPEAT = 100;
export const MAX_REGEX_STATES = 1000;

/** A metric filter publishes at most three dimensions (MetricTransformation.dimensions). */
export const MAX_DIMENSIONS = 3;
