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

/**
 * Writes an 8-bit RGB document with the given layers (first = bottom) and the flattened `composite`
 * (RGBA, canvas size) that viewers without layer support show. `dpi` goes into the resolution resource.
 */
export function writeLayeredPsd(layers: readonly PsdLayerInput[], composite: Raster, dpi: number): Buffer {
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
  return writePsdBuffer(
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

/** Reads a document's size, resolution and layers (with pixels). */
export function readLayeredPsd(buffer: Uint8Array): {
  width: number;
  height: number;
  dpi?: number;
  layers: PsdLayerSummary[];
} {
  ensurePixelFactory();
  const psd = readPsd(buffer, { useImageData: true, skipThumbnail: true });
  const dpi = psd.imageResources?.resolutionInfo?.horizontalResolution;
  return {
    width: psd.width,
    height: psd.height,
    ...(dpi === undefined ? {} : { dpi }),
    layers: (psd.children ?? []).map((l) => ({
      name: l.name ?? "",
      width: (l.right ?? 0) - (l.left ?? 0),
      height: (l.bottom ?? 0) - (l.top ?? 0),
      hasMask: l.mask?.imageData !== undefined,
      ...(l.imageData ? { pixels: new Uint8ClampedArray(l.imageData.data) } : {}),
    })),
  };
}
