// Test helper: the i-th item of a list, or a failure naming what was missing (no `!` in tests).

/** `list[i]`, throwing when it is absent. */
export function nth<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new RangeError(`no item ${i} (of ${list.length})`);
  return v;
}
