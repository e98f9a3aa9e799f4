import type { LogDocument } from '../../../shared/core/types.js';
import { openGeoDatabase } from '../../../shared/engines/geo/index.js';
import {
  createRedactor,
  DEV_CHILD_ID_KEY,
  isHashedChildId,
  loadRuleSet,
} from '../../../shared/pipeline/redact/index.js';
import { A_KEY, AN_OLD_KEY, aLogDocument } from './fixtures.js';

const geo = openGeoDatabase();
const redactor = createRedactor({ key: A_KEY, geo });

function redactOk(document: LogDocument): LogDocument {
  const outcome = redactor.redact(document);
  if (!outcome.ok) throw new Error(`expected ok, got ${outcome.reason}`);
  return outcome.document;
}

describe('createRedactor: documents', () => {
  it('redacts the message, app text fields and metadata at every depth, and records the kinds that fired', () => {
    const document = redactOk(
      aLogDocument({
        message: 'parent jane@example.com asked',
        service: 'story svc owner bob@example.com',
        metadata: {
          request: { headers: { Authorization: 'Bearer abcdefgh12345678', 'X-Api-Key': 'k-123' } },
          user: { email_address: 'jane@example.com', password: 'hunter2' },
          notes: ['call 415-555-2671', { deep: { deeper: { ssn: '123-45-6789' } } }],
        },
      }),
    );
    expect(document.message).toBe('parent [REDACTED:email] asked');
    expect(document.service).toBe('story svc owner [REDACTED:email]');
    expect(document.metadata).toEqual({
      request: { headers: { Authorization: '[REDACTED:secret]', 'X-Api-Key': '[REDACTED:secret]' } },
      user: { email_address: '[REDACTED:email]', password: '[REDACTED:password]' },
      notes: ['call [REDACTED:phone]', { deep: { deeper: { ssn: '[REDACTED:ssn]' } } }],
    });
    expect(document.redaction).toEqual({ email: 3, secret: 2, password: 1, phone: 1, ssn: 1 });
  });

  it('leaves the pipeline fields untouched', () => {
    const input = aLogDocument({ message: 'ok', tags: ['child_safety', 'compliance'] });
    const document = redactOk(input);
    expect(document['@timestamp']).toBe(input['@timestamp']);
    expect(document.level).toBe(input.level);
    expect(document.tags).toEqual(input.tags);
    expect(document.aws).toEqual(input.aws);
    expect(document.lambda).toEqual(input.lambda);
    expect(document.correlation_id).toBe(input.correlation_id);
  });

  it('omits redaction when nothing fired', () => {
    expect(redactOk(aLogDocument()).redaction).toBeUndefined();
  });

  it('hashes the child id with the keyed hash, stamping the key version', () => {
    const document = redactOk(aLogDocument({ child_id: 'child-123' }));
    expect(document.child_id).toMatch(/^hmac-sha256:v1:[0-9a-f]{64}$/);
    expect(document.child_id).toBe(redactor.hashChildId('child-123'));
    expect(document.redaction).toEqual({ child_id: 1 });
  });

  it('hashes child ids in metadata: childId, child.id, child_id= in text, the same way', () => {
    const hash = redactor.hashChildId('kid-7');
    const document = redactOk(
      aLogDocument({
        message: 'story for child_id=kid-7',
        metadata: { childId: 'kid-7', child: { id: 'kid-7', name: 'Emma', age: 6 }, 'child.id': 'kid-7' },
      }),
    );
    expect(document.message).toBe(`story for child_id=${hash}`);
    expect(document.metadata).toEqual({
      childId: hash,
      child: { id: hash, name: '[REDACTED:child_name]', age: 6 },
      'child.id': hash,
    });
  });

  it('redacts child names: child_name anywhere, name fields inside a child object or a children list', () => {
    const document = redactOk(
      aLogDocument({
        metadata: {
          child_name: 'Emma',
          name: 'story-service',
          children: [{ first_name: 'Bo', last_name: 'Li', id: 3 }],
          parent: { name: 'Jane Doe' },
        },
      }),
    );
    expect(document.metadata).toEqual({
      child_name: '[REDACTED:child_name]',
      name: 'story-service',
      children: [
        { first_name: '[REDACTED:child_name]', last_name: '[REDACTED:child_name]', id: redactor.hashChildId('3') },
      ],
      // A parent's name is a person's name too (issue 12): its own kind.
      parent: { name: '[REDACTED:person_name]' },
    });
  });

  it('coarsens coordinates to one decimal', () => {
    const document = redactOk(
      aLogDocument({ metadata: { location: { lat: 51.507351, lon: -0.127758, latitude: '40.712776', lng: 12 } } }),
    );
    expect(document.metadata).toEqual({ location: { lat: 51.5, lon: -0.1, latitude: '40.7', lng: 12 } });
    expect(document.redaction).toEqual({ coordinates: 3 });
  });

  it('matches field names case- and separator-insensitively', () => {
    const document = redactOk(
      aLogDocument({ metadata: { apiKey: 'a1', api_key: 'a2', 'X-Api-Key': 'a3', 'API KEY': 'a4', Set_Cookie: 'c' } }),
    );
    expect(Object.values(document.metadata ?? {})).toEqual(Array(5).fill('[REDACTED:secret]'));
  });

  it('replaces a whole object under a sensitive field name', () => {
    const document = redactOk(aLogDocument({ metadata: { address: { street: '1 Main St', city: 'Springfield' } } }));
    expect(document.metadata).toEqual({ address: '[REDACTED:address]' });
  });

  it('looks up the client IP country, then truncates IPv4 to /24', () => {
    const document = redactOk(aLogDocument({ client_ip: '8.8.8.8' }));
    expect(document.geoip).toEqual({ country_iso_code: 'US', continent_code: 'NA' });
    expect(document.client_ip).toBe('8.8.8.0');
    expect(document.redaction).toEqual({ ip: 1 });
  });

  it('truncates IPv6 to /48', () => {
    const document = redactOk(aLogDocument({ client_ip: '2001:4860:4860::8888' }));
    expect(document.client_ip).toBe('2001:4860:4860::');
    expect(document.geoip?.country_iso_code).toBe('US');
  });

  it('adds no location for a private client IP, and drops a client_ip that is not an address', () => {
    expect(redactOk(aLogDocument({ client_ip: '192.168.1.20' }))).toMatchObject({ client_ip: '192.168.1.0' });
    expect(redactOk(aLogDocument({ client_ip: '192.168.1.20' })).geoip).toBeUndefined();
    const notAnAddress = redactOk(aLogDocument({ client_ip: 'unknown host bob@example.com' }));
    expect(notAnAddress.client_ip).toBeUndefined();
    expect(notAnAddress.redaction).toEqual({ ip: 1 });
  });

  it('answers the same for an address seen before, with a geoip object of its own per document', () => {
    const first = redactOk(aLogDocument({ client_ip: '8.8.4.4', metadata: { ip: '8.8.4.4' } }));
    const second = redactOk(aLogDocument({ client_ip: '8.8.4.4', metadata: { ip: '8.8.4.4' } }));
    expect(second).toEqual(first);
    expect(second.geoip).toEqual({ country_iso_code: 'US', continent_code: 'NA' });
    expect(second.geoip).not.toBe(first.geoip);
    expect(second.metadata).toEqual({ ip: '8.8.4.0' });
  });

  it('still truncates and locates addresses after more of them than it remembers', () => {
    const one = createRedactor({ key: A_KEY, geo });
    for (let i = 0; i < 2_100; i += 1) one.redact(aLogDocument({ client_ip: `10.${i >> 8}.${i & 255}.7` }));
    const outcome = one.redact(aLogDocument({ client_ip: '8.8.8.8', metadata: { remote_ip: 'not an address' } }));
    if (!outcome.ok) throw new Error(outcome.reason);
    expect(outcome.document).toMatchObject({
      client_ip: '8.8.8.0',
      geoip: { country_iso_code: 'US' },
      metadata: { remote_ip: 'not an address' },
    });
  });

  it('keeps only country and continent of a geoip it is given', () => {
    const input = aLogDocument({ geoip: { country_iso_code: 'GB', continent_code: 'EU', city: 'London' } as never });
    expect(redactOk(input).geoip).toEqual({ country_iso_code: 'GB', continent_code: 'EU' });
  });

  it('is idempotent: a second run changes nothing and counts nothing', () => {
    const once = redactOk(
      aLogDocument({
        message: 'mail bob@example.com child_id=kid-1 password=x',
        child_id: 'kid-1',
        client_ip: '81.2.69.142',
        metadata: { token: 't', lat: 51.5074, child: { id: 'kid-1' }, ip: '10.1.2.3' },
      }),
    );
    const twice = redactOk(once);
    expect(twice).toEqual(once);
  });

  it('redacts the strings of ecs details', () => {
    const document = redactOk(aLogDocument({ ecs: { container_name: 'story', note: 'owner ops@example.com' } }));
    expect(document.ecs).toEqual({ container_name: 'story', note: 'owner [REDACTED:email]' });
  });

  it('redacts a top-level field it does not know as app data', () => {
    const input = { ...aLogDocument(), user_email: 'a@example.com', extra: 'card 4111111111111111' } as LogDocument;
    expect(redactOk(input)).toMatchObject({ user_email: '[REDACTED:email]', extra: 'card [REDACTED:card]' });
  });

  it('replaces objects nested beyond the depth limit instead of failing', () => {
    let deep: Record<string, unknown> = { secret: 's' };
    for (let i = 0; i < 200; i += 1) deep = { next: deep };
    const document = redactOk(aLogDocument({ metadata: deep }));
    expect(JSON.stringify(document)).toContain('[REDACTED:depth_limit]');
    expect(document.redaction?.depth_limit).toBe(1);
  });
});

describe('createRedactor: fail closed', () => {
  const noEmailRule = createRedactor({
    key: A_KEY,
    rules: loadRuleSet({ disable: ['email', 'email-international', 'email-url-encoded', 'email-field'] }),
  });

  it('quarantines a document with residue, naming the kind and the field path', () => {
    const outcome = noEmailRule.redact(aLogDocument({ metadata: { user: { contact: 'write to bob@example.com' } } }));
    expect(outcome).toMatchObject({ ok: false, leak: true, reason: 'leak check: email in metadata.user.contact' });
  });

  it('keeps in the quarantine the redacted document with the leaking value marked, never the secret', () => {
    const outcome = noEmailRule.redact(
      aLogDocument({ message: 'bob@example.com', metadata: { password: 'hunter2', list: ['x', 'eve@example.org'] } }),
    );
    if (outcome.ok) throw new Error('expected quarantine');
    expect(outcome.content).not.toContain('bob@example.com');
    expect(outcome.content).not.toContain('eve@example.org');
    expect(outcome.content).not.toContain('hunter2');
    const content = JSON.parse(outcome.content);
    expect(content.leaks).toEqual([
      { path: 'message', kind: 'email' },
      { path: 'metadata.list[1]', kind: 'email' },
    ]);
    expect(content.document.message).toBe('[QUARANTINED:email]');
    expect(content.document.aws).toEqual(aLogDocument().aws);
  });

  it('quarantines residue in a pipeline field too', () => {
    const document = aLogDocument();
    document.aws.log_stream = 'stream-AKIAIOSFODNN7EXAMPLE';
    expect(redactor.redact(document)).toMatchObject({
      ok: false,
      leak: true,
      reason: 'leak check: aws_access_key in aws.log_stream',
    });
  });

  it('quarantines a raw child id left in a child-id field', () => {
    const noChildIdRule = createRedactor({
      key: A_KEY,
      rules: loadRuleSet({ disable: ['child-id-field', 'key-value-child-id'] }),
    });
    expect(noChildIdRule.redact(aLogDocument({ metadata: { childId: 'kid-9' } }))).toMatchObject({
      ok: false,
      leak: true,
      reason: 'leak check: child_id in metadata.childId',
    });
    expect(noChildIdRule.redact(aLogDocument({ message: 'child_id=kid-9' }))).toMatchObject({
      ok: false,
      reason: 'leak check: child_id in message',
    });
  });

  it('quarantines without the record when redaction itself throws', () => {
    const hostile = aLogDocument({
      metadata: {
        get boom() {
          throw new Error('getter exploded');
        },
      } as Record<string, unknown>,
      message: 'bob@example.com',
    });
    const outcome = redactor.redact(hostile);
    expect(outcome).toMatchObject({ ok: false, leak: false, reason: 'redaction failed: getter exploded' });
    if (outcome.ok) return;
    expect(outcome.content).not.toContain('bob@example.com');
    expect(JSON.parse(outcome.content).aws.event_id).toBe(hostile.aws.event_id);
  });
});

describe('createRedactor: child ids', () => {
  it('gives the same child the same hash and different children different hashes', () => {
    expect(redactor.hashChildId('kid-1')).toBe(redactor.hashChildId('kid-1'));
    expect(redactor.hashChildId('kid-1')).not.toBe(redactor.hashChildId('kid-2'));
  });

  it('gives a different hash under a different key', () => {
    expect(createRedactor({ key: AN_OLD_KEY }).hashChildId('kid-1')).not.toBe(redactor.hashChildId('kid-1'));
  });

  it('returns an already hashed value unchanged', () => {
    const hash = redactor.hashChildId('kid-1');
    expect(redactor.hashChildId(hash)).toBe(hash);
    expect(isHashedChildId(hash)).toBe(true);
  });

  it('lists the hashes under the current and every previous key, current first', () => {
    const rotated = createRedactor({ key: A_KEY, previousKeys: [AN_OLD_KEY, DEV_CHILD_ID_KEY] });
    const hashes = rotated.childIdHashes('kid-1');
    expect(hashes).toEqual([
      redactor.hashChildId('kid-1'),
      createRedactor({ key: AN_OLD_KEY }).hashChildId('kid-1'),
      createRedactor({ key: DEV_CHILD_ID_KEY }).hashChildId('kid-1'),
    ]);
    expect(hashes[1]).toMatch(/^hmac-sha256:v0:/);
  });

  it('refuses a key without a version or with a short secret', () => {
    expect(() => createRedactor({ key: { version: '', secret: 'long-enough-secret-123' } })).toThrow(/version/);
    expect(() => createRedactor({ key: { version: 'v1', secret: 'short' } })).toThrow(/at least 16 bytes/);
    expect(() => createRedactor({ key: A_KEY, previousKeys: [{ version: 'v0', secret: '' }] })).toThrow(/previous/);
  });

  it('accepts a binary key', () => {
    const binary = createRedactor({ key: { version: 'v2', secret: new Uint8Array(32).fill(7) } });
    expect(binary.hashChildId('kid-1')).toMatch(/^hmac-sha256:v2:[0-9a-f]{64}$/);
  });
});

describe('createRedactor: redactFields for the app logger', () => {
  it('redacts one log object with the same rules and hashes child ids', () => {
    const { value, counts } = redactor.redactFields({
      msg: 'reset for jane@example.com',
      childId: 'kid-3',
      req: { headers: { cookie: 'sid=abc' } },
    });
    expect(value).toEqual({
      msg: 'reset for [REDACTED:email]',
      childId: redactor.hashChildId('kid-3'),
      req: { headers: { cookie: '[REDACTED:secret]' } },
    });
    expect(counts).toEqual({ email: 1, child_id: 1, secret: 1 });
  });

  it('does not change its input and returns the same object when nothing fired', () => {
    const input = { msg: 'hello', nested: { password: 'x' } };
    const { value } = redactor.redactFields(input);
    expect(input.nested.password).toBe('x');
    expect(value.nested).toEqual({ password: '[REDACTED:password]' });
    const clean = { msg: 'hello', n: 1 };
    expect(redactor.redactFields(clean).value).toBe(clean);
  });

  it('copes with cycles, errors and dates an app may log', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = new Error('failed for bob@example.com');
    const at = new Date('2024-06-17T00:00:00Z');
    const { value } = redactor.redactFields({ cyclic, err: error, at });
    expect((value.cyclic as Record<string, unknown>).self).toBe('[Circular]');
    expect((value.err as Record<string, unknown>).message).toBe('failed for [REDACTED:email]');
    expect(JSON.stringify(value)).not.toContain('bob@example.com');
    expect(value.at).toBe(at);
  });

  it('explains which field rules fired, with their paths', () => {
    const findings = redactor.explainFields({ user: { password: 'pw', notes: ['mail a@b.co'] } });
    expect(findings).toEqual([
      { path: 'user.password', rule: 'password-field', kind: 'password', matched: 'pw' },
      { path: 'user.notes[0]', rule: 'email', kind: 'email', matched: 'a@b.co', start: 5, end: 11 },
    ]);
  });
});
