/** A set that remembers at most about `2 × limit` strings: the recent ones, and those still asked about. */
export interface RecentSet {
  has(value: string): boolean;
  add(value: string): void;
}

/**
 * A bounded memory of recent strings in two generations: when the current one is full it becomes the previous one
 * (and the older one is dropped); a string found in the previous generation moves back to the current one. The
 * strings a service logs over and over stay, one-off ids pass through, and memory stays bounded whatever comes in.
 */
export function createRecentSet(limit: number): RecentSet {
  let current = new Set<string>();
  let previous = new Set<string>();
  const add = (value: string): void => {
    if (current.size >= limit) {
      previous = current;
      current = new Set();
    }
    current.add(value);
  };
  return {
    has(value: string): boolean {
      if (current.has(value)) return true;
      if (!previous.has(value)) return false;
      add(value);
      return true;
    },
    add,
  };
}
