// Task descriptors: retry delays (exact schedules, exponential growth, cap and jitter bounds) and schemas.
import { Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { defineTask, retryDelayMs } from "./task.js";

const MINUTE = 60_000;

describe("retryDelayMs", () => {
  it("follows an exact schedule with no jitter, repeating the last delay", () => {
    const schedule = [1 * MINUTE, 5 * MINUTE, 30 * MINUTE];
    const delays = [1, 2, 3, 4].map((n) => retryDelayMs(schedule, n, () => 0.999));
    expect(delays).toEqual([MINUTE, 5 * MINUTE, 30 * MINUTE, 30 * MINUTE]);
  });

  it("doubles from baseMs up to maxMs without jitter", () => {
    const backoff = { baseMs: 1_000, maxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(backoff, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });

  it("keeps jittered delays within [d·(1−jitter), d]", () => {
    const backoff = { baseMs: 1_000, maxMs: 60_000, jitter: 0.25 };
    for (let n = 1; n <= 8; n++) {
      const full = Math.min(60_000, 1_000 * 2 ** (n - 1));
      expect(retryDelayMs(backoff, n, () => 0)).toBe(full);
      expect(retryDelayMs(backoff, n, () => 0.999_999)).toBe(Math.round(full * 0.75));
      const d = retryDelayMs(backoff, n);
      expect(d).toBeGreaterThanOrEqual(Math.round(full * 0.75));
      expect(d).toBeLessThanOrEqual(full);
    }
  });
});

describe("defineTask", () => {
  it("defaults maxAttempts to the schedule's length + 1", () => {
    expect(defineTask("t.schedule", { backoff: [5 * MINUTE, 60 * MINUTE, 300 * MINUTE] }).maxAttempts).toBe(
      4,
    );
    expect(defineTask("t.default").maxAttempts).toBe(12);
  });

  it("explains an invalid payload when a schema is given", () => {
    const task = defineTask("t.schema", { schema: Type.Object({ imageId: Type.Integer() }) });
    expect(task.explainInvalid({ imageId: 3 })).toBeUndefined();
    expect(task.explainInvalid({ imageId: "x" })).toMatch(/imageId/);
  });

  it("refuses bad names and policies", () => {
    expect(() => defineTask("has space")).toThrow(/invalid task name/);
    expect(() => defineTask("t.zero", { maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => defineTask("t.empty", { backoff: [] })).toThrow(/schedule/);
  });
});
