import fc from 'fast-check';
import type { LogDocument } from '../../shared/core/types.js';
import { boundIndexedTerms, fitDocument, MAX_TERM_BYTES } from '../../shared/sinks/truncate.js';
import { aLogDocument } from '../builders.js';

const bytesOf = (text: string) => Buffer.byteLength(text);

describe('fitDocument', () => {
  it('leaves a document that fits untouched, without a truncation marker', () => {
    const document = aLogDocument({ metadata: { story_id: 'st_1' } });
    const fitted = fitDocument(document, 10_000, true);
    expect(fitted).toEqual({
      ok: true,
      document,
      json: JSON.stringify(document),
      bytes: bytesOf(JSON.stringify(document)) + 1,
      truncated: false,
    });
  });

  it('cuts the message of an oversized document and marks it with truncated and the original size', () => {
    const document = aLogDocument({ message: 'x'.repeat(50_000) });
    const fitted = fitDocument(document, 4_096, true);
    if (!fitted.ok) throw new Error(fitted.reason);
    expect(fitted.bytes).toBeLessThanOrEqual(4_096);
    const parsed = JSON.parse(fitted.json) as LogDocument;
    expect(parsed.truncated).toBe(true);
    expect(parsed.original_size).toBe(bytesOf(JSON.stringify(document)));
    expect(document.message.startsWith(parsed.message)).toBe(true);
    expect(parsed.message.length).toBeGreaterThan(3_000);
    expect(parsed.aws).toEqual(document.aws);
  });

  it('cuts the largest metadata strings when cutting the message is not enough, keeping part of the message', () => {
    const document = aLogDocument({
      message: 'm'.repeat(10_000),
      metadata: { prompt: 'p'.repeat(40_000), small: 'kept', nested: { trace: 't'.repeat(30_000) } },
    });
    const fitted = fitDocument(document, 16_000);
    if (!fitted.ok) throw new Error(fitted.reason);
    expect(fitted.bytes).toBeLessThanOrEqual(16_000);
    const parsed = JSON.parse(fitted.json) as LogDocument;
    expect(parsed.metadata?.small).toBe('kept');
    expect(String(parsed.metadata?.prompt).length).toBeLessThan(40_000);
    expect(parsed.message.length).toBeGreaterThanOrEqual(4_000);
    // The input document is not modified.
    expect(String(document.metadata?.prompt).length).toBe(40_000);
  });

  it('replaces metadata made of many small fields by a prefix of its JSON text', () => {
    const metadata = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`field_${i}`, i]));
    const fitted = fitDocument(aLogDocument({ metadata }), 8_000);
    if (!fitted.ok) throw new Error(fitted.reason);
    const parsed = JSON.parse(fitted.json) as LogDocument;
    expect(Object.keys(parsed.metadata ?? {})).toEqual(['truncated_json']);
    expect(JSON.stringify(metadata).startsWith(parsed.metadata?.truncated_json as string)).toBe(true);
    expect(fitted.bytes).toBeLessThanOrEqual(8_000);
  });

  it('never splits a surrogate pair or an escape sequence when it cuts', () => {
    const document = aLogDocument({ message: '🧸"\n'.repeat(5_000) });
    const fitted = fitDocument(document, 3_001);
    if (!fitted.ok) throw new Error(fitted.reason);
    const parsed = JSON.parse(fitted.json) as LogDocument;
    expect(parsed.message).not.toMatch(/[\uD800-\uDBFF]$/);
    expect(document.message.startsWith(parsed.message)).toBe(true);
  });

  it('refuses, with a reason, a document whose other fields alone exceed the limit', () => {
    const fitted = fitDocument(aLogDocument({ tags: Array.from({ length: 500 }, (_, i) => `tag-${i}`) }), 1_000);
    expect(fitted).toEqual({
      ok: false,
      reason: expect.stringContaining('cannot be cut below the limit of 1000 bytes'),
    });
  });

  it('always yields valid JSON within the limit, the message a prefix of the original', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 3_000 }),
        fc.dictionary(
          fc.string({ maxLength: 8 }),
          fc.oneof(fc.string({ unit: 'binary', maxLength: 2_000 }), fc.integer()),
        ),
        fc.integer({ min: 1_500, max: 6_000 }),
        (message, metadata, limit) => {
          const document = aLogDocument({ message, metadata });
          const fitted = fitDocument(document, limit, true);
          if (!fitted.ok) return false;
          expect(fitted.bytes).toBeLessThanOrEqual(limit);
          expect(fitted.bytes).toBe(bytesOf(fitted.json) + 1);
          const parsed = JSON.parse(fitted.json) as LogDocument;
          expect(parsed.truncated === true).toBe(fitted.truncated);
          expect(message.startsWith(parsed.message)).toBe(true);
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('boundIndexedTerms', () => {
  it('cuts a metadata or ecs string over the term limit, with a marker, and marks the document truncated', () => {
    const huge = 'é'.repeat(20_000); // 40,000 bytes
    const document = aLogDocument({ metadata: { err: { stack: huge }, list: ['ok', huge] }, ecs: { task: huge } });
    const bounded = boundIndexedTerms(document);
    const metadata = bounded.metadata as { err: { stack: string }; list: string[] };
    const stack = metadata.err.stack;
    expect(stack).toMatch(/^é+…\[truncated: 40000 bytes\]$/);
    expect(Buffer.byteLength(stack)).toBeLessThanOrEqual(MAX_TERM_BYTES);
    expect(metadata.list[0]).toBe('ok');
    expect(metadata.list[1]).toMatch(/…\[truncated: 40000 bytes\]$/);
    expect(bounded.ecs?.task).toMatch(/…\[truncated: 40000 bytes\]$/);
    expect(bounded.truncated).toBe(true);
    // The caller's document is left as it was.
    expect((document.metadata as { err: { stack: string } }).err.stack).toBe(huge);
  });

  it('returns the very same document when nothing is too long', () => {
    const document = aLogDocument({ metadata: { stack: 'x'.repeat(10_000) } });
    expect(boundIndexedTerms(document)).toBe(document);
  });
});
