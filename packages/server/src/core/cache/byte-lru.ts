// A least-recently-used map bounded by the bytes its values hold, for caches of response bodies.

export interface ByteLruOptions<V> {
  /** Most bytes kept in all; 0 keeps nothing. */
  maxBytes: number;
  /** What one value costs (for strings: length × 2, roughly what V8 holds). */
  sizeOf: (value: V) => number;
  /** Largest share of `maxBytes` one value may take, so a few huge values cannot push out all the rest. */
  maxShare?: number;
}

export interface ByteLru<V> {
  /** The value, now the most recently used; undefined when absent. */
  get(key: string): V | undefined;
  /** Keeps `value` (unless it alone is too big), evicting least recently used values past the bound. */
  set(key: string, value: V): void;
  delete(key: string): void;
  /** Bytes held now. */
  readonly bytes: number;
  readonly size: number;
}

/** A Map keeps insertion order, so "most recently used" is "re-inserted last" and eviction walks from the front. */
export function createByteLru<V>(options: ByteLruOptions<V>): ByteLru<V> {
  const entries = new Map<string, V>();
  const largest = options.maxBytes * (options.maxShare ?? 1 / 8);
  let bytes = 0;

  function remove(key: string): void {
    const old = entries.get(key);
    if (old === undefined) return;
    entries.delete(key);
    bytes -= options.sizeOf(old);
  }

  return {
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      remove(key);
      const size = options.sizeOf(value);
      if (options.maxBytes <= 0 || size > largest) return;
      entries.set(key, value);
      bytes += size;
      for (const oldKey of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        remove(oldKey);
      }
    },
    delete: remove,
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}
