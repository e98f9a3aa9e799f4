/**
 * The one bounded memory of the code base: answers that depend on their key alone (a normalised field name, a keyed
 * hash, a truncated address, "this text is clean"), remembered so repeated keys cost a look-up, and bounded so that
 * hostile input with endless distinct keys cannot grow memory.
 *
 * Two generations: when the current one holds `limit` entries it becomes the previous one (the older one is dropped);
 * an entry found in the previous generation moves back to the current one. The keys a service logs over and over
 * stay, one-off ids pass through, and at most `2 × limit` entries are held whatever comes in. Cheaper than an LRU
 * (no reordering on a hit) and, unlike "clear when full", a hot key survives the turn of a generation.
 */
/** `V` holds no `undefined` (it means "not remembered"): remember a missing answer as `null`. */
export interface BoundedMemo<K, V> {
  /** The remembered value, or undefined when the key is not remembered. */
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  /** The remembered value, else `compute(key)` remembered and returned. */
  getOrCompute(key: K, compute: (key: K) => V): V;
  /** Entries held now, both generations (for tests and memory checks). */
  readonly size: number;
}

/** A class rather than closures: V8 inlines its methods into the hot loops that call them. */
class TwoGenerationMemo<K, V> implements BoundedMemo<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined || this.previous.size === 0) return value;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: K, value: V): void {
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  getOrCompute(key: K, compute: (key: K) => V): V {
    let value = this.get(key);
    if (value === undefined) {
      value = compute(key);
      this.set(key, value);
    }
    return value;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

/** A bounded memo that keeps about the last `limit` to `2 × limit` keys in use. `limit` must be at least 1. */
export function createBoundedMemo<K, V>(limit: number): BoundedMemo<K, V> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`bounded memo limit must be ≥ 1, got ${limit}`);
  return new TwoGenerationMemo<K, V>(limit);
}
