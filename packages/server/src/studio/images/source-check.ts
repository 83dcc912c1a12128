// Is a downloaded file a photo? Magic bytes first (cheap, names what it is instead), then the imaging
// package's header check (size and pixel limits, before any pixel is decoded).
import { checkPhotoHeader, isImagingError, type ImageCodec } from "@pixl/imaging";

/** A source that can never become a photo: the image goes to 12 with `reason`. */
export class SourceRefused extends Error {
  override readonly name = "SourceRefused";
}

const signatures: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    type: "image/png",
    test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  },
  { type: "image/gif", test: (b) => ascii(b, 0, 4) === "GIF8" },
  { type: "image/webp", test: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
  { type: "image/tiff", test: (b) => ascii(b, 0, 4) === "II*\0" || ascii(b, 0, 4) === "MM\0*" },
  { type: "image/vnd.adobe.photoshop", test: (b) => ascii(b, 0, 4) === "8BPS" },
  {
    type: "image/avif",
    test: (b) => ascii(b, 4, 8) === "ftyp" && /^(avif|avis|heic|heix|mif1|msf1)$/.test(ascii(b, 8, 12)),
  },
  { type: "image/bmp", test: (b) => ascii(b, 0, 2) === "BM" },
];

function ascii(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.subarray(from, to)).toString("latin1");
}

/** The image type the bytes start with, or undefined. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return signatures.find((s) => s.test(bytes))?.type;
}

/** A short name for what a non-image looks like: "an HTML page", "a PDF", … */
export function describeNonImage(bytes: Uint8Array, contentType: string | undefined): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString("utf8").trimStart().toLowerCase();
  if (bytes.length === 0) return "an empty file";
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /<(head|body|script)[\s>]/.test(head))
    return "an HTML page";
  if (head.startsWith("%pdf")) return "a PDF document";
  if (head.startsWith("<?xml") || head.startsWith("<svg")) return "an XML or SVG document (not a photo)";
  if (head.startsWith("{") || head.startsWith("[")) return "a JSON document";
  return `not a photo (${contentType ?? "unknown type"})`;
}

/**
 * Checks that `bytes` are a photo the pipeline will read within the limits. Returns its content type.
 * Throws SourceRefused with a customer-readable reason.
 */
export async function assertPhoto(
  codec: ImageCodec,
  bytes: Uint8Array,
  contentType: string | undefined,
  limits: { maxBytes: number; maxPixels: number },
): Promise<string> {
  const type = sniffImageType(bytes);
  if (type === undefined) throw new SourceRefused(`the file is ${describeNonImage(bytes, contentType)}`);
  try {
    await checkPhotoHeader(codec, bytes, { maxBytes: limits.maxBytes, maxPixels: limits.maxPixels });
  } catch (e) {
    if (isImagingError(e)) throw new SourceRefused(e.message);
    throw e;
  }
  return type;
}
