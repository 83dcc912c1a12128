// Binary morphology against brute force on random masks: the fast sliding-count and early-stop versions
// must give exactly the textbook answer, borders included.
import { describe, expect, it } from "vitest";
import { closeBinary, dilateBinary, erodeBinary, removeSmallComponents } from "./morphology.js";

/** A deterministic stream of numbers in [0, 1). */
function createRandom(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const random = createRandom(7);
const masks = Array.from({ length: 300 }, () => {
  const width = 1 + Math.floor(random() * 12);
  const height = 1 + Math.floor(random() * 12);
  const p = random();
  return { width, height, mask: Uint8Array.from({ length: width * height }, () => (random() < p ? 1 : 0)) };
});

/** Whether any / every pixel of the (2r+1)² window around (x, y) is 1 (outside the image counts as 0). */
function windowOf(mask: Uint8Array, width: number, height: number, x: number, y: number, r: number) {
  let any = false;
  let all = true;
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      const v = xx >= 0 && yy >= 0 && xx < width && yy < height && mask[yy * width + xx] === 1;
      any ||= v;
      all &&= v;
    }
  return { any, all };
}

/** Sizes of the 8-connected groups, by flood fill. */
function groupSizes(mask: Uint8Array, width: number, height: number): Int32Array {
  const label = new Int32Array(width * height).fill(-1);
  const sizes: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || (label[start] ?? 0) >= 0) continue;
    const stack = [start];
    label[start] = sizes.length;
    let n = 0;
    while (stack.length > 0) {
      const p = stack.pop() ?? 0;
      n++;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = (p % width) + dx;
          const y = Math.floor(p / width) + dy;
          const q = y * width + x;
          if (x < 0 || y < 0 || x >= width || y >= height || mask[q] !== 1 || (label[q] ?? 0) >= 0) continue;
          label[q] = sizes.length;
          stack.push(q);
        }
    }
    sizes.push(n);
  }
  return label.map((l) => (l < 0 ? 0 : (sizes[l] ?? 0)));
}

describe("binary morphology", () => {
  it("dilates and erodes like the definition, for radii 1–3", () => {
    for (const { width, height, mask } of masks)
      for (const r of [1, 2, 3]) {
        const d = dilateBinary(mask, width, height, r);
        const e = erodeBinary(mask, width, height, r);
        for (let y = 0; y < height; y++)
          for (let x = 0; x < width; x++) {
            const w = windowOf(mask, width, height, x, y, r);
            expect(d[y * width + x]).toBe(w.any ? 1 : 0);
            expect(e[y * width + x]).toBe(w.all ? 1 : 0);
          }
      }
  });

  it("closes gaps of up to 2r pixels without removing any 1-pixel", () => {
    const width = 12;
    // Two bars 2 apart (closed at r=1), two bars 3 apart (left open at r=1).
    const mask = new Uint8Array(width * 3);
    for (const x of [0, 1, 4, 5, 9, 10]) for (let y = 0; y < 3; y++) mask[y * width + x] = 1;
    const closed = closeBinary(mask, width, 3, 1);
    expect(Array.from(closed.subarray(width, 2 * width))).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0]);
    for (const { width: w, height: h, mask: m } of masks)
      for (const r of [1, 2, 3]) {
        const c = closeBinary(m, w, h, r);
        // As defined (erosion of the dilation, with the mask added back), over the whole image.
        const defined = erodeBinary(dilateBinary(m, w, h, r), w, h, r);
        m.forEach((v, i) => {
          expect(c[i]).toBe(v === 1 || defined[i] === 1 ? 1 : 0);
        });
      }
  });

  it("clears exactly the groups smaller than the minimum area", () => {
    for (const { width, height, mask } of masks)
      for (const minArea of [1, 2, 4, 7]) {
        const sizes = groupSizes(mask, width, height);
        const cleared = Uint8Array.from(mask);
        removeSmallComponents(cleared, width, height, minArea);
        mask.forEach((v, i) => {
          expect(cleared[i]).toBe(v === 1 && (sizes[i] ?? 0) >= minArea ? 1 : 0);
        });
      }
  });
});
