// Floor shadow vs grey product: backdrop-coloured darkenings judged region by region by their outline.

/** Step in luminance ratio across 2 px above which an outline may be sharp (a product's, not a shadow's). */
const SHARP_STEP = 0.04;
/** Largest step between neighbours inside one region: a shadow is smooth, so a jump starts another region. */
const GROW_STEP = 0.03;

/** A connected backdrop-coloured darkening and how its outline looks. */
export interface DarkRegion {
  readonly members: readonly number[];
  /** Pixels of the region that touch the backdrop. */
  readonly outline: number;
  /** Share of those where the step is sharp. */
  readonly sharpShare: number;
  /** Pixels touching product per outline pixel (pixels touching the backdrop). */
  readonly productContact: number;
  /** The region's lowest row. */
  readonly lowestRow: number;
  /** Outline pixels below the product's lowest row, and the share of those that are sharp. */
  readonly outlineBelow: number;
  readonly sharpShareBelow: number;
}

/**
 * Verdict for a region: a shadow, a product part, or "ask the model" (a tenth to a quarter sharp). Only
 * regions reaching `floorLine` (a row near the product's bottom) can be floor shadow.
 */
export function judgeRegion(r: DarkRegion, floorLine: number): "shadow" | "product" | "ambiguous" {
  if (r.lowestRow < floorLine) return "product";
  // Enclosed (a pale label) or mostly bordered by product (a grey stripe), or a clearly sharp outline:
  // product. A floor shadow touches the product only along its top edge.
  if (r.outline === 0 || r.productContact > 1.5 || r.sharpShare >= 0.25) return "product";
  return r.sharpShare >= 0.1 ? "ambiguous" : "shadow";
}

/**
 * Whether a region judged product by its outline is a grey product part merged with the floor shadow
 * under it: its outline below the product's lowest row is long and soft (see splitMergedRegion).
 */
export function isMergedWithShadow(r: DarkRegion): boolean {
  return r.outlineBelow >= 20 && r.sharpShareBelow < 0.1;
}

/**
 * Finds the smoothly connected regions of backdrop-coloured darkening and measures their outlines: a
 * shadow fades into the backdrop, a grey product meets it with a sharp outline (see judgeRegion).
 * `bottomRow` is the product's lowest row: the outline below it is measured apart.
 */
export function findDarkRegions(
  shadowLike: Uint8Array,
  product: Uint8Array,
  ratio: Float32Array,
  width: number,
  height: number,
  bottomRow: number,
): DarkRegion[] {
  const regions: DarkRegion[] = [];
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const at = (x: number, y: number): number =>
    ratio[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))] ?? 1;
  for (let start = 0; start < shadowLike.length; start++) {
    if (shadowLike[start] !== 1 || seen[start] === 1) continue;
    const members: number[] = [];
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let outline = 0;
    let sharp = 0;
    let contacts = 0;
    let lowestRow = 0;
    let outlineBelow = 0;
    let sharpBelow = 0;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      members.push(p);
      const px = p % width;
      const py = (p - px) / width;
      if (py > lowestRow) lowestRow = py;
      let onOutline = false;
      let touchesProduct = false;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = px + dx;
          const y = py + dy;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const q = y * width + x;
          if (shadowLike[q] === 1 && Math.abs((ratio[q] ?? 0) - (ratio[p] ?? 0)) <= GROW_STEP) {
            if (seen[q] === 0) {
              seen[q] = 1;
              stack[top++] = q;
            }
          } else if (product[q] === 1) touchesProduct = true;
          else if (shadowLike[q] !== 1) onOutline = true;
        }
      if (touchesProduct) contacts++;
      if (onOutline) {
        outline++;
        // Sharp: a clear step within 2 px that is most of the change over 6 px (a shadow's ramp is wide).
        const near = Math.max(
          Math.abs(at(px + 1, py) - at(px - 1, py)),
          Math.abs(at(px, py + 1) - at(px, py - 1)),
        );
        const wide = Math.max(
          Math.abs(at(px + 3, py) - at(px - 3, py)),
          Math.abs(at(px, py + 3) - at(px, py - 3)),
        );
        const isSharp = near > SHARP_STEP && near > 0.6 * wide;
        if (isSharp) sharp++;
        if (py > bottomRow) {
          outlineBelow++;
          if (isSharp) sharpBelow++;
        }
      }
    }
    regions.push({
      members,
      outline,
      sharpShare: sharp / Math.max(1, outline),
      productContact: contacts / Math.max(1, outline),
      lowestRow,
      outlineBelow,
      sharpShareBelow: sharpBelow / Math.max(1, outlineBelow),
    });
  }
  return regions;
}
