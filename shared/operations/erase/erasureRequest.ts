import { ErasureRequestError } from './errors.js';

/** Longest child id accepted: ids are UUIDs or short database keys; anything longer is a pasted mistake. */
export const MAX_CHILD_ID_LENGTH = 128;

// Printable ASCII without spaces or quotes: UUIDs, numeric and prefixed keys (`child_123`, `c:42`) pass; a pasted
// log line, a JSON fragment or an id with a stray newline does not.
const CHILD_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+/=-]*$/;
const HASHED = /^hmac-sha256:/;

/**
 * The raw child id of an erasure request, validated. Throws an ErasureRequestError (never echoing the id back into
 * logs) when it is missing, empty, too long, contains whitespace or unusual characters, or is already a hash.
 */
export function validateChildId(value: unknown): string {
  if (typeof value !== 'string') throw new ErasureRequestError('the erasure request has no child id (childId)');
  if (value.trim() === '') throw new ErasureRequestError('the child id is empty');
  if (value !== value.trim()) {
    throw new ErasureRequestError(
      'the child id has leading or trailing whitespace: pass it exactly as the app logs it',
    );
  }
  if (value.length > MAX_CHILD_ID_LENGTH) {
    throw new ErasureRequestError(`the child id is longer than ${MAX_CHILD_ID_LENGTH} characters`);
  }
  if (HASHED.test(value)) {
    throw new ErasureRequestError(
      'the child id is already a keyed hash: pass the raw id, which is hashed under every key version',
    );
  }
  if (!CHILD_ID.test(value)) {
    throw new ErasureRequestError(
      'the child id is malformed: expected letters, digits and . _ : @ + / = - only, starting with a letter or digit',
    );
  }
  return value;
}
