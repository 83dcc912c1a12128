// Test-only fixture writer: encodes synthetic pixels into the odd files tests need (CMYK, 16-bit, EXIF…).
// Production code reaches sharp only through adapters/sharp.adapter.ts; this file serves the tests alone.
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import type { Raster } from "../raster.js";

/** Variants of a fixture file. */
export interface FixtureOptions {
  readonly format: "jpg" | "png" | "webp" | "tiff" | "gif" | "avif";
  /** JPEG in CMYK. */
  readonly cmyk?: boolean;
  /** 16-bit PNG. */
  readonly bits16?: boolean;
  readonly grey?: boolean;
  /** EXIF orientation tag to write (pixels stored as given). */
  readonly orientation?: number;
  /** Pixels per inch. */
  readonly dpi?: number;
  /** Embed a Display P3 profile (pixels are interpreted in P3). */
  readonly p3?: boolean;
  /** An EXIF Copyright value (to check that outputs do not carry input metadata). */
  readonly exifCopyright?: string;
}

/** Encodes an RGB/RGBA raster into a file of the given kind. */
export async function createFixture(r: Raster, o: FixtureOptions): Promise<Buffer> {
  let p = sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });
  if (o.grey) p = p.toColourspace("b-w");
  if (o.bits16) p = p.toColourspace("rgb16");
  if (o.orientation !== undefined) p = p.withMetadata({ orientation: o.orientation });
  if (o.dpi !== undefined) p = p.withMetadata({ density: o.dpi });
  if (o.p3) p = p.withIccProfile("p3");
  if (o.exifCopyright !== undefined) p = p.withExif({ IFD0: { Copyright: o.exifCopyright } });
  switch (o.format) {
    case "jpg":
      return (o.cmyk ? p.toColourspace("cmyk") : p).jpeg({ quality: 95 }).toBuffer();
    case "png":
      return p.png().toBuffer();
    case "webp":
      return p.webp({ quality: 95 }).toBuffer();
    case "tiff":
      return p.tiff().toBuffer();
    case "gif":
      return p.gif().toBuffer();
    case "avif":
      return p.avif({ quality: 90 }).toBuffer();
  }
}

/** An animated GIF of two frames: red, then blue. */
export async function createAnimatedGif(width: number, height: number): Promise<Buffer> {
  const frame = (background: string): Promise<Buffer> =>
    sharp({ create: { width, height, channels: 3, background } })
      .png()
      .toBuffer();
  return sharp([await frame("#ff0000"), await frame("#0000ff")], { join: { animated: true } })
    .gif()
    .toBuffer();
}

function chunk(type: string, body: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([len, typed, crc]);
}

/** A tiny PNG whose header declares `width`×`height` (a decompression bomb's calling card). */
export function createBombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(4096))),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** Reads back any file as RGBA pixels plus its metadata (for assertions). */
export async function readBack(file: Uint8Array): Promise<{
  raster: Raster;
  icc: boolean;
  dpi?: number;
  format?: string;
  progressive?: boolean;
  exifText?: string;
}> {
  const meta = await sharp(file).metadata();
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    raster: { width: info.width, height: info.height, channels: 4, data: new Uint8Array(data) },
    icc: meta.icc !== undefined,
    ...(meta.density ? { dpi: meta.density } : {}),
    format: meta.format,
    progressive: meta.isProgressive,
    ...(meta.exif ? { exifText: meta.exif.toString("latin1") } : {}),
  };
}

/** A solid RGB raster with an optional rectangle of another colour. */
export function createTestRaster(
  width: number,
  height: number,
  background: [number, number, number],
  rect?: { left: number; top: number; width: number; height: number; color: [number, number, number] },
): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inRect =
        rect && x >= rect.left && x < rect.left + rect.width && y >= rect.top && y < rect.top + rect.height;
      data.set(inRect ? rect.color : background, (y * width + x) * 3);
    }
  return { width, height, channels: 3, data };
}
