// Colour libraries (AddColorLibrary): each swatch image is fetched, checked and reduced to its colourway
// (its dominant colours), stored for the contact; POST Image's colorwayIds then asks for a version in each.
import { isImagingError } from "@pixl/imaging";
import type { Executor } from "../../core/db/index.js";
import type { Contact } from "../contacts/contact.repository.js";
import type { StudioDeps } from "../studio.deps.js";
import type { StudioResult } from "../studio.contract.js";
import { StudioError } from "../studio-errors.js";
import { parseUrl } from "./image-request.js";
import type { StudioImaging } from "./imaging.js";
import { assertPhoto, SourceRefused } from "./source-check.js";
import { fetchSource, SourceUnavailable } from "./source-fetch.js";
import { readSwatchColors, type ColorwayColor } from "./swatch-colors.js";

/** Swatches per call: each is fetched and decoded while the caller waits. */
export const MAX_LIBRARY_URLS = 20;

/** A stored colourway: its swatch URL and colours. */
export interface Colorway {
  readonly id: number;
  readonly imageUrl: string;
  readonly colors: ColorwayColor[];
}

/** The contact's colourways with these ids (others' ids are simply not found). */
export async function findColorways(
  db: Executor,
  contactId: number,
  ids: readonly number[],
): Promise<Colorway[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("studio_colorways")
    .select(["id", "image_url", "colors"])
    .where("contact_id", "=", contactId)
    .where("id", "in", [...ids])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    imageUrl: r.image_url,
    colors: JSON.parse(r.colors) as ColorwayColor[],
  }));
}

async function colorwayOf(
  deps: StudioDeps,
  imaging: StudioImaging,
  contact: Contact,
  url: string,
  field: string,
): Promise<ColorwayColor[]> {
  const limits = { maxBytes: deps.limits.maxSourceBytes, maxPixels: deps.limits.maxSourcePixels };
  try {
    // The safe client bounds the time itself; nothing else cancels a call in flight.
    const source = await fetchSource(deps, contact.id, url, new AbortController().signal);
    await assertPhoto(imaging.codec, source.bytes, source.contentType, limits);
    const colors = await readSwatchColors(imaging.codec, source.bytes, limits.maxPixels);
    if (colors.length === 0) throw new SourceRefused("it shows no colour");
    return colors;
  } catch (e) {
    const reason =
      e instanceof SourceRefused || e instanceof SourceUnavailable || isImagingError(e)
        ? e.message
        : undefined;
    if (reason === undefined) throw e;
    throw new StudioError("InvalidParameter", `${field} ${url.slice(0, 200)} could not be used: ${reason}.`);
  }
}

/**
 * Fetches each swatch (through the safe source fetch: address policy, size and time limits), checks it is a
 * photo within the pixel limit, extracts its colourway and stores them all, one id per URL in order. Any
 * URL that cannot be used fails the whole call with InvalidParameter naming it; nothing is stored then.
 */
export async function addColorLibrary(
  deps: StudioDeps,
  imaging: StudioImaging,
  contact: Contact,
  urls: readonly string[],
): Promise<StudioResult<"addColorLibrary">> {
  if (urls.length === 0)
    throw new StudioError("MissingRequiredInformation", "imagesUrl must list at least one URL.");
  if (urls.length > MAX_LIBRARY_URLS)
    throw new StudioError("InvalidParameter", `At most ${MAX_LIBRARY_URLS} imagesUrl per call.`);
  const checked = urls.map((u, i) => parseUrl(u, `imagesUrl[${i}]`));
  const colorways: ColorwayColor[][] = [];
  // One at a time: each swatch is buffered and decoded in memory.
  for (const [i, url] of checked.entries())
    colorways.push(await colorwayOf(deps, imaging, contact, url, `imagesUrl[${i}]`));
  const now = deps.clock.now();
  const rows = await deps.database.kysely
    .insertInto("studio_colorways")
    .values(
      checked.map((image_url, i) => ({
        contact_id: contact.id,
        image_url,
        colors: JSON.stringify(colorways[i] ?? []),
        created_at: now,
      })),
    )
    .returning("id")
    .execute();
  return { ColorwayIds: rows.map((r) => r.id) };
}
