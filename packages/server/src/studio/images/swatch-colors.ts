// The colours of a swatch or reference image (colour versions, colour libraries, colour matching).
import {
  extractDominantColours,
  extractProductColours,
  toHexRgb,
  type ImageCodec,
  type Rgb,
  type SegmentationModel,
} from "@pixl/imaging";

/** One colour of a colourway as stored: `RRGGBB` and its share of the swatch. */
export interface ColorwayColor {
  readonly hex: string;
  readonly weight: number;
}

/** The colours an image shows, largest first (swatch photos: a backdrop-coloured border is left out). */
export async function readSwatchColors(
  codec: ImageCodec,
  bytes: Uint8Array,
  maxPixels: number,
): Promise<ColorwayColor[]> {
  const raster = await codec.decode(bytes, { maxPixels });
  return extractDominantColours(raster).map((c) => ({
    hex: toHexRgb(c.rgb),
    weight: Math.round(c.weight * 1000) / 1000,
  }));
}

/** The product's main colour in a reference photo (cut out when it stands on a backdrop). */
export async function readReferenceColor(
  imaging: { codec: ImageCodec; model?: SegmentationModel },
  bytes: Uint8Array,
  maxPixels: number,
): Promise<Rgb | undefined> {
  const raster = await imaging.codec.decode(bytes, { maxPixels });
  const [main] = await extractProductColours(raster, imaging);
  return main?.rgb;
}

export function colorOfHex(hex: string): Rgb {
  const n = parseInt(hex, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}
