// Safe decoding: byte and pixel limits checked from the header before any pixel is allocated.
import type { ImageCodec, ImageHeader } from "../adapters/image-codec.port.js";
import { ImagingError } from "../errors/imaging-error.js";
import type { Raster } from "../raster.js";

/** Limits for untrusted input. */
export interface DecodeOptions {
  /** Largest accepted pixel count (default 50 MP). */
  readonly maxPixels?: number;
  /** Largest accepted file size in bytes (default 100 MB). */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_PIXELS = 50_000_000;
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/** A decoded photo: oriented 8-bit sRGB RGBA pixels, and what its header said. */
export interface DecodedPhoto {
  readonly raster: Raster;
  readonly header: ImageHeader;
}

/**
 * Checks the limits from the header, then decodes the first frame. Throws ImagingError:
 * `image_unreadable` (empty, truncated, corrupt), `unsupported_format`, `image_too_large`.
 */
export async function checkPhotoHeader(
  codec: ImageCodec,
  input: Uint8Array,
  options: DecodeOptions = {},
): Promise<ImageHeader> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (input.length === 0) throw new ImagingError("image_unreadable", "the file is empty");
  if (input.length > maxBytes)
    throw new ImagingError("image_too_large", `the file is ${input.length} bytes; the limit is ${maxBytes}`, {
      bytes: input.length,
      maxBytes,
    });
  const header = await codec.readHeader(input);
  const pixels = header.width * header.height;
  if (pixels > maxPixels)
    throw new ImagingError(
      "image_too_large",
      `the image is ${header.width}×${header.height} (${pixels} pixels); the limit is ${maxPixels}`,
      { width: header.width, height: header.height, maxPixels },
    );
  return header;
}

/** Checks the header (see checkPhotoHeader) and decodes the first frame. */
export async function decodePhoto(
  codec: ImageCodec,
  input: Uint8Array,
  options: DecodeOptions = {},
): Promise<DecodedPhoto> {
  const header = await checkPhotoHeader(codec, input, options);
  const raster = await codec.decode(input, { maxPixels: options.maxPixels ?? DEFAULT_MAX_PIXELS });
  return { raster, header };
}
