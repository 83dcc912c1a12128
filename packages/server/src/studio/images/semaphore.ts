// A counting semaphore: at most `size` holders at once, the rest wait in arrival order.

export interface Semaphore {
  /** Runs `fn` once a slot is free and frees it afterwards. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function createSemaphore(size: number): Semaphore {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(fn) {
      if (active >= size) await new Promise<void>((resolve) => waiting.push(resolve));
      else active += 1;
      try {
        return await fn();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active -= 1;
      }
    },
  };
}
