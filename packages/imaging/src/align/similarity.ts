// Similarity transforms (rotation, uniform scale, translation) in pixel-centre coordinates.

/**
 * `x' = a·x − b·y + tx`, `y' = b·x + a·y + ty`: a rotation by atan2(b, a), a scale by hypot(a, b) and a
 * translation. Coordinates are pixel centres (pixel (0, 0) is at 0, 0). An alignment's transform maps a
 * point of the reference photo to where the same point is in the moving photo.
 */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

export const IDENTITY: Similarity = { a: 1, b: 0, tx: 0, ty: 0 };

/** Builds a transform from a rotation (degrees, counter-clockwise in image coordinates), scale and shift. */
export function createSimilarity(o: {
  rotationDeg?: number;
  scale?: number;
  tx?: number;
  ty?: number;
  /** Rotate and scale about this point instead of the origin. */
  center?: { x: number; y: number };
}): Similarity {
  const s = o.scale ?? 1;
  const t = ((o.rotationDeg ?? 0) * Math.PI) / 180;
  const a = s * Math.cos(t);
  const b = s * Math.sin(t);
  const cx = o.center?.x ?? 0;
  const cy = o.center?.y ?? 0;
  // x' = A(x − c) + c + t
  return { a, b, tx: (o.tx ?? 0) + cx - (a * cx - b * cy), ty: (o.ty ?? 0) + cy - (b * cx + a * cy) };
}

export function applySimilarity(t: Similarity, x: number, y: number): { x: number; y: number } {
  return { x: t.a * x - t.b * y + t.tx, y: t.b * x + t.a * y + t.ty };
}

export function invertSimilarity(t: Similarity): Similarity {
  const d = t.a * t.a + t.b * t.b;
  const a = t.a / d;
  const b = -t.b / d;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/** `outer ∘ inner`: applies `inner` first. */
export function composeSimilarity(outer: Similarity, inner: Similarity): Similarity {
  return {
    a: outer.a * inner.a - outer.b * inner.b,
    b: outer.b * inner.a + outer.a * inner.b,
    tx: outer.a * inner.tx - outer.b * inner.ty + outer.tx,
    ty: outer.b * inner.tx + outer.a * inner.ty + outer.ty,
  };
}

/** Rotation in degrees and scale of a transform. */
export function describeSimilarity(t: Similarity): { rotationDeg: number; scale: number } {
  return { rotationDeg: (Math.atan2(t.b, t.a) * 180) / Math.PI, scale: Math.hypot(t.a, t.b) };
}

/**
 * The same transform expressed at pyramid level `level` (level-l pixel x is at full-resolution position
 * s·x + o with s = 2^l, o = (s − 1)/2), or back from it with `inverse`.
 */
export function toLevel(t: Similarity, level: number): Similarity {
  const s = 2 ** level;
  const o = (s - 1) / 2;
  // T_l(x) = (T(s x + o) − o) / s = A x + (A·o + t − o) / s
  return {
    a: t.a,
    b: t.b,
    tx: (t.a * o - t.b * o + t.tx - o) / s,
    ty: (t.b * o + t.a * o + t.ty - o) / s,
  };
}

export function fromLevel(t: Similarity, level: number): Similarity {
  const s = 2 ** level;
  const o = (s - 1) / 2;
  // t = s·t_l + o − A·o
  return { a: t.a, b: t.b, tx: s * t.tx + o - (t.a * o - t.b * o), ty: s * t.ty + o - (t.b * o + t.a * o) };
}

/**
 * Mean distance in pixels between where two transforms send the points of a width×height grid (9×9):
 * the registration error when one of them is the truth.
 */
export function meanTransformError(
  estimated: Similarity,
  truth: Similarity,
  width: number,
  height: number,
): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  const n = 9;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const x = ((width - 1) * i) / (n - 1);
      const y = ((height - 1) * j) / (n - 1);
      const p = applySimilarity(estimated, x, y);
      const q = applySimilarity(truth, x, y);
      const d = Math.hypot(p.x - q.x, p.y - q.y);
      sum += d;
      max = Math.max(max, d);
    }
  return { mean: sum / (n * n), max };
}
