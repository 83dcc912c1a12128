// What `pixl studio submit` prints: bars on a terminal, plain lines otherwise, and the summary table.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createSubmitProgress, formatSummary } from "./submit-report.js";

function stream(isTTY: boolean) {
  const s = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  let text = "";
  s.on("data", (d: Buffer) => (text += d.toString()));
  return { s, text: () => text };
}

describe("submit progress and summary", () => {
  it("draws a bar per stage on a terminal, with errors logged above them", async () => {
    const { s, text } = stream(true);
    const p = createSubmitProgress(s, { wait: true, download: true });
    p.onStart?.(3, 1);
    p.onStage?.("a.jpg", "submitted", "ticket");
    p.onStage?.("a.jpg", "finished", "Production Finished");
    p.onStage?.("b.jpg", "error", "boom");
    p.stop();
    await new Promise((r) => setImmediate(r));
    const plain = text().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g"), "");
    expect(plain).toMatch(/submitted +\[[█░]+\] 2\/3 a\.jpg/);
    expect(plain).toMatch(/finished +\[[█░]+\] 1\/3 a\.jpg/);
    expect(plain).toMatch(/downloaded +\[░+\] 0\/3/);
    expect(plain).toContain("error b.jpg: boom");
  });

  it("prints one line per event elsewhere (logs, CI), skipping uploads", () => {
    const { s, text } = stream(false);
    const p = createSubmitProgress(s, { wait: false, download: false });
    p.onStart?.(2, 0);
    p.onStage?.("a.jpg", "uploading");
    p.onStage?.("a.jpg", "submitted", "t-1");
    p.stop();
    expect(text()).toBe("2 photos, 0 already submitted\nsubmitted a.jpg t-1\n");
  });

  it("tabulates file, ticket, status, sizes and time, and counts what is not ok", () => {
    const table = formatSummary([
      {
        file: "a.jpg",
        ticket: "t-1",
        status: "downloaded",
        size: 2048,
        finalSize: 1024,
        timeMs: 1500,
        ok: true,
      },
      {
        file: "long-name.png",
        ticket: undefined,
        status: "error: refused",
        size: 10,
        finalSize: undefined,
        timeMs: undefined,
        ok: false,
      },
    ]);
    expect(table).toBe(
      [
        "FILE           TICKET  STATUS          SIZE              TIME",
        "a.jpg          t-1     downloaded      2.0 KB -> 1.0 KB  1.5 s",
        "long-name.png  -       error: refused  10 B              -",
        "",
        "2 photos, 1 ok, 1 not",
        "",
      ].join("\n"),
    );
  });
});
