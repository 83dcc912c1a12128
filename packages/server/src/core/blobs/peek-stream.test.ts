// Unit tests of peekStream: the head is what the stream starts with, and the body still carries every byte.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { text } from "./blob-harness.test-support.js";
import { peekStream } from "./peek-stream.js";

describe("peekStream", () => {
  it("returns the first bytes across small chunks and replays them in the body", async () => {
    const { head, body } = await peekStream(
      Readable.from(["ab", "c", "defgh", "ijk"].map((s) => Buffer.from(s))),
      5,
    );
    expect(head.toString()).toBe("abcde");
    expect(await text(body)).toBe("abcdefghijk");
  });

  it("handles a stream shorter than the peek", async () => {
    const { head, body } = await peekStream(Readable.from([Buffer.from("xy")]), 12);
    expect(head.toString()).toBe("xy");
    expect(await text(body)).toBe("xy");
  });

  it("passes a later error of the source to the body", async () => {
    let sent = false;
    const source = new Readable({
      read() {
        if (sent) this.destroy(new Error("broke midway"));
        else this.push(Buffer.from("0123456789abcdef"));
        sent = true;
      },
    });
    const { head, body } = await peekStream(source, 4);
    expect(head.toString()).toBe("0123");
    await expect(text(body)).rejects.toThrow("broke midway");
  });
});
