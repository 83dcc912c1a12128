// The only file that imports ag-psd: writes and reads layered Photoshop documents from raw RGBA pixels.
import { initializeCanvas, readPsd, writePsdBuffer, type Layer, type PixelData } from "ag-psd";
import type { Matte, Raster } from "../raster.js";

/** One layer of a document, covering the whole canvas. */
export interface PsdLayerInput {
  readonly name: string;
  /** RGBA pixels of the canvas size. */
  readonly raster: Raster;
  /** Optional layer mask (1 = shown), canvas size. */
  readonly mask?: Matte;
  readonly hidden?: boolean;
}

/** A layer as read back: its name, bounds and whether it carries a mask. */
export interface PsdLayerSummary {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly hasMask: boolean;
  /** RGBA pixels of the layer's own bounds. */
  readonly pixels?: Uint8ClampedArray;
}

function toPixelData(r: Raster): PixelData {
  if (r.channels !== 4) throw new Error("PSD layers need RGBA pixels");
  return {
    width: r.width,
    height: r.height,
    data: new Uint8ClampedArray(r.data.buffer, r.data.byteOffset, r.data.length),
  };
}

function maskPixels(m: Matte): PixelData {
  const data = new Uint8ClampedArray(m.width * m.height * 4);
  for (let i = 0; i < m.data.length; i++) {
    const v = Math.round((m.data[i] ?? 0) * 255);
    data[i * 4] = v;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v;
    data[i * 4 + 3] = 255;
  }
  return { width: m.width, height: m.height, data };
}

/** Image resource 1039: the document's ICC profile (ag-psd neither writes nor reads it). */
const ICC_RESOURCE = 1039;

/** Offset and length of the image resources section: after the 26-byte header and the colour mode data. */
function resourcesSection(psd: Uint8Array): { start: number; length: number } {
  const view = new DataView(psd.buffer, psd.byteOffset, psd.byteLength);
  const colorModeLength = view.getUint32(26);
  const at = 26 + 4 + colorModeLength;
  return { start: at + 4, length: view.getUint32(at) };
}

/** Appends an image resource block ('8BIM', id, empty name, size, data padded to even) to the document. */
function addImageResource(psd: Buffer, id: number, data: Uint8Array): Buffer {
  const { start, length } = resourcesSection(psd);
  const padded = data.length + (data.length % 2);
  const block = Buffer.alloc(4 + 2 + 2 + 4 + padded);
  block.write("8BIM", 0, "latin1");
  block.writeUInt16BE(id, 4);
  // Bytes 6–7: an empty Pascal name padded to an even length.
  block.writeUInt32BE(data.length, 8);
  block.set(data, 12);
  const end = start + length;
  const out = Buffer.concat([psd.subarray(0, end), block, psd.subarray(end)]);
  out.writeUInt32BE(length + block.length, start - 4);
  return out;
}

/** The data of image resource `id`, when the document has one. */
function findImageResource(psd: Uint8Array, id: number): Uint8Array | undefined {
  const { start, length } = resourcesSection(psd);
  const view = new DataView(psd.buffer, psd.byteOffset, psd.byteLength);
  let at = start;
  while (at + 12 <= start + length) {
    const blockId = view.getUint16(at + 4);
    const nameLength = view.getUint8(at + 6);
    const nameBytes = 1 + nameLength + ((1 + nameLength) % 2);
    const sizeAt = at + 6 + nameBytes;
    const size = view.getUint32(sizeAt);
    if (blockId === id) return psd.subarray(sizeAt + 4, sizeAt + 4 + size);
    at = sizeAt + 4 + size + (size % 2);
  }
  return undefined;
}

/**
 * Writes an 8-bit RGB document with the given layers (first = bottom) and the flattened `composite`
 * (RGBA, canvas size) that viewers without layer support show. `dpi` goes into the resolution resource,
 * `icc` (the profile the pixels are in) into the ICC profile resource.
 */
export function writeLayeredPsd(
  layers: readonly PsdLayerInput[],
  composite: Raster,
  dpi: number,
  icc?: Uint8Array,
): Buffer {
  const children: Layer[] = layers.map((l) => ({
    name: l.name,
    left: 0,
    top: 0,
    hidden: l.hidden ?? false,
    imageData: toPixelData(l.raster),
    ...(l.mask
      ? {
          mask: {
            left: 0,
            top: 0,
            right: l.mask.width,
            bottom: l.mask.height,
            defaultColor: 0,
            imageData: maskPixels(l.mask),
          },
        }
      : {}),
  }));
  const psd = writePsdBuffer(
    {
      width: composite.width,
      height: composite.height,
      imageData: toPixelData(composite),
      children,
      imageResources: {
        resolutionInfo: {
          horizontalResolution: dpi,
          horizontalResolutionUnit: "PPI",
          widthUnit: "Inches",
          verticalResolution: dpi,
          verticalResolutionUnit: "PPI",
          heightUnit: "Inches",
        },
      },
    },
    { generateThumbnail: false },
  );
  return icc ? addImageResource(psd, ICC_RESOURCE, icc) : psd;
}

let canvasReady = false;

/** ag-psd allocates masks through a canvas factory even in pixel-data mode; Node has no canvas, so we give
 * it one that only hands out pixel buffers. */
function ensurePixelFactory(): void {
  if (canvasReady) return;
  canvasReady = true;
  initializeCanvas(
    () => {
      throw new Error("no canvas in Node: layers are read as pixel data");
    },
    // ag-psd types this with the DOM's ImageData, which Node lacks; a PixelData has the fields it reads.
    ((width: number, height: number): PixelData => ({
      width,
      height,
      data: new Uint8ClampedArray(width * height * 4),
    })) as never,
  );
}

/** Reads a document's size, resolution, ICC profile and layers (with pixels). */
export function readLayeredPsd(buffer: Uint8Array): {
  width: number;
  height: number;
  dpi?: number;
  icc?: Uint8Array;
  layers: PsdLayerSummary[];
} {
  ensurePixelFactory();
  const psd = readPsd(buffer, { useImageData: true, skipThumbnail: true });
  const dpi = psd.imageResources?.resolutionInfo?.horizontalResolution;
  const icc = findImageResource(buffer, ICC_RESOURCE);
  return {
    width: psd.width,
    height: psd.height,
    ...(dpi === undefined ? {} : { dpi }),
    ...(icc ? { icc: new Uint8Array(icc) } : {}),
    layers: (psd.children ?? []).map((l) => ({
      name: l.name ?? "",
      width: (l.right ?? 0) - (l.left ?? 0),
      height: (l.bottom ?? 0) - (l.top ?? 0),
      hasMask: l.mask?.imageData !== undefined,
      ...(l.imageData ? { pixels: new Uint8ClampedArray(l.imageData.data) } : {}),
    })),
  };
}
