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
 * count when they are at least half opaque). Returns undefined when no pixel qualifies.
 */
export function findBoundingBox(matte: Matte, threshold = 0.5): Box | undefined {
  const { width, height, data } = matte;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if ((data[row + x] ?? 0) > threshold) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        bottom = y;
      }
    }
  }
  if (right < 0) return undefined;
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}
