// Binary morphology on 0/1 byte planes: speck removal, erosion, dilation, closing.

/**
 * Clears 8-connected groups of 1-pixels smaller than `minArea` in place (compression speckles, sensor
 * dust); long thin structures survive because they are connected. Each search stops as soon as it has
 * `minArea` pixels or meets a pixel already known to be in a large group, so the cost stays near one
 * pass over the image however large the product is.
 */
export function removeSmallComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  minArea: number,
): void {
  // 1: in a group of at least minArea; 2: being visited by the current search.
  const state = new Uint8Array(width * height);
  const members = new Int32Array(minArea);
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== 1 || state[start] !== 0) continue;
    let count = 0;
    let next = 0;
    let large = false;
    members[count++] = start;
    state[start] = 2;
    while (next < count && !large) {
      const p = members[next++] ?? 0;
      const px = p % width;
      const py = (p - px) / width;
      for (let dy = -1; dy <= 1 && !large; dy++) {
        const y = py + dy;
        if (y < 0 || y >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          if (x < 0 || x >= width) continue;
          const q = y * width + x;
          if (mask[q] !== 1) continue;
          const sq = state[q];
          if (sq === 1) {
            large = true;
            break;
          }
          if (sq === 0) {
            if (count === minArea) {
              large = true;
              break;
            }
            state[q] = 2;
            members[count++] = q;
          }
        }
      }
    }
    if (count >= minArea) large = true;
    for (let k = 0; k < count; k++) {
      const p = members[k] ?? 0;
      state[p] = 1;
      if (!large) mask[p] = 0;
    }
  }
}

/** Binary erosion of a 0/1 byte plane by a square of radius r (outside the image counts as 0). */
export function erodeBinary(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  // The result lies within the mask's bounding box.
  return onBoundingBox(mask, width, height, 0, (crop, w, h) => erodeFull(crop, w, h, r));
}

/** Binary dilation of a 0/1 byte plane by a square of radius r. */
export function dilateBinary(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  // The result lies within the mask's bounding box grown by r.
  return onBoundingBox(mask, width, height, r, (crop, w, h) => dilateFull(crop, w, h, r));
}

/**
 * Closing by a square of radius r, never removing a pixel of `mask`: fills gaps of up to 2r pixels between
 * 1-pixels (and rounds concave corners by as much). The result lies within the mask's bounding box (a box
 * is closed under closing by a square); the dilation needs r + 1 pixels around it.
 */
export function closeBinary(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return onBoundingBox(mask, width, height, r + 1, (crop, w, h) => {
    const closed = erodeFull(dilateFull(crop, w, h, r), w, h, r);
    for (let i = 0; i < closed.length; i++) if (crop[i] === 1) closed[i] = 1;
    return closed;
  });
}

/**
 * Runs `op` on the mask's bounding box grown by `pad` (within the image) and writes its result back into a
 * full-size plane: an operation whose result, and whose inputs to it, lie in that box gives the same
 * result at a cost that follows the product, not the photo.
 */
function onBoundingBox(
  mask: Uint8Array,
  width: number,
  height: number,
  pad: number,
  op: (crop: Uint8Array, w: number, h: number) => Uint8Array,
): Uint8Array {
  const out = new Uint8Array(width * height);
  const box = findMaskBox(mask, width, height);
  if (!box) return out;
  const x0 = Math.max(0, box.x0 - pad);
  const y0 = Math.max(0, box.y0 - pad);
  const w = Math.min(width - 1, box.x1 + pad) - x0 + 1;
  const h = Math.min(height - 1, box.y1 + pad) - y0 + 1;
  if (w === width && h === height) return op(mask, width, height);
  const crop = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    crop.set(mask.subarray((y0 + y) * width + x0, (y0 + y) * width + x0 + w), y * w);
  const result = op(crop, w, h);
  for (let y = 0; y < h; y++) out.set(result.subarray(y * w, (y + 1) * w), (y0 + y) * width + x0);
  return out;
}

/** Erosion over the whole plane, with separable sliding counts. */
function erodeFull(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(width * height);
  const full = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      run = mask[row + x] === 1 ? run + 1 : 0;
      // tmp marks the right end of a run of `full` ones; shifted back by r below.
      if (run >= full) tmp[row + x - r] = 1;
    }
  }
  const out = new Uint8Array(width * height);
  const runs = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const v = tmp[row + x] === 1 ? (runs[x] ?? 0) + 1 : 0;
      runs[x] = v;
      if (v >= full) out[row - r * width + x] = 1;
    }
  }
  return out;
}

/** Dilation over the whole plane (separable sliding counts). */
function dilateFull(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const tmp = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let count = 0;
    for (let x = 0; x < Math.min(r, width); x++) count += mask[row + x] ?? 0;
    for (let x = 0; x < width; x++) {
      if (x + r < width) count += mask[row + x + r] ?? 0;
      if (x - r - 1 >= 0) count -= mask[row + x - r - 1] ?? 0;
      if (count > 0) tmp[row + x] = 1;
    }
  }
  const out = new Uint8Array(width * height);
  const counts = new Int32Array(width);
  for (let y = 0; y < Math.min(r, height); y++)
    for (let x = 0; x < width; x++) counts[x] = (counts[x] ?? 0) + (tmp[y * width + x] ?? 0);
  for (let y = 0; y < height; y++) {
    const add = y + r < height ? (y + r) * width : -1;
    const sub = y - r - 1 >= 0 ? (y - r - 1) * width : -1;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let c = counts[x] ?? 0;
      if (add >= 0) c += tmp[add + x] ?? 0;
      if (sub >= 0) c -= tmp[sub + x] ?? 0;
      counts[x] = c;
      if (c > 0) out[row + x] = 1;
    }
  }
  return out;
}

/** The inclusive bounding box of the 1-pixels, or undefined when there are none. */
function findMaskBox(
  mask: Uint8Array,
  width: number,
  height: number,
): { x0: number; y0: number; x1: number; y1: number } | undefined {
  let x0 = width;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = mask.subarray(y * width, (y + 1) * width);
    const l = row.indexOf(1);
    if (l < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    if (l < x0) x0 = l;
    const r = row.lastIndexOf(1);
    if (r > x1) x1 = r;
  }
  return y0 < 0 ? undefined : { x0, y0, x1, y1 };
}
