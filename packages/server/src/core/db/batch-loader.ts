// Read coalescing: lookups made in one event-loop turn are answered by one load of their distinct keys.

export interface BatchLoader<K, V> {
  /** The value for `key` as loaded with the other keys asked for in this turn; undefined when absent. */
  load(key: K): Promise<V | undefined>;
}

export interface BatchLoaderOptions {
  /** Most distinct keys per load. Default 256. */
  maxBatch?: number;
}

/**
 * Coalesces concurrent lookups (the DataLoader pattern): every `load` of one event-loop turn waits for the
 * turn to end, then each distinct key is loaded once by a single call of `loadMany`. Under load the
 * requests that arrive together (one poll of the sockets) share one round trip; a request alone waits
 * one `setImmediate`. Nothing is kept between turns, so every turn reads fresh values.
 */
export function createBatchLoader<K, V>(
  loadMany: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
  options: BatchLoaderOptions = {},
): BatchLoader<K, V> {
  const maxBatch = options.maxBatch ?? 256;
  let waiting = new Map<K, { resolve: (v: V | undefined) => void; reject: (e: unknown) => void }[]>();

  function flush(): void {
    const batch = waiting;
    if (batch.size === 0) return;
    waiting = new Map();
    loadMany([...batch.keys()]).then(
      (values) => {
        for (const [key, callers] of batch) for (const c of callers) c.resolve(values.get(key));
      },
      (e: unknown) => {
        for (const callers of batch.values()) for (const c of callers) c.reject(e);
      },
    );
  }

  return {
    load(key) {
      return new Promise((resolve, reject) => {
        if (waiting.size === 0) setImmediate(flush);
        const callers = waiting.get(key);
        if (callers) callers.push({ resolve, reject });
        else {
          waiting.set(key, [{ resolve, reject }]);
          if (waiting.size >= maxBatch) flush();
        }
      });
    },
  };
}
