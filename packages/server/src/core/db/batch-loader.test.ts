// The batch loader: one load per turn for the distinct keys asked, fresh values every turn, errors to all.
import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createBatchLoader } from "./batch-loader.js";

describe("createBatchLoader", () => {
  it("loads the distinct keys of one turn once, in one call", async () => {
    const calls: string[][] = [];
    const loader = createBatchLoader<string, number>((keys) => {
      calls.push([...keys]);
      return Promise.resolve(new Map(keys.filter((k) => k !== "none").map((k) => [k, k.length])));
    });
    const values = await Promise.all(["a", "bb", "a", "none", "ccc"].map((k) => loader.load(k)));
    expect(values).toEqual([1, 2, 1, undefined, 3]);
    expect(calls).toEqual([["a", "bb", "none", "ccc"]]);
  });

  it("reads again in the next turn and splits batches at maxBatch", async () => {
    let version = 0;
    const sizes: number[] = [];
    const loader = createBatchLoader<number, number>(
      (keys) => {
        sizes.push(keys.length);
        return Promise.resolve(new Map(keys.map((k) => [k, version])));
      },
      { maxBatch: 3 },
    );
    expect(await loader.load(1)).toBe(0);
    version = 1;
    await nextTurn();
    expect(await loader.load(1)).toBe(1);
    await Promise.all([1, 2, 3, 4, 5].map((k) => loader.load(k)));
    expect(sizes).toEqual([1, 1, 3, 2]);
  });

  it("rejects every caller of a failed load, and recovers", async () => {
    let fail = true;
    const loader = createBatchLoader<string, string>((keys) =>
      fail ? Promise.reject(new Error("down")) : Promise.resolve(new Map(keys.map((k) => [k, k]))),
    );
    const results = await Promise.allSettled([loader.load("a"), loader.load("b")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await loader.load("a")).toBe("a");
  });
});
