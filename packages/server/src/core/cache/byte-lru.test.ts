import { describe, expect, it } from "vitest";
import { createByteLru } from "./byte-lru.js";

const lru = (maxBytes: number) => createByteLru<string>({ maxBytes, sizeOf: (v) => v.length, maxShare: 1 });

describe("createByteLru", () => {
  it("evicts the least recently used values once the bytes exceed the bound", () => {
    const cache = lru(10);
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.get("a")).toBe("aaaa"); // a is now the most recent
    cache.set("c", "cccc");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("aaaa");
    expect(cache.get("c")).toBe("cccc");
    expect(cache.bytes).toBe(8);
  });

  it("replaces a key's value without counting it twice", () => {
    const cache = lru(10);
    cache.set("a", "aaaa");
    cache.set("a", "aaaaaa");
    expect(cache.bytes).toBe(6);
    expect(cache.size).toBe(1);
  });

  it("keeps nothing larger than its share, and nothing at all when the bound is 0", () => {
    const shared = createByteLru<string>({ maxBytes: 80, sizeOf: (v) => v.length });
    shared.set("huge", "x".repeat(11)); // over 80 / 8
    expect(shared.get("huge")).toBeUndefined();
    shared.set("ok", "x".repeat(10));
    expect(shared.get("ok")).toBeDefined();
    const off = lru(0);
    off.set("a", "a");
    expect(off.get("a")).toBeUndefined();
  });
});
