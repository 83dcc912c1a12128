// Per-endpoint concurrency slots, so one slow receiver cannot take every worker slot from the others.

export class EndpointLimiter {
  readonly #inFlight = new Map<string, number>();

  /** Takes a slot for `key` if fewer than `max` are in use. */
  tryAcquire(key: string, max: number): boolean {
    const n = this.#inFlight.get(key) ?? 0;
    if (n >= max) return false;
    this.#inFlight.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.#inFlight.get(key) ?? 1) - 1;
    if (n <= 0) this.#inFlight.delete(key);
    else this.#inFlight.set(key, n);
  }

  inFlight(key: string): number {
    return this.#inFlight.get(key) ?? 0;
  }
}
