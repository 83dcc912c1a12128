// The colour outputs of one production: colour matching of the main output, then a version per
// colorChangeRequests entry and per colorway, each from the (matched) finished image.
import type { EditResult, EditTemplate } from "@pixl/imaging";
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

export interface ColorWorkInput {
  readonly image: Image;
  readonly template: EditTemplate;
  /** The template's output, and a flat copy of it (the same unless the output is a PSD). */
  readonly main: Output;
  readonly flat: EditResult;
  readonly stem: string;
}

/**
 * The main output (colour-matched when the image has a colorReferenceFileURL) followed by its colour and
 * colourway versions. Throws EditorNeeded when any of it cannot be done with confidence.
 */
export async function renderColorOutputs(
  deps: StudioDeps,
  imaging: StudioImaging,
  input: ColorWorkInput,
): Promise<Output[]> {
  const { image, main, stem } = input;
  const request = image.request;
  const model = await imaging.model();
  const tools = { codec: imaging.codec, ...(model ? { model } : {}) };
  const maxPixels = deps.limits.maxSourcePixels;
  let canvas: ColorCanvas = await openColorCanvas(tools, input.flat);
  let first = main;
  const extra = request.sources.length;
  if (request.colorReferenceFileURL !== null) {
    if (main.mimeType === "image/vnd.adobe.photoshop")
      throw new EditorNeeded("colour matching of a layered PSD output is done by an editor");
    const key = image.sourceKeys[extra + request.swatches.length];
    if (key === undefined) throw new EditorNeeded("the colour reference was not downloaded");
    const reference = await readReferenceColor(tools, await readBlob(deps, key), maxPixels);
    if (reference === undefined) throw new EditorNeeded("the colour reference shows no colour to match");
    canvas = matchCanvas(canvas, reference);
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
  const swatches = new Map<string, ReturnType<typeof colorOfHex>>();
  for (const [i, url] of request.swatches.entries()) {
    const key = image.sourceKeys[extra + i];
    if (key === undefined) continue;
    const [colour] = await readSwatchColors(imaging.codec, await readBlob(deps, key), maxPixels);
    if (colour) swatches.set(url, colorOfHex(colour.hex));
  }
  const outputs = [first];
  const taken = new Set([first.fileName.toLowerCase()]);
  for (const [i, cv] of request.colorVersions.entries()) {
    const raster = renderColorVersion(canvas, cv, (url) => swatches.get(url));
    const v = await encodeColorOutput(imaging.codec, canvas, raster);
    const suffix = safeFileName(cv.customerImageColorID) || String(i + 1);
    outputs.push({
      position: outputs.length,
      customerImageColorId: cv.customerImageColorID,
      fileName: uniqueName(taken, cv.outputFileName ?? `${stem}_${suffix}`, v.extension),
      ...v,
    });
  }
  const colorways = await findColorways(deps.database.kysely, image.contactId, request.colorwayIds);
  for (const id of request.colorwayIds) {
    const colorway = colorways.find((c) => c.id === id);
    const hex = colorway?.colors[0]?.hex;
    if (hex === undefined) throw new EditorNeeded(`colourway ${id} has no colour`);
    const v = await encodeColorOutput(imaging.codec, canvas, renderColorway(canvas, id, colorOfHex(hex)));
    outputs.push({
      position: outputs.length,
      customerImageColorId: String(id),
      fileName: uniqueName(taken, `${stem}_colorway_${id}`, v.extension),
      ...v,
    });
  }
  return outputs;
}
