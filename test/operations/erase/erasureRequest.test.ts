import fc from 'fast-check';
import { PipelineError } from '../../../shared/core/errors.js';
import { ErasureRequestError, validateChildId } from '../../../shared/operations/erase/index.js';

describe('the child id of an erasure request', () => {
  it.each(['child-123', '550e8400-e29b-41d4-a716-446655440000', '42', 'c:42', 'parent@example.com/child_1'])(
    'accepts %s',
    (id) => {
      expect(validateChildId(id)).toBe(id);
    },
  );

  it.each([
    ['missing', undefined, /no child id/],
    ['a number', 42, /no child id/],
    ['empty', '', /empty/],
    ['blank', '   ', /empty/],
    ['padded', ' child-1', /whitespace/],
    ['with a newline', 'child-1\n', /whitespace/],
    ['with a space inside', 'child 1', /malformed/],
    ['a wildcard', '*', /malformed/],
    ['a JSON fragment', '{"child_id":"1"}', /malformed/],
    ['already hashed', `hmac-sha256:v1:${'a'.repeat(64)}`, /already a keyed hash/],
    ['too long', 'c'.repeat(129), /longer than 128/],
  ])('refuses one that is %s, with an ErasureRequestError', (_what, id, message) => {
    expect(() => validateChildId(id)).toThrow(ErasureRequestError);
    expect(() => validateChildId(id)).toThrow(message);
  });

  it('is a pipeline error of the erase stage, not retryable', () => {
    const error = new ErasureRequestError('the child id is empty');

    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ name: 'ErasureRequestError', stage: 'erase', retryable: false });
  });

  it('never echoes the id it refuses', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3 }), (id) => {
        try {
          validateChildId(`${id} x`);
        } catch (error) {
          expect((error as Error).message).not.toContain(`${id} x`);
        }
      }),
    );
  });
});
