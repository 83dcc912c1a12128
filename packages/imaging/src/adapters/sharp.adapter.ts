// The only file that imports sharp (libvips): implements the ImageCodec port.
import sharp from "sharp";
import { ImagingError } from "../errors/imaging-error.js";
import type { Raster } from "../raster.js";
import type { DecodeLimits, EncodeOptions, ImageCodec, ImageHeader } from "./image-codec.port.js";

/** Turns libvips' messages into the imaging error catalogue. */
function coerceSharpError(e: unknown): ImagingError {
  const message = e instanceof Error ? e.message : String(e);
  if (/unsupported image format|bad seek|Input file is missing/i.test(message))
    return new ImagingError(
      "unsupported_format",
      "not an image format that can be read",
      { reason: message },
      { cause: e },
    );
  if (/pixel limit/i.test(message))
    return new ImagingError(
      "image_too_large",
      "image exceeds the pixel limit",
      { reason: message },
      { cause: e },
    );
  return new ImagingError(
    "image_unreadable",
    `image data is corrupt or truncated: ${message}`,
    { reason: message },
    { cause: e },
  );
}

function open(input: Uint8Array, limits: DecodeLimits): sharp.Sharp {
  // failOn "truncated": refuse files cut short, tolerate the harmless warnings common in camera JPEGs.
  return sharp(input, { limitInputPixels: limits.maxPixels, failOn: "truncated", pages: 1, page: 0 });
}

function withOutput(pipeline: sharp.Sharp, options: EncodeOptions): sharp.Sharp {
  const p = pipeline.withMetadata({ density: options.dpi }).withIccProfile("srgb");
  switch (options.format) {
    case "jpg":
      // mozjpeg's trellis quantisation and quantisation table 3 (about 23% smaller than libjpeg-turbo at
      // the same quality here), progressive with the standard scan script: searching for the best scans
      // (mozjpeg's optimise_scans) saved a further 7% but made encoding 47% slower (94 vs 64 ms at 1 MP).
      return p.jpeg({
        quality: options.quality,
        mozjpeg: true,
        optimiseScans: false,
        progressive: true,
        chromaSubsampling: options.quality >= 90 ? "4:4:4" : "4:2:0",
      });
    case "png":
      return p.png({ compressionLevel: 6, adaptiveFiltering: true });
    case "tiff":
      return p.tiff({
        compression: "lzw",
        predictor: "horizontal",
        resolutionUnit: "inch",
        xres: options.dpi / 25.4,
        yres: options.dpi / 25.4,
      });
  }
}

async function toRaster(pipeline: sharp.Sharp): Promise<Raster> {
  const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  const channels = info.channels;
  return {
    width: info.width,
    height: info.height,
    channels,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

function fromRaster(r: Raster): sharp.Sharp {
  return sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });
}

let srgb: Promise<Uint8Array> | undefined;

/** libvips' built-in sRGB profile, read back from a one-pixel PNG that embeds it (once per process). */
function readSrgbProfile(): Promise<Uint8Array> {
  srgb ??= sharp({ create: { width: 1, height: 1, channels: 3, background: "#000000" } })
    .withIccProfile("srgb")
    .png()
    .toBuffer()
    .then((png) => sharp(png).metadata())
    .then((m) => {
      if (!m.icc) throw new Error("libvips wrote no sRGB profile");
      return new Uint8Array(m.icc);
    });
  return srgb;
}

/** Creates the libvips-backed codec. `concurrency` caps libvips threads per operation (default: libvips'). */
export function createSharpCodec(options: { concurrency?: number } = {}): ImageCodec {
  if (options.concurrency !== undefined) sharp.concurrency(options.concurrency);
  return {
    srgbProfile: readSrgbProfile,

    async readHeader(input: Uint8Array): Promise<ImageHeader> {
      try {
        // Header only: sharp's metadata() parses the container without decoding pixels.
        const m = await sharp(input, { limitInputPixels: false }).metadata();
        if (!m.width || !m.height) throw new ImagingError("image_unreadable", "image declares no size");
        return {
          format: m.format,
          width: m.width,
          height: m.height,
          pages: m.pages ?? 1,
          ...(m.density ? { dpi: m.density } : {}),
          ...(m.orientation ? { orientation: m.orientation } : {}),
          hasAlpha: m.hasAlpha,
          hasProfile: m.hasProfile,
          space: m.space,
        };
      } catch (e) {
        throw e instanceof ImagingError ? e : coerceSharpError(e);
      }
    },

    async decode(input, limits) {
      try {
        return await toRaster(open(input, limits).rotate().toColourspace("srgb").ensureAlpha());
      } catch (e) {
        throw coerceSharpError(e);
      }
    },

    async resize(raster, width, height) {
      if (raster.width === width && raster.height === height) return raster;
      return toRaster(fromRaster(raster).resize(width, height, { fit: "fill", kernel: "lanczos3" }));
    },

    async encode(raster, options) {
      let p = fromRaster(raster);
      if (options.format === "jpg" && raster.channels === 4) p = p.removeAlpha();
      return withOutput(p, options).toBuffer();
    },

    async renderPlain(input, plan, options) {
      const background = { ...plan.background, alpha: 1 };
      let pixels: Raster;
      try {
        pixels = await toRaster(
          open(input, plan.limits)
            .rotate()
            .resize(plan.width, plan.height, { fit: "fill", kernel: "lanczos3" })
            .extend({ left: plan.left, top: plan.top, right: plan.right, bottom: plan.bottom, background })
            .flatten({ background })
            .toColourspace("srgb"),
        );
      } catch (e) {
        throw coerceSharpError(e);
      }
      // Encoding from raw pixels (a copy of the small output only) leaves the input's EXIF, XMP and IPTC
      // (camera serials, GPS) behind: withMetadata would carry them over to set the resolution.
      return withOutput(fromRaster(pixels), options).toBuffer();
    },
  };
}
