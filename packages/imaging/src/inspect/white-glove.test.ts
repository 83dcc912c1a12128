// White glove on a labelled generated set: the chosen treatment, its reasons and its template.
import { describe, expect, it } from "vitest";
import { createSharpCodec } from "../adapters/sharp.adapter.js";
import { createEditTemplate } from "../template/edit-template.js";
import { generateLabelledPhoto } from "../testing/generate-white-glove.js";
import { isSkinTone } from "./apparel-model.js";
import { inspectPhoto } from "./white-glove.js";

const codec = createSharpCodec();

describe("inspectPhoto", () => {
  it("chooses the expected treatment on 12 labelled photos of every kind", async () => {
    let right = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const p = generateLabelledPhoto(i, { size: 240 });
      const r = await inspectPhoto(p.photo, { codec });
      seen.add(p.expected);
      if (r.treatment === p.expected) right++;
      expect(r.reasons.at(-1)).toMatch(new RegExp(`^chose ${r.treatment}`));
      // The template is one the pipeline accepts.
      expect(() => createEditTemplate(r.template)).not.toThrow();
    }
    expect(seen.size).toBe(4);
    expect(right).toBeGreaterThanOrEqual(11);
  });

  it("records the backdrop, the product's box and the model cues", async () => {
    const p = generateLabelledPhoto(1, { size: 240 }); // a model on grey
    const r = await inspectPhoto(p.photo, { codec });
    expect(r.treatment).toBe("apparel-on-model");
    expect(r.backdrop.plain).toBe(true);
    expect(r.product?.box.height).toBeGreaterThan(r.product?.box.width ?? 0);
    expect(r.apparelOnModel?.detected).toBe(true);
    expect(r.reasons.join("\n")).toMatch(/backdrop: plain[\s\S]*product: [\s\S]*apparel on a model: yes/);
    expect(r.template.isKeptModel).toBe("true");
  });

  it("keeps a busy scene and says why", async () => {
    const p = generateLabelledPhoto(2, { size: 240 });
    const r = await inspectPhoto(p.photo, { codec });
    expect(r.backdrop.kind).toBe("busy");
    expect(r.treatment).toBe("lifestyle");
    expect(r.template.backgroundType).toBe("0");
  });

  it("tells skin tones from product colours", () => {
    expect(isSkinTone(224, 172, 140)).toBe(true);
    expect(isSkinTone(104, 64, 44)).toBe(true);
    expect(isSkinTone(60, 120, 200)).toBe(false);
    expect(isSkinTone(200, 200, 200)).toBe(false);
  });
});
