// The colour outputs of one production: colour matching of the main output, then a version per
// colorChangeRequests entry and per colorway, each from the (matched) finished image, the automatic
// editor's or an editor's approved result (whose hand-made versions are delivered as they are).
import type { EditTemplate } from "@pixl/imaging";
import type { StudioDeps } from "../studio.deps.js";
import { findColorways } from "./color-library.service.js";
import {
  EditorNeeded,
  encodeColorOutput,
  encodeColorThumbnail,
  matchCanvas,
  openColorCanvas,
  renderColorVersion,
  renderColorway,
  type ColorCanvas,
  type ColorFrame,
  type ColorOutput,
} from "./color-version.js";
import { readBlob, type Output } from "./finish.js";
import { safeFileName } from "./image-request.js";
import type { Image } from "./image.repository.js";
import type { StudioImaging } from "./imaging.js";
import { colorOfHex, readReferenceColor, readSwatchColors } from "./swatch-colors.js";

/**
 * The file name of a version: the customer's `outputFileName` (or ours) with the extension of what the file
 * really is (a PNG template's version of "x.jpg" is "x.png"), made unique among the image's files.
 */
function uniqueName(taken: Set<string>, name: string, extension: string): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, "");
  let candidate = `${stem}.${extension}`;
  for (let k = 2; taken.has(candidate.toLowerCase()); k++) candidate = `${stem}_${k}.${extension}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Whether the image asks for any colour work. */
export function wantsColorWork(image: Image): boolean {
  const r = image.request;
  return r.colorVersions.length > 0 || r.colorwayIds.length > 0 || r.colorReferenceFileURL !== null;
}

/** One colour version an image asks for: position 1… among its outputs (colour versions, then colourways). */
export interface ColorVersionSlot {
  position: number;
  customerImageColorId: string;
  /** How people are told about it: `colour version "red"`, `colourway 7`. */
  label: string;
}

/** The colour versions an image asks for, in output order (its colorChangeRequests, then its colorwayIds). */
export function listColorVersionSlots(image: Image): ColorVersionSlot[] {
  const r = image.request;
  return [
    ...r.colorVersions.map((cv, i) => ({
      position: i + 1,
      customerImageColorId: cv.customerImageColorID,
      label: `colour version "${cv.customerImageColorID || String(i + 1)}"`,
    })),
    ...r.colorwayIds.map((id, i) => ({
      position: r.colorVersions.length + i + 1,
      customerImageColorId: String(id),
      label: `colourway ${id}`,
    })),
  ];
}

/** The content type a colour version is delivered as for a template output format (PSD and PNG: PNG). */
export function colorVersionType(templateOutputFormat: string): { mimeType: string; extension: string } {
  const f = templateOutputFormat.toUpperCase();
  if (f === "JPG" || f === "JPEG") return { mimeType: "image/jpeg", extension: "jpg" };
  if (f === "TIF" || f === "TIFF") return { mimeType: "image/tiff", extension: "tif" };
  return { mimeType: "image/png", extension: "png" };
}

/** A flat (decodable) copy of the main output and how it was laid out. */
export interface FlatOutput {
  image: Buffer;
  format: string;
  report: ColorFrame;
}

export interface ColorWorkInput {
  readonly image: Image;
  readonly template: EditTemplate;
  /** The template's output. */
  readonly main: Output;
  /** A flat copy of it (the same unless the output is a PSD), made only when some version is rendered. */
  readonly flat: () => Promise<FlatOutput>;
  readonly stem: string;
}

export interface ColorWorkOptions {
  /** Versions a person already made, by position (1…): delivered as they are instead of rendered. */
  readonly made?: ReadonlyMap<number, ColorOutput>;
  /** The main output is final as it is (an editor's result): it is not colour-matched again. */
  readonly mainIsFinal?: boolean;
}

/**
 * The main output (colour-matched when the image has a colorReferenceFileURL) followed by its colour and
 * colourway versions, each rendered from the (matched) main output unless `made` has it. Throws
 * EditorNeeded when any of it cannot be done with confidence.
 */
export async function renderColorOutputs(
  deps: StudioDeps,
  imaging: StudioImaging,
  input: ColorWorkInput,
  options: ColorWorkOptions = {},
): Promise<Output[]> {
  const { image, main, stem } = input;
  const request = image.request;
  const made = options.made ?? new Map<number, ColorOutput>();
  const maxPixels = deps.limits.maxSourcePixels;
  const tools = async () => {
    const model = await imaging.model();
    return { codec: imaging.codec, ...(model ? { model } : {}) };
  };
  let opened: ColorCanvas | undefined;
  const extra = request.sources.length;
  const canvasOf = async (label: string): Promise<ColorCanvas> => {
    if (opened) return opened;
    if (main.mimeType === "image/vnd.adobe.photoshop" && options.mainIsFinal === true)
      throw new EditorNeeded(`${label}: a layered PSD result cannot be recoloured automatically`);
    opened = await openColorCanvas(await tools(), await input.flat());
    return opened;
  };
  let first = main;
  if (request.colorReferenceFileURL !== null && options.mainIsFinal !== true) {
    if (main.mimeType === "image/vnd.adobe.photoshop")
      throw new EditorNeeded("colour matching of a layered PSD output is done by an editor");
    const key = image.sourceKeys[extra + request.swatches.length];
    if (key === undefined) throw new EditorNeeded("the colour reference was not downloaded");
    const reference = await readReferenceColor(await tools(), await readBlob(deps, key), maxPixels);
    if (reference === undefined) throw new EditorNeeded("the colour reference shows no colour to match");
    const canvas = matchCanvas(await canvasOf("colour matching"), reference);
    opened = canvas;
    const encoded = await encodeColorOutput(imaging.codec, canvas, canvas.raster);
    const transparent = input.template.background.type === "transparent";
    first = {
      ...main,
      ...encoded,
      fileName: main.fileName,
      ...(main.thumbnail
        ? {
            thumbnail: {
              name: main.thumbnail.name,
              bytes: await encodeColorThumbnail(
                imaging.codec,
                canvas.raster,
                input.template.thumbnailSize,
                transparent,
              ),
            },
          }
        : {}),
    };
  }
  let swatches: Map<string, ReturnType<typeof colorOfHex>> | undefined;
  const swatchesOf = async () => {
    if (swatches) return swatches;
    swatches = new Map();
    for (const [i, url] of request.swatches.entries()) {
      const key = image.sourceKeys[extra + i];
      if (key === undefined) continue;
      const [colour] = await readSwatchColors(imaging.codec, await readBlob(deps, key), maxPixels);
      if (colour) swatches.set(url, colorOfHex(colour.hex));
    }
    return swatches;
  };
  const outputs = [first];
  const taken = new Set([first.fileName.toLowerCase()]);
  const colorways = await findColorways(deps.database.kysely, image.contactId, request.colorwayIds);
  for (const slot of listColorVersionSlots(image)) {
    const cv = request.colorVersions[slot.position - 1];
    let v = made.get(slot.position);
    try {
      if (v === undefined && cv !== undefined) {
        const canvas = await canvasOf(slot.label);
        const known = await swatchesOf();
        v = await encodeColorOutput(
          imaging.codec,
          canvas,
          renderColorVersion(canvas, cv, (url) => known.get(url)),
        );
      } else if (v === undefined) {
        const id = Number(slot.customerImageColorId);
        const hex = colorways.find((c) => c.id === id)?.colors[0]?.hex;
        if (hex === undefined) throw new EditorNeeded(`colourway ${id} has no colour`);
        const canvas = await canvasOf(slot.label);
        v = await encodeColorOutput(imaging.codec, canvas, renderColorway(canvas, id, colorOfHex(hex)));
      }
    } catch (e) {
      if (e instanceof EditorNeeded && e.position === undefined)
        throw new EditorNeeded(e.message, slot.position);
      throw e;
    }
    const name =
      cv === undefined
        ? `${stem}_colorway_${slot.customerImageColorId}`
        : (cv.outputFileName ?? `${stem}_${safeFileName(cv.customerImageColorID) || String(slot.position)}`);
    outputs.push({
      position: outputs.length,
      customerImageColorId: slot.customerImageColorId,
      fileName: uniqueName(taken, name, v.extension),
      ...v,
    });
  }
  return outputs;
}
