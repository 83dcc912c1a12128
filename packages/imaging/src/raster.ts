// In-memory pixel buffers shared by every stage: 8-bit interleaved rasters and float mattes.

/** An interleaved 8-bit image, row-major, `channels` samples per pixel. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array;
}

/** A single-channel float image in [0, 1] (alpha matte, shadow opacity, model probability). */
export interface Matte {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** An axis-aligned rectangle in pixels; `width`/`height` are 0 for an empty box. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Creates a zero-filled matte. */
export function createMatte(width: number, height: number): Matte {
  return { width, height, data: new Float32Array(width * height) };
}

/** Creates a zero-filled raster. */
export function createRaster(width: number, height: number, channels: Raster["channels"]): Raster {
  return { width, height, channels, data: new Uint8Array(width * height * channels) };
}

/**
 * Bounding box of the pixels whose value exceeds `threshold` (default 0.5, so anti-aliased fringes
 * count when they are at least half opaque). Returns undefined when no pixel qualifies. Rows are scanned
 * from the top and the bottom, and between them only the columns outside the box found so far.
 */
export function findBoundingBox(matte: Matte, threshold = 0.5): Box | undefined {
  const { width, height, data } = matte;
  const hit = (y: number, from: number, to: number, step: number): number => {
    for (let x = from, i = y * width + from; x !== to; x += step, i += step)
      if ((data[i] ?? 0) > threshold) return x;
    return -1;
  };
  let top = 0;
  while (top < height && hit(top, 0, width, 1) < 0) top++;
  if (top === height) return undefined;
  let bottom = height - 1;
  while (hit(bottom, 0, width, 1) < 0) bottom--;
  let left = width;
  let right = -1;
  for (let y = top; y <= bottom; y++) {
    const l = hit(y, 0, Math.min(left, width), 1);
    if (l >= 0) left = l;
    const r = hit(y, width - 1, Math.max(right, -1), -1);
    if (r >= 0) right = r;
  }
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}
