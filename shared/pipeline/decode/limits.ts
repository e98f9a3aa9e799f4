/**
 * Size limits of the decode stage. A subscription payload is attacker-reachable input (anyone who can write to a
 * subscribed log group shapes it), so it is never inflated without a cap.
 */

/**
 * Largest inflated payload we accept. CloudWatch Logs caps one event at 256 KiB and one PutLogEvents batch at
 * 1,048,576 bytes (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html), and a
 * subscription delivers at most one such batch per payload, so a genuine payload inflates to about 1 MiB plus the
 * JSON envelope. 10 MiB leaves a wide margin for escaping overhead while a zip bomb (1 MiB of gzip can inflate to
 * ~1 GiB) stops early: zlib's `maxOutputLength` aborts inflation once the cap is reached.
 */
export const MAX_INFLATED_BYTES = 10 * 1024 * 1024;

/**
 * Longest raw input kept in a dead letter. Lambda hands a function at most 6 MB of event
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), so a Lambda input is never cut;
 * only an enormous CLI line is, with a marker saying how much was left out.
 */
export const MAX_RAW_CHARS = 6 * 1024 * 1024;
