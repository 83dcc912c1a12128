// Golden geometry: canvas and product placement for every resize type, unit, margin mode and alignment.
import { describe, expect, it } from "vitest";
import type { EditTemplate } from "../template/edit-template.js";
import { createLayout, toPixels } from "./layout.js";

type T = Pick<EditTemplate, "resize" | "margin" | "verticalAlignment">;
const base: T = { resize: { type: "keep" }, margin: { type: "none" }, verticalAlignment: "center" };
const subject = { left: 300, top: 200, width: 200, height: 400 };
const layout = (t: Partial<T>, dpi = 300) =>
  createLayout({ imageWidth: 1000, imageHeight: 800, subject, dpi, template: { ...base, ...t } });
const pct = (top: number, bottom: number, left: number, right: number) =>
  ({ type: "percent", top, bottom, left, right }) as const;
const px = (top: number, bottom: number, left: number, right: number) =>
  ({ type: "pixels", top, bottom, left, right }) as const;

describe("createLayout", () => {
  it("type 0 without margins leaves the product where it is", () => {
    expect(layout({})).toMatchObject({ canvasWidth: 1000, canvasHeight: 800, placement: subject });
  });

  it("type 0 with percent margins scales the product into the original canvas", () => {
    // inner box 800×640 (10 % of each side); 200×400 scaled ×1.6 → 320×640, centred horizontally.
    expect(layout({ margin: pct(10, 10, 10, 10) }).placement).toEqual({
      left: 340,
      top: 80,
      width: 320,
      height: 640,
    });
  });

  it("type 1 builds the smallest canvas of the ratio around the product and pixel margins", () => {
    // 200+30+30 = 260 wide, 400+10+10 = 420 high; 3:4 → height 420, width 315.
    const l = layout({ resize: { type: "aspect", width: 3, height: 4 }, margin: px(10, 10, 30, 30) });
    expect([l.canvasWidth, l.canvasHeight]).toEqual([315, 420]);
    expect(l.placement).toEqual({ left: 57, top: 10, width: 200, height: 400 });
  });

  it("type 1 with a wide ratio grows the width", () => {
    const l = layout({ resize: { type: "aspect", width: 2, height: 1 }, margin: pct(0, 0, 0, 0) });
    expect([l.canvasWidth, l.canvasHeight]).toEqual([800, 400]);
    expect(l.placement).toEqual({ left: 300, top: 0, width: 200, height: 400 });
  });

  it("type 2 in pixels fits the product inside percent margins", () => {
    const l = layout({
      resize: { type: "fixed", width: 1000, height: 1000, unit: "px" },
      margin: pct(10, 10, 10, 10),
    });
    expect([l.canvasWidth, l.canvasHeight]).toEqual([1000, 1000]);
    expect(l.placement).toEqual({ left: 300, top: 100, width: 400, height: 800 });
  });

  it.each([
    ["top", 50],
    ["center", 275],
    ["bottom", 500],
  ] as const)("type 2 aligns a wide product to the %s", (verticalAlignment, top) => {
    const l = createLayout({
      imageWidth: 1000,
      imageHeight: 800,
      subject: { left: 100, top: 100, width: 400, height: 200 },
      dpi: 300,
      template: {
        resize: { type: "fixed", width: 1000, height: 1000, unit: "px" },
        margin: px(50, 50, 50, 50),
        verticalAlignment,
      },
    });
    // inner 900×900; 400×200 ×2.25 → 900×450, 450 px of vertical slack.
    expect(l.placement).toEqual({ left: 50, top, width: 900, height: 450 });
  });

  it("type 2 in millimetres and inches uses the file's resolution", () => {
    const mm = layout({ resize: { type: "fixed", width: 50.8, height: 25.4, unit: "mm" } }, 200);
    expect([mm.canvasWidth, mm.canvasHeight]).toEqual([400, 200]);
    const inch = layout({ resize: { type: "fixed", width: 2, height: 3, unit: "inch" } }, 300);
    expect([inch.canvasWidth, inch.canvasHeight]).toEqual([600, 900]);
    expect(toPixels(10, "mm", 300)).toBe(118);
  });

  it("type 2 without margins letterboxes the whole photo", () => {
    const whole = { left: 0, top: 0, width: 1000, height: 800 };
    const l = createLayout({
      imageWidth: 1000,
      imageHeight: 800,
      subject: whole,
      dpi: 72,
      template: { ...base, resize: { type: "fixed", width: 500, height: 500, unit: "px" } },
    });
    expect(l.placement).toEqual({ left: 0, top: 50, width: 500, height: 400 });
  });

  it("type 3 caps the longest side at the maximum and lifts the shortest to the minimum", () => {
    // Without margins the subject is the whole photo (as editImage passes it).
    const whole = (resize: T["resize"], dpi = 300) =>
      createLayout({
        imageWidth: 1000,
        imageHeight: 800,
        subject: { left: 0, top: 0, width: 1000, height: 800 },
        dpi,
        template: { ...base, resize },
      });
    const max = whole({ type: "minmax", max: 500, unit: "px" });
    expect([max.canvasWidth, max.canvasHeight]).toEqual([500, 400]);
    expect(max.placement).toEqual({ left: 0, top: 0, width: 500, height: 400 });
    const min = whole({ type: "minmax", min: 1600, unit: "px" });
    expect([min.canvasWidth, min.canvasHeight]).toEqual([2000, 1600]);
    const both = whole({ type: "minmax", min: 900, max: 1000, unit: "px" });
    expect([both.canvasWidth, both.canvasHeight]).toEqual([1000, 800]);
    const inch = whole({ type: "minmax", max: 1, unit: "inch" }, 100);
    expect([inch.canvasWidth, inch.canvasHeight]).toEqual([100, 80]);
    // With margins the base canvas is the product plus margins: 200×400 + 25 % each side → 400×800.
    const framed = layout({ resize: { type: "minmax", max: 400, unit: "px" }, margin: pct(25, 25, 25, 25) });
    expect([framed.canvasWidth, framed.canvasHeight]).toEqual([200, 400]);
    expect(framed.placement).toEqual({ left: 50, top: 100, width: 100, height: 200 });
  });
});
