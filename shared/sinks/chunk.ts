/**
 * Splits items, in order, into groups of at most `maxItems` items and at most `maxBytes` bytes as measured by
 * `sizeOf`. An item larger than `maxBytes` on its own still gets a group of its own: the caller decides what to do
 * with it (the sinks cut documents to size before they chunk).
 */
export function chunkBySize<T>(
  items: readonly T[],
  limits: { maxItems: number; maxBytes: number },
  sizeOf: (item: T) => number,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxItems || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
