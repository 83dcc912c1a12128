// The imaging package's closed catalogue of error codes; callers (HTTP, CLI, workers) map them to their wire.

/** Every way the imaging pipeline can refuse or fail, by code. */
export const IMAGING_ERROR_CODES = [
  /** The file or its declared pixel count exceeds the configured limit. */
  "image_too_large",
  /** Empty, truncated or corrupt data in a recognised format. */
  "image_unreadable",
  /** Not an image format the bundled decoder reads (text, PDF, unknown bytes). */
  "unsupported_format",
  /** The template is malformed or asks for an impossible combination (transparency in a JPG). */
  "invalid_template",
  /** The segmentation model file is missing or could not be loaded. */
  "model_unavailable",
  /** Combined images or a focus stack given no shots, or more than the limit. */
  "invalid_shots",
  /** A colour change marker does not lie on the product. */
  "marker_outside_product",
  /** No region of the asked colour could be found with confidence (a speck, or nothing). */
  "colour_region_not_found",
  /** An image shows no colour to take (empty, or fully transparent). */
  "no_dominant_colour",
] as const;

/** One code of the catalogue. */
export type ImagingErrorCode = (typeof IMAGING_ERROR_CODES)[number];

/** A refusal or failure of the imaging pipeline, with a stable code and a human message. */
export class ImagingError extends Error {
  override readonly name = "ImagingError";

  constructor(
    readonly code: ImagingErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Whether a value is an ImagingError (optionally with the given code). */
export function isImagingError(e: unknown, code?: ImagingErrorCode): e is ImagingError {
  return e instanceof ImagingError && (code === undefined || e.code === code);
}
