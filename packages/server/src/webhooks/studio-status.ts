// The studio image status a callback outcome implies (studio-api.md §3–4): 80 delivered, 72/74/76/78 failed.

/** Status after an attempt: 80 on success; 72, 74, 76 after the 1st–3rd failure; 78 after the last. */
export function studioStatusAfter(outcome: { success: boolean; attempt: number; final: boolean }): number {
  if (outcome.success) return 80;
  if (outcome.final) return 78;
  return Math.min(76, 70 + 2 * outcome.attempt);
}
