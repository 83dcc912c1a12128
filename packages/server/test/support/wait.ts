// Waiting for work done by real workers (real time): polls a condition until it holds or times out.

/**
 * Resolves with `check()`'s value once it is not undefined; rejects after `timeoutMs` with `what`. Checks every
 * `intervalMs` (a check through a rate-limited API wants a slower pace than the default).
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until)
      throw new Error(
        `timed out waiting for ${what}${last === undefined ? "" : `: ${last instanceof Error ? last.message : JSON.stringify(last)}`}`,
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
