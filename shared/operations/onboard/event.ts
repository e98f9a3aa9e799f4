/**
 * The log groups an onboard invocation is about. Two triggers reach the function:
 * - EventBridge, CloudTrail management event:
 *   `{ "detail-type": "AWS API Call via CloudTrail", "detail": { "eventName": "CreateLogGroup",
 *      "requestParameters": { "logGroupName": "/aws/..." }, "errorCode"?: "..." } }`
 * - the schedule (`"detail-type": "Scheduled Event"`), or a direct invocation: a sweep of every group.
 * Returns the names to onboard, or undefined for a sweep. A failed CreateLogGroup call (errorCode set) names none.
 */
export function groupNamesFromEvent(event: unknown): string[] | undefined {
  if (!event || typeof event !== 'object') return undefined;
  const detail = (event as { detail?: unknown }).detail as
    | { eventName?: unknown; errorCode?: unknown; requestParameters?: { logGroupName?: unknown } | null }
    | undefined;
  if (detail?.eventName !== 'CreateLogGroup') return undefined;
  if (detail.errorCode) return [];
  const name = detail.requestParameters?.logGroupName;
  return typeof name === 'string' && name ? [name] : [];
}
