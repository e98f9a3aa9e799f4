import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { joinRecords, mentionsAny, splitJsonRecords } from '../../../shared/operations/erase/records.js';

const HASH = `hmac-sha256:v1:${'ab'.repeat(32)}`;
const OTHER = `hmac-sha256:v1:${'cd'.repeat(32)}`;

function aRecord(childId: string, overrides: Record<string, unknown> = {}) {
  return JSON.stringify({ level: 'INFO', child_id: childId, message: 'hello {"braces" in text}', ...overrides });
}

describe('finding a child in stored records', () => {
  it('finds the hash in plain text', () => {
    expect(mentionsAny(aRecord(HASH), [HASH])).toBe(true);
    expect(mentionsAny(aRecord(OTHER), [HASH])).toBe(false);
  });

  it("finds it inside a Firehose backup's base64 rawData", () => {
    const backup = JSON.stringify({ errorCode: '400', rawData: Buffer.from(aRecord(HASH)).toString('base64') });

    expect(mentionsAny(backup, [HASH])).toBe(true);
    expect(mentionsAny(backup.replace(/rawData":"[^"]+/, 'rawData":"'), [HASH])).toBe(false);
  });

  it("finds it inside a failed invocation's gzipped subscription payload", () => {
    const payload = JSON.stringify({ logEvents: [{ id: '1', message: aRecord(HASH) }] });
    const message = JSON.stringify({ requestPayload: { awslogs: { data: gzipSync(payload).toString('base64') } } });

    expect(mentionsAny(message, [HASH])).toBe(true);
    expect(mentionsAny(message, [OTHER])).toBe(false);
  });

  it('finds it under any of the key versions', () => {
    expect(mentionsAny(aRecord(OTHER), [HASH, OTHER])).toBe(true);
  });
});

describe('splitting stored objects into records', () => {
  it('splits NDJSON and joins it back the same way', () => {
    const text = `${aRecord(HASH)}\n${aRecord(OTHER)}\n`;
    const split = splitJsonRecords(text);

    expect(split?.records).toEqual([aRecord(HASH), aRecord(OTHER)]);
    expect(split && joinRecords(split, split.records)).toBe(text);
    expect(split && joinRecords(split, [aRecord(OTHER)])).toBe(`${aRecord(OTHER)}\n`);
  });

  it('splits JSON objects written back to back, braces inside strings notwithstanding', () => {
    const split = splitJsonRecords(`${aRecord(HASH)}${aRecord(OTHER, { note: 'a } and a \\" quote' })}`);

    expect(split?.records).toHaveLength(2);
    expect(split?.separator).toBe('');
  });

  it('splits a pretty-printed object as one record', () => {
    expect(splitJsonRecords(JSON.stringify(JSON.parse(aRecord(HASH)), null, 2))?.records).toHaveLength(1);
  });

  it('gives up on text that is not a sequence of JSON values', () => {
    expect(splitJsonRecords('plain text line\nanother')).toBeUndefined();
    expect(splitJsonRecords('{"a":1} trailing')).toBeUndefined();
    expect(splitJsonRecords('{"a":')).toBeUndefined();
  });

  it('round-trips any list of JSON objects in either layout', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 5 }), (objects) => {
        const records = objects.map((o) => JSON.stringify(o));
        for (const text of [`${records.join('\n')}\n`, records.join('')]) {
          const split = splitJsonRecords(text);
          expect(split?.records).toEqual(records);
          expect(split && joinRecords(split, split.records)).toBe(text);
        }
      }),
    );
  });
});
