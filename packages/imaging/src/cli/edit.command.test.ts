// `pixl edit`: flags to template, files to outputs with a status per file, and no process.exit.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFixture, createTestRaster, readBack } from "../testing/photo-fixtures.js";
import { createTemplateFromFlags } from "./edit-options.js";
import { registerEditCommand } from "./edit.command.js";

describe("createTemplateFromFlags", () => {
  it("reads the README example", () => {
    expect(
      createTemplateFromFlags({ background: "FFFFFF", size: "1000x1000", margin: "10%", format: "jpg" }),
    ).toMatchObject({
      outputFormat: "jpg",
      background: { type: "color", color: { r: 255, g: 255, b: 255 } },
      resize: { type: "fixed", width: 1000, height: 1000, unit: "px" },
      margin: { type: "percent", top: 10, right: 10, bottom: 10, left: 10 },
    });
  });

  it("reads sizes, margins and a gradient, and lets flags override a template file", () => {
    const t = createTemplateFromFlags(
      { size: "max1600", margin: "10,20,30,40px", background: "FFFFFF", gradient: "CCCCCC", align: "bottom" },
      { templateOutputFormat: "PNG", backgroundType: "2", shadowType: "1" },
    );
    expect(t.resize).toEqual({ type: "minmax", max: 1600, unit: "px" });
    expect(t.margin).toEqual({ type: "pixels", top: 10, right: 20, bottom: 30, left: 40 });
    expect(t.background.type).toBe("gradient");
    expect([t.outputFormat, t.shadow, t.verticalAlignment]).toEqual(["png", "keep", "bottom"]);
    expect(() => createTemplateFromFlags({ background: "transparent", format: "jpg" })).toThrow(/JPG/);
    expect(() => createTemplateFromFlags({ size: "big" })).toThrow(/--size/);
  });
});

describe("pixl edit", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pixl-edit-"));
    const photo = createTestRaster(300, 200, [245, 245, 245], {
      left: 100,
      top: 50,
      width: 100,
      height: 100,
      color: [0, 120, 60],
    });
    await writeFile(path.join(dir, "a.jpg"), await createFixture(photo, { format: "jpg" }));
    await writeFile(path.join(dir, "b.png"), await createFixture(photo, { format: "png" }));
    await writeFile(path.join(dir, "broken.jpg"), "plain text");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("edits every file, reports the broken one, and sets exitCode instead of exiting", async () => {
    const program = new Command("pixl").exitOverride();
    registerEditCommand(program);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const out = path.join(dir, "out");
    const files = ["a.jpg", "b.png", "broken.jpg"].map((f) => path.join(dir, f));
    await program.parseAsync(
      [
        "edit",
        ...files,
        "--size",
        "400x400",
        "--margin",
        "10%",
        "--out",
        out,
        "--jobs",
        "1",
        "--no-progress",
        "--thumbnails",
      ],
      { from: "user" },
    );
    const summary = log.mock.calls.map((c) => String(c[0])).join("\n");
    log.mockRestore();
    expect(summary).toMatch(/2 edited, 1 failed/);
    expect(summary).toMatch(/broken\.jpg: .*unsupported_format/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect((await readdir(out)).sort()).toEqual(["a.jpg", "a.thumb.jpg", "b.jpg", "b.thumb.jpg"]);
    const a = await readBack(await readFile(path.join(out, "a.jpg")));
    expect([a.raster.width, a.raster.height]).toEqual([400, 400]);
  });
});
