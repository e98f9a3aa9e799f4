/**
 * Every example AWS documents for CloudWatch Logs filter patterns, as data: the pattern, the events the page shows,
 * and what the page says about each (matches or not, the metric value, the extracted fields, a dimension).
 *
 * Sources (the CloudWatch Logs User Guide; the awsdocs/amazon-cloudwatch-logs-user-guide repository keeps the
 * revisions as Markdown):
 * - SYNTAX: "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live Tail"
 *   (FilterAndPatternSyntax.html; the 2022 revision, doc_source/FilterAndPatternSyntax.md at 26c12c3, for the
 *   term, JSON, space-delimited, dimension and metric-value sections; the current page for the %AUTHORIZED% example).
 * - SYNTAX_2020: the same page as revised 2020-09 (5ae5c9a), whose OR / JSON / space-delimited examples were later
 *   rewritten; AWS has not withdrawn them.
 * - REGEX: "Supported regular expressions (regex) syntax" (regex-expressions.html).
 * - COUNT_TERM: "Example: Count occurrences of a term" (CountOccurrencesExample.html).
 * - COUNT_EVENTS: "Example: Count log events" (CountingLogEventsExample.html).
 * - COUNT_404: "Example: Count HTTP 404 codes" (Counting404Responses.html).
 * - COUNT_4XX: "Example: Count HTTP 4xx codes" (FindCountMetric.html).
 * - EXTRACT_BYTES: "Example: Extract fields from an Apache log and assign dimensions" (ExtractBytesExample.html).
 * - CDK: patterns AWS CDK's aws-logs FilterPattern renders for the examples in its API reference, with the behaviour
 *   its comments state ("Search for lines that either contain both ERROR and MainThread, or both WARN and Deadlock").
 *
 * Where a page shows only matching events, the non-matching events listed are ones the same page names as not
 * matching, or (marked `inferred`) ones its own sentence rules out ("returns log events where the first word is ERROR").
 */

export type DocPage =
  | 'SYNTAX'
  | 'SYNTAX_2020'
  | 'REGEX'
  | 'COUNT_TERM'
  | 'COUNT_EVENTS'
  | 'COUNT_404'
  | 'COUNT_4XX'
  | 'EXTRACT_BYTES'
  | 'CDK';

export interface DocExample {
  page: DocPage;
  pattern: string;
  matches: string[];
  doesNotMatch?: string[];
  /** Events the page does not list but its wording rules out. */
  inferred?: string[];
  metricValue?: string;
  /** The value each matching event publishes, in the order of `matches`. */
  expectedValues?: number[];
  dimensions?: Record<string, string>;
  /** The dimension values the first matching event publishes. */
  expectedDimensions?: Record<string, string>;
  /** Fields the page says are extracted from the first matching event. */
  extracted?: Record<string, string>;
}

const BAD_REQUEST = '[ERROR 400] BAD REQUEST';
const UNAUTHORIZED = '[ERROR 401] UNAUTHORIZED REQUEST';
const MISSING_ARGUMENTS = '[ERROR 419] MISSING ARGUMENTS';
const INVALID_ARGUMENTS = '[ERROR 420] INVALID ARGUMENTS';

/** The JSON event of "Matching terms in JSON log events" (entered on one line, as the page asks). */
export const TRAIL_EVENT = JSON.stringify({
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
});

/** The 2020 revision of the same event, with "ThisFlag": true. */
const TRAIL_EVENT_2020 = JSON.stringify({ ...JSON.parse(TRAIL_EVENT), ThisFlag: true });

/** The JSON object of "Using compound expressions to match terms in JSON objects". */
const USERS_EVENT = JSON.stringify({
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
});

/** The space-delimited event of "Using metric filters to extract values from space-delimited log events". */
const APACHE_EVENT = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

const APACHE_FIELDS = {
  $bytes: '1534',
  $status_code: '404',
  $request: 'GET /index.html HTTP/1.0',
  $timestamp: '10/Oct/2000:13:25:15 -0700',
  $username: 'frank',
  $user: 'Prod',
  $ip: '127.0.0.1',
};

/** The test data of "Example: Count HTTP 4xx codes" and "Example: Extract fields from an Apache log". */
const ACCESS_LOG = [
  '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
  '127.0.0.1 - - [24/Sep/2013:11:49:52 -0700] "GET /index.html HTTP/1.1" 404 287',
  '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /~test/ HTTP/1.1" 200 3',
  '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
  '127.0.0.1 - - [24/Sep/2013:11:50:51 -0700] "GET /favicon.ico HTTP/1.1" 404 308',
  '127.0.0.1 - - [24/Sep/2013:11:51:34 -0700] "GET /~test/index.html HTTP/1.1" 200 3',
];

/** The three events of the 2020 "OR Pattern Matching" section. */
const ERROR_WARN = 'ERROR WARN message';
const ERROR_ONLY = 'ERROR message';
const WARN_ONLY = 'WARN message';

const USER_GUIDE_EXAMPLES: DocExample[] = [
  // SYNTAX, "Using filter patterns to match terms in unstructured log events".
  {
    page: 'SYNTAX',
    pattern: 'ERROR',
    matches: [BAD_REQUEST, UNAUTHORIZED, MISSING_ARGUMENTS, INVALID_ARGUMENTS],
  },
  {
    page: 'SYNTAX',
    pattern: 'ERROR ARGUMENTS',
    matches: [MISSING_ARGUMENTS, INVALID_ARGUMENTS],
    doesNotMatch: [BAD_REQUEST, UNAUTHORIZED],
  },
  {
    page: 'SYNTAX',
    pattern: '?ERROR ?ARGUMENTS',
    matches: [BAD_REQUEST, UNAUTHORIZED, MISSING_ARGUMENTS, INVALID_ARGUMENTS],
  },
  {
    page: 'SYNTAX',
    pattern: '"INTERNAL SERVER ERROR"',
    matches: ['[ERROR 500] INTERNAL SERVER ERROR'],
    inferred: [BAD_REQUEST, 'INTERNAL ERROR'],
  },
  {
    page: 'SYNTAX',
    pattern: 'ERROR -ARGUMENTS',
    matches: [BAD_REQUEST, UNAUTHORIZED],
    doesNotMatch: [MISSING_ARGUMENTS, INVALID_ARGUMENTS],
  },
  {
    page: 'SYNTAX',
    pattern: '" "',
    matches: [BAD_REQUEST, 'x', '{"level":"INFO"}', '127.0.0.1 - frank'],
  },
  {
    page: 'SYNTAX',
    pattern: '%AUTHORIZED%',
    matches: [UNAUTHORIZED, '[SUCCESS 200] AUTHORIZED REQUEST'],
    inferred: [BAD_REQUEST],
  },
  // REGEX: the two examples in the page's introduction.
  {
    page: 'REGEX',
    pattern: '%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%',
    matches: ['client 10.0.12.7 connected', '127.0.0.1 - frank'],
    inferred: ['client localhost connected'],
  },
  {
    page: 'REGEX',
    pattern: '%[Ee]rror|[Ff]ail%',
    matches: ['Error: boom', 'an error', 'Failed to connect', 'will fail'],
    inferred: ['ERROR', 'all good'],
  },
  // SYNTAX, "Using metric filters to match terms and extract values from JSON log events".
  { page: 'SYNTAX', pattern: '{ $.eventType = "UpdateTrail" }', matches: [TRAIL_EVENT] },
  { page: 'SYNTAX', pattern: '{ $.sourceIPAddress != 123.123.* }', matches: [TRAIL_EVENT] },
  { page: 'SYNTAX', pattern: '{ $.arrayKey[0] = "value" }', matches: [TRAIL_EVENT] },
  { page: 'SYNTAX', pattern: '{ $.objectList[1].id = 2 }', matches: [TRAIL_EVENT] },
  { page: 'SYNTAX', pattern: '{ $.SomeObject IS NULL }', matches: [TRAIL_EVENT] },
  { page: 'SYNTAX', pattern: '{ $.SomeOtherObject NOT EXISTS }', matches: [TRAIL_EVENT] },
  { page: 'SYNTAX_2020', pattern: '{ $.ThisFlag IS TRUE }', matches: [TRAIL_EVENT_2020] },
  // SYNTAX, "Using compound expressions to match terms in JSON objects".
  {
    page: 'SYNTAX',
    pattern: '{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }',
    matches: [USERS_EVENT],
  },
  {
    page: 'SYNTAX',
    pattern:
      '{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" }',
    matches: [USERS_EVENT],
  },
  {
    page: 'SYNTAX',
    pattern:
      '{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" }',
    matches: [],
    doesNotMatch: [USERS_EVENT],
  },
  {
    page: 'SYNTAX',
    pattern: '{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }',
    matches: [],
    doesNotMatch: [USERS_EVENT],
  },
  // SYNTAX_2020, "JSON Special Considerations": a selector on an array matches neither = nor !=.
  { page: 'SYNTAX_2020', pattern: '{ $.users = 1 }', matches: [], doesNotMatch: ['{"users": [1, 2, 3]}'] },
  { page: 'SYNTAX_2020', pattern: '{ $.users != 1 }', matches: [], doesNotMatch: ['{"users": [1, 2, 3]}'] },
  // SYNTAX_2020, "OR Pattern Matching" (JSON).
  { page: 'SYNTAX_2020', pattern: '{$.foo = bar}', matches: ['{"foo": "bar"}'], doesNotMatch: ['{"foo": "baz"}'] },
  { page: 'SYNTAX_2020', pattern: '{$.foo = baz }', matches: ['{"foo": "baz"}'], doesNotMatch: ['{"foo": "bar"}'] },
  {
    page: 'SYNTAX_2020',
    pattern: '{$.foo = bar || $.foo = baz }',
    matches: ['{"foo": "bar"}', '{"foo": "baz"}'],
  },
  // SYNTAX_2020, "OR Pattern Matching" (terms).
  { page: 'SYNTAX_2020', pattern: 'ERROR', matches: [ERROR_WARN, ERROR_ONLY], doesNotMatch: [WARN_ONLY] },
  { page: 'SYNTAX_2020', pattern: '?ERROR ?WARN', matches: [ERROR_WARN, ERROR_ONLY, WARN_ONLY] },
  { page: 'SYNTAX_2020', pattern: 'ERROR WARN', matches: [ERROR_WARN], doesNotMatch: [ERROR_ONLY, WARN_ONLY] },
  { page: 'SYNTAX_2020', pattern: 'ERROR -WARN', matches: [ERROR_ONLY], doesNotMatch: [ERROR_WARN, WARN_ONLY] },
  // SYNTAX_2020, "Matching Terms in Log Events", examples 1-3.
  {
    page: 'SYNTAX_2020',
    pattern: 'ERROR',
    matches: ['[ERROR] A fatal exception has occurred', 'Exiting with ERRORCODE: -1'],
  },
  {
    page: 'SYNTAX_2020',
    pattern: '"ERROR" - "Exiting"',
    matches: ['[ERROR] A fatal exception has occurred'],
    doesNotMatch: ['Exiting with ERRORCODE: -1'],
  },
  {
    page: 'SYNTAX_2020',
    pattern: 'ERROR Exception',
    matches: ['[ERROR] Caught IllegalArgumentException', '[ERROR] Unhandled Exception'],
  },
  {
    page: 'SYNTAX_2020',
    pattern: 'Failed to process the request',
    matches: ['[WARN] Failed to process the request', '[ERROR] Unable to continue: Failed to process the request'],
  },
  // SYNTAX, "Using metric filters to extract values from space-delimited log events".
  {
    page: 'SYNTAX',
    pattern: '[ip, user, username, timestamp, request =*.html*, status_code = 4*, bytes]',
    matches: [APACHE_EVENT],
    extracted: APACHE_FIELDS,
  },
  { page: 'SYNTAX', pattern: '[..., request =*.html*, status_code = 4*, bytes]', matches: [APACHE_EVENT] },
  {
    page: 'SYNTAX',
    pattern: '[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]',
    matches: [APACHE_EVENT],
    inferred: [APACHE_EVENT.replace(' 404 ', ' 403 ')],
  },
  // SYNTAX, "Using pattern matching to match terms in space-delimited log events".
  {
    page: 'SYNTAX',
    pattern: '[w1=ERROR, w2]',
    matches: [ERROR_ONLY],
    doesNotMatch: [ERROR_WARN, WARN_ONLY],
  },
  {
    page: 'SYNTAX_2020',
    pattern: '[w1=ERROR || w1=WARN, w2]',
    matches: [ERROR_ONLY, WARN_ONLY],
    doesNotMatch: [ERROR_WARN],
  },
  {
    page: 'SYNTAX',
    pattern: '[w1=ERROR || W1=WARNING, w2]',
    matches: [ERROR_ONLY, 'WARNING message'],
    inferred: ['INFO message'],
  },
  {
    page: 'SYNTAX',
    pattern: '[w1!=ERROR && w1!=WARNING, w2]',
    matches: ['INFO message'],
    inferred: [ERROR_ONLY, 'WARNING message'],
  },
  // SYNTAX, "Publishing dimensions with metrics from values in JSON or space-delimited log events".
  {
    page: 'SYNTAX',
    pattern: '{ $.eventType = "*" && $.sourceIPAddress != 123.123.* }',
    matches: [TRAIL_EVENT],
    dimensions: { eventType: '$.eventType' },
    expectedDimensions: { eventType: 'UpdateTrail' },
  },
  {
    page: 'SYNTAX',
    pattern: '[ip, server, username, timestamp, request, status_code, bytes > 1000]',
    matches: [APACHE_EVENT],
    extracted: {
      $bytes: '1534',
      $status_code: '404',
      $request: 'GET /index.html HTTP/1.0',
      $timestamp: '10/Oct/2000:13:25:15 -0700',
      $username: 'frank',
      $server: 'Prod',
      $ip: '127.0.0.1',
    },
    dimensions: { server: '$server' },
    expectedDimensions: { server: 'Prod' },
  },
  // SYNTAX, "Using values in log events to increment a metric's value".
  {
    page: 'SYNTAX',
    pattern: '{ $.latency = * }',
    matches: ['{"latency": 50, "requestType": "GET"}'],
    metricValue: '$.latency',
    expectedValues: [50],
  },
  // COUNT_TERM, COUNT_EVENTS: metric value 1 per event.
  {
    page: 'COUNT_TERM',
    pattern: 'Error',
    matches: ['This message contains an Error', 'This message also contains an Error'],
    inferred: ['This message contains an ERROR'],
    metricValue: '1',
    expectedValues: [1, 1],
  },
  {
    page: 'COUNT_EVENTS',
    pattern: '" "',
    matches: ['Test event 1', 'Test event 2', 'This message also contains an Error'],
    metricValue: '1',
    expectedValues: [1, 1, 1],
  },
  // COUNT_404: the console and the CLI spelling of the same filter.
  {
    page: 'COUNT_404',
    pattern: '[ip, id, user, timestamp, request, status_code=404, size]',
    matches: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326'],
    inferred: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'],
  },
  {
    page: 'COUNT_404',
    pattern: '[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]',
    matches: ['127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326'],
  },
  // COUNT_4XX: four 404s and two 200s.
  {
    page: 'COUNT_4XX',
    pattern: '[ip, id, user, timestamp, request, status_code=4*, size]',
    matches: [ACCESS_LOG[0], ACCESS_LOG[1], ACCESS_LOG[3], ACCESS_LOG[4]],
    doesNotMatch: [ACCESS_LOG[2], ACCESS_LOG[5]],
    metricValue: '1',
    expectedValues: [1, 1, 1, 1],
  },
  // EXTRACT_BYTES: the metric value is the seventh field, `$size` ("the reference to the token as $7").
  {
    page: 'EXTRACT_BYTES',
    pattern: '[ip, id, user, timestamp, request, status_code, size]',
    matches: ACCESS_LOG,
    metricValue: '$size',
    expectedValues: [287, 287, 3, 308, 308, 3],
  },
  {
    page: 'EXTRACT_BYTES',
    pattern: '[ip, id, user, timestamp, request, status_code, size]',
    matches: ACCESS_LOG,
    metricValue: '$7',
    expectedValues: [287, 287, 3, 308, 308, 3],
  },
  // SYNTAX_2020: the extraction example with a trailing unnamed field; `...` covers $1-$4.
  {
    page: 'SYNTAX_2020',
    pattern: '[..., request=*.html*, status_code=4*,]',
    matches: ['127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'],
    extracted: {
      $status_code: '404',
      $request: 'GET /index.html HTTP/1.0',
      $7: '1534',
      $4: '10/Oct/2000:13:25:15 -0700',
      $3: 'frank',
      $2: '-',
      $1: '127.0.0.1',
    },
  },
];

/** AWS CDK's renderings (aws-cdk-lib/aws-logs/lib/pattern.ts) of the examples in its FilterPattern reference. */
const CDK_EXAMPLES: DocExample[] = [
  {
    page: 'CDK',
    pattern: '"ERROR" "MainThread"',
    matches: ['ERROR in MainThread: boom'],
    inferred: ['ERROR in worker-2', 'MainThread idle'],
  },
  {
    page: 'CDK',
    pattern: '?"ERROR" "MainThread" ?"WARN" "Deadlock"',
    matches: ['ERROR in MainThread: boom', 'WARN Deadlock detected'],
    inferred: ['ERROR in worker-2', 'WARN slow request', 'Deadlock detected'],
  },
  {
    page: 'CDK',
    pattern: '{ ($.component = "HttpServer") && (($.error IS TRUE) || ($.latency > 1000)) }',
    matches: ['{"component":"HttpServer","error":true}', '{"component":"HttpServer","error":false,"latency":1500}'],
    inferred: ['{"component":"HttpServer","error":false,"latency":20}', '{"component":"Db","error":true}'],
  },
  {
    page: 'CDK',
    pattern: '{ ($.latency = "*") && ($.message = %bind: address already in use%) }',
    matches: ['{"latency":12,"message":"listen tcp :8080: bind: address already in use"}'],
    inferred: ['{"message":"bind: address already in use"}', '{"latency":12,"message":"listening"}'],
    metricValue: '$.latency',
    expectedValues: [12],
  },
];

export const AWS_EXAMPLES: DocExample[] = [...USER_GUIDE_EXAMPLES, ...CDK_EXAMPLES];

/** Patterns AWS documents as valid syntax without events: they must parse. */
export const AWS_VALID_PATTERNS: { page: DocPage; pattern: string }[] = [
  ...[
    '{ $.bandwidth > 75 }',
    '{ $.latency < 50 }',
    '{ $.refreshRate >= 60 }',
    '{ $.responseTime <= 5 }',
    '{ $.errorCode = 400}',
    '{ $.errorCode != 500 }',
    '{ $.number[0] = 1e-3 }',
    '{ $.number[0] != 1e+3 }',
  ].map((pattern) => ({ page: 'SYNTAX' as const, pattern })),
  ...[
    '{ $.latency >= 500 }',
    '{ $.numbers[0] < 10e3 }',
    '{ $.numbers[0] < 10e-3 }',
    '{ $.processes[4].averageRuntime <= 55.5 }',
    '{ $.latency > +1000 }',
    '[..., status_code, bytes]',
    '[ip, user, ..., status_code, bytes]',
    '[ip, user, ...]',
    '[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]',
    '[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]',
  ].map((pattern) => ({ page: 'SYNTAX_2020' as const, pattern })),
];

/** Patterns AWS documents as rejected. */
export const AWS_REJECTED_PATTERNS: { page: DocPage; pattern: string; because: string }[] = [
  { page: 'SYNTAX', pattern: '%something!%', because: '"!" is not allowed' },
  { page: 'SYNTAX', pattern: '%(ERROR|WARN)%', because: 'parentheses are not supported' },
  { page: 'SYNTAX', pattern: '{ $.a = %x% || $.b = %y% || $.c = %z% }', because: 'at most 2 regular expressions' },
  { page: 'SYNTAX', pattern: '[a = %x%, b = %y%, c = %z%]', because: 'at most 2 regular expressions' },
  { page: 'SYNTAX', pattern: '%café%', because: 'multi-byte characters are not allowed' },
  { page: 'SYNTAX', pattern: '{ $.SomeObject IS NOT NULL }', because: 'IS NOT is not supported' },
];
