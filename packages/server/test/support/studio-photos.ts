// Photos for studio tests: small synthetic JPEG/PNG files, a PNG bomb, and a helper to read sizes back.
import { createSharpCodec } from "@pixl/imaging";
import { createBombPng, createTestRaster } from "../../../imaging/src/testing/photo-fixtures.js";

const codec = createSharpCodec();

/** A `width`×`height` photo: a plain light-grey backdrop with a dark red product in the middle. */
export async function createProductPhoto(
  width: number,
  height: number,
  format: "jpg" | "png" = "jpg",
): Promise<Buffer> {
  const raster = createTestRaster(width, height, [235, 235, 235], {
    left: Math.round(width * 0.3),
    top: Math.round(height * 0.25),
    width: Math.round(width * 0.4),
    height: Math.round(height * 0.5),
    color: [150, 20, 30],
  });
  return codec.encode(raster, { format, quality: 90, dpi: 72 });
}

/** A few-KB PNG whose header declares `width`×`height` pixels. */
export function createPngBomb(width = 20_000, height = 20_000): Buffer {
  return createBombPng(width, height);
}

/** Width, height and format from a file's header. */
export async function readImageSize(
  bytes: Uint8Array,
): Promise<{ width: number; height: number; format: string }> {
  const h = await codec.readHeader(bytes);
  return { width: h.width, height: h.height, format: h.format };
}

/** The RGB of the pixel at (x, y). */
export async function pixelAt(bytes: Uint8Array, x: number, y: number): Promise<[number, number, number]> {
  const r = await codec.decode(bytes, { maxPixels: 50_000_000 });
  const i = (y * r.width + x) * r.channels;
  return [r.data[i] ?? 0, r.data[i + 1] ?? 0, r.data[i + 2] ?? 0];
}
