// The port through which the pipeline decodes, resizes and encodes pixels; sharp implements it.
import type { Raster } from "../raster.js";
import type { Rgb } from "../template/edit-template.js";

/** What a file's header says, read without decoding the pixels. */
export interface ImageHeader {
  /** Decoder name: jpeg, png, webp, tiff, heif, gif, … */
  readonly format: string;
  /** Stored width and height (before EXIF orientation). */
  readonly width: number;
  readonly height: number;
  /** Frames in an animated or multi-page file (1 otherwise). */
  readonly pages: number;
  /** Pixels per inch, when the file declares it. */
  readonly dpi?: number;
  /** EXIF orientation 1–8 when present. */
  readonly orientation?: number;
  readonly hasAlpha: boolean;
  readonly hasProfile: boolean;
  /** Interpretation: srgb, cmyk, b-w, rgb16, grey16, … */
  readonly space: string;
}

/** Limits applied while decoding. */
export interface DecodeLimits {
  /** Largest pixel count accepted (width × height of one frame). */
  readonly maxPixels: number;
}

/** Encoder settings for one output file. Every output carries an sRGB ICC profile and its resolution. */
export interface EncodeOptions {
  readonly format: "jpg" | "png" | "tiff";
  /** JPEG quality 1–100 (mozjpeg, progressive). */
  readonly quality: number;
  /** Pixels per inch written into the file. */
  readonly dpi: number;
}

/** A decode → resize → pad → encode job done in one streaming pipeline (no cut-out involved). */
export interface PlainRenderPlan {
  readonly limits: DecodeLimits;
  /** Size of the oriented image once scaled. */
  readonly width: number;
  readonly height: number;
  /** Padding added around it, in output pixels, filled with `background`. */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly background: Rgb;
}

/** The operations the pipeline needs from an image library. */
export interface ImageCodec {
  /** Reads format, size and metadata from the header only (no pixel allocation). */
  readHeader(input: Uint8Array): Promise<ImageHeader>;
  /** Decodes the first frame to 8-bit sRGB RGBA, EXIF orientation applied, colour profile converted. */
  decode(input: Uint8Array, limits: DecodeLimits): Promise<Raster>;
  /** Resamples to exactly `width`×`height` (Lanczos; alpha-aware for RGBA). */
  resize(raster: Raster, width: number, height: number): Promise<Raster>;
  /** Encodes RGB or RGBA pixels (RGBA is refused for JPG by the caller; alpha is dropped if present). */
  encode(raster: Raster, options: EncodeOptions): Promise<Buffer>;
  /** The fast path for templates without a cut-out. */
  renderPlain(input: Uint8Array, plan: PlainRenderPlan, options: EncodeOptions): Promise<Buffer>;
  /** The sRGB ICC profile the encoder embeds, as bytes (for formats written elsewhere, such as PSD). */
  srgbProfile(): Promise<Uint8Array>;
}
