import type { LogEvent, LogSource } from '../../../shared/core/types.js';
import { openGeoDatabase } from '../../../shared/engines/geo/index.js';
import { transformEvent } from '../../../shared/pipeline/pipeline.js';
import { createRedactor } from '../../../shared/pipeline/redact/index.js';
import { A_KEY } from './fixtures.js';

// Realistic app logs, as the pipeline sees them from parse on: the guide's JSON lines, Lambda text and JSON formats,
// Python text, and plain text; secrets planted in fields, nested objects and free text.
const SECRETS = {
  parentEmail: 'jane.parent@example.com',
  supportEmail: 'help.desk@teddy.example.org',
  phone: '(415) 555-2671',
  intlPhone: '+44 20 7946 0958',
  ssn: '123-45-6789',
  card: '4111 1111 1111 1111',
  cardCompact: '5500000000000004',
  iban: 'GB82WEST12345698765432',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYXJlbnQtMSJ9.c2lnbmF0dXJlLWJ5dGVz',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  password: 'Tr0ub4dor&3',
  apiKey: 'sk_live_51HxYzExampleKey',
  childName: 'Emma',
  childId: 'child-7f3a9',
  otherChildId: 'child-0b21c',
  clientIp: '81.2.69.142',
  textIp: '8.8.4.4',
  ipv6: '2a00:1450:4001:81c::200e',
  dob: '2017-03-14',
  street: '42 Honey Lane',
} as const;

const NEAR_MISSES = [
  '9b2c1a8e-3f4d-4e5a-8b6c-7d8e9f0a1b2c',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '2024-06-17T12:34:56.789Z',
  '4111111111111112',
  '123456789',
  'arn:aws:lambda:eu-west-1:123456789012:function:story-service',
  'v2.14.3',
  '/api/v1/children/42/stories?page=2',
];

const LINES: readonly string[] = [
  JSON.stringify({
    timestamp: '2024-06-17T12:34:56.789Z',
    level: 'INFO',
    category: 'child_safety',
    message: `content blocked; parent ${SECRETS.parentEmail} notified`,
    service: 'story-service',
    correlation_id: NEAR_MISSES[0],
    child_id: SECRETS.childId,
    client_ip: SECRETS.clientIp,
    metadata: { child: { name: SECRETS.childName, id: SECRETS.childId, dob: SECRETS.dob }, digest: NEAR_MISSES[1] },
  }),
  JSON.stringify({
    level: 'error',
    msg: `payment failed for card ${SECRETS.card}`,
    childId: SECRETS.otherChildId,
    request: {
      headers: { authorization: `Bearer ${SECRETS.jwt}`, 'x-api-key': SECRETS.apiKey },
      body: { password: SECRETS.password, billing: { address: SECRETS.street, iban: SECRETS.iban } },
    },
    order: NEAR_MISSES[3],
    version: NEAR_MISSES[6],
  }),
  `2024-06-17T12:35:00.000Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tINFO\tcalled ${SECRETS.phone} and ${SECRETS.intlPhone} for ssn ${SECRETS.ssn}, counter ${NEAR_MISSES[4]}`,
  `2024-06-17T12:35:01.000Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tWARN\t{"message":"retry","aws_secret_access_key":"${SECRETS.awsSecret}","key":"${SECRETS.awsKey}","path":"${NEAR_MISSES[7]}"}`,
  `[ERROR]\t2024-06-17T12:35:02.000Z\tc6af9ac6-7b61-11e6-9a41-93e8deadbeef\tlookup failed for ${SECRETS.supportEmail} from ${SECRETS.textIp} and ${SECRETS.ipv6} in ${NEAR_MISSES[5]}`,
  `story generated for child_id=${SECRETS.childId} at ${NEAR_MISSES[2]} card ${SECRETS.cardCompact} password=${SECRETS.password}`,
  JSON.stringify({
    level: 30,
    time: 1718627700000,
    msg: 'session',
    user: { email: SECRETS.parentEmail, phone: SECRETS.phone },
  }),
];

const SOURCE: LogSource = {
  logGroup: '/aws/lambda/story-service',
  logStream: '2024/06/17/[$LATEST]0123456789abcdef',
  owner: '123456789012',
  region: 'eu-west-1',
};

function anEvent(message: string, index: number): LogEvent {
  return { id: `3783045648951639863746347342534141414382356864090108723${index}`, timestamp: 1718627700000, message };
}

describe('redaction of a realistic corpus through parse and normalise', () => {
  const redactor = createRedactor({ key: A_KEY, geo: openGeoDatabase() });
  const outcomes = LINES.map((line, index) => transformEvent(anEvent(line, index), SOURCE, redactor));
  const output = outcomes
    .map((outcome) => (outcome.ok ? JSON.stringify(outcome.document) : outcome.content))
    .join('\n');

  it('delivers every line', () => {
    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : outcome.reason))).toEqual(LINES.map(() => 'ok'));
  });

  it.each(Object.entries(SECRETS))('leaves no trace of the planted %s', (_name, secret) => {
    expect(output).not.toContain(secret);
    expect(output).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it.each(NEAR_MISSES.map((text) => [text]))('keeps the near-miss %j verbatim', (text) => {
    expect(output).toContain(text);
  });

  it('gives one child one hash, and different children different hashes', () => {
    const hash = redactor.hashChildId(SECRETS.childId);
    const other = redactor.hashChildId(SECRETS.otherChildId);
    expect(hash).not.toBe(other);
    expect(output.split(hash).length - 1).toBe(3);
    expect(output).toContain(other);
  });

  it('keeps the country of the client and its /24 only', () => {
    const first = outcomes[0];
    expect(first.ok && first.document).toMatchObject({
      client_ip: '81.2.69.0',
      geoip: { country_iso_code: 'GB', continent_code: 'EU' },
    });
  });
});
