import fc from 'fast-check';
import { enrichDocument } from '../../../shared/pipeline/enrich/index.js';
import { aLogDocument } from '../../builders.js';

describe('enrichDocument', () => {
  it("tags a child_safety document child_safety and compliance, as the guide's Logstash filter does", () => {
    expect(enrichDocument(aLogDocument({ category: 'child_safety' })).tags).toEqual(['child_safety', 'compliance']);
  });

  it('tags a security document security and alert', () => {
    expect(enrichDocument(aLogDocument({ category: 'security' })).tags).toEqual(['security', 'alert']);
  });

  it("keeps the app's tags first and adds each tag once", () => {
    const document = aLogDocument({ category: 'child_safety', tags: ['story', 'compliance', 'story'] });
    expect(enrichDocument(document).tags).toEqual(['story', 'compliance', 'child_safety']);
  });

  it.each([undefined, 'business', 'Security', 'constructor', '__proto__'])(
    'adds nothing for category %p',
    (category) => {
      expect(enrichDocument(aLogDocument({ category, tags: ['a'] })).tags).toEqual(['a']);
    },
  );

  it('leaves the given document as it was', () => {
    const document = aLogDocument({ category: 'security', tags: ['x'] });
    const before = structuredClone(document);
    const enriched = enrichDocument(document);
    expect(document).toEqual(before);
    expect(enriched).not.toBe(document);
    expect(enriched).toEqual({ ...before, tags: ['x', 'security', 'alert'] });
  });

  it('is idempotent: enriching twice changes nothing more', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom('child_safety', 'security', 'audit')),
        fc.array(fc.string()),
        (category, tags) => {
          const once = enrichDocument(aLogDocument({ category: category ?? undefined, tags }));
          expect(enrichDocument(once)).toEqual(once);
          expect(new Set(once.tags).size).toBe(once.tags.length);
        },
      ),
    );
  });
});
