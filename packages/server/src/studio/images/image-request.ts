// What a POST Image / WhiteGloveService / StackImage asks for, validated into the form stored on the image.
import type { StudioRequest } from "../studio.contract.js";
import { StudioError } from "../studio-errors.js";

/** One colour version to produce (a `colorChangeRequests` entry). */
export interface ColorVersionRequest {
  customerImageColorID: string;
  outputFileName: string | null;
  markers: {
    swatchImageURL: string | null;
    swatchColorCode: string | null;
    markerX: number | null;
    markerY: number | null;
  }[];
}

/** The image's request as stored (`studio_images.request`). */
export interface ImageRequest {
  /** `imageURL`, then the non-empty `imageURL2`…`imageURL5` (combined images). */
  sources: string[];
  /** Swatch images to fetch: those of markers without a `swatchColorCode`. */
  swatches: string[];
  colorReferenceFileURL: string | null;
  additionalResourceFileURLs: string[];
  colorVersions: ColorVersionRequest[];
  /** Colour libraries (AddColorLibrary): one colourway version each, distinct, in request order. */
  colorwayIds: number[];
  requestedDeliveryHours: string | null;
  /** Each REJECT's comment and markup, oldest first, for the editor redoing the image. */
  rejections?: { comment: string | null; markupImageUrl: string | null; at: number }[];
}

export type SubmissionFields = StudioRequest<"addWhiteGloveImage"> & { templateId?: string };

const MAX_URL = 2048;
const MAX_LIST = 20;

function invalid(message: string): StudioError {
  return new StudioError("InvalidParameter", message);
}

function blank(v: string | undefined | null): boolean {
  return v === undefined || v === null || v.trim() === "";
}

/** An http(s) URL (checked again, with the address policy, when it is fetched). */
export function parseUrl(value: string, field: string): string {
  const v = value.trim();
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw invalid(`${field} is not a valid URL.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid(`${field} must be an http or https URL.`);
  if (v.length > MAX_URL) throw invalid(`${field} must be at most ${MAX_URL} characters.`);
  return v;
}

export function optionalUrl(value: string | undefined, field: string): string | null {
  return blank(value) ? null : parseUrl(value ?? "", field);
}

/** Trimmed text, null when blank; throws when longer than `max`. */
export function optionalText(value: string | undefined, field: string, max: number): string | null {
  if (blank(value)) return null;
  const t = (value ?? "").trim();
  if (t.length > max) throw invalid(`${field} must be at most ${max} characters.`);
  return t;
}

/** A file name safe to use as the last segment of a blob key: `12415_color1.jpg` stays as it is. */
export function safeFileName(value: string): string {
  const base = value.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._-]+/, "")
    .slice(0, 100);
  return cleaned;
}

function coordinate(value: string | undefined, field: string): number | null {
  if (blank(value)) return null;
  const n = Number((value ?? "").trim());
  if (!Number.isFinite(n) || n < 0 || n > 1_000_000) throw invalid(`${field} must be a non-negative number.`);
  return n;
}

function parseColorVersions(fields: SubmissionFields): ColorVersionRequest[] {
  const requests = fields.colorChangeRequests ?? [];
  if (requests.length > MAX_LIST) throw invalid(`At most ${MAX_LIST} colorChangeRequests per image.`);
  return requests.map((r, i) => {
    const where = `colorChangeRequests[${i}]`;
    const markers = r.colorChangeRequestMarkers ?? [];
    if (markers.length === 0) throw invalid(`${where} needs at least one colorChangeRequestMarkers entry.`);
    if (markers.length > MAX_LIST) throw invalid(`${where} has more than ${MAX_LIST} markers.`);
    const outputFileName = blank(r.outputFileName) ? null : safeFileName(r.outputFileName ?? "");
    return {
      customerImageColorID: optionalText(r.customerImageColorID, `${where}.customerImageColorID`, 100) ?? "",
      outputFileName: outputFileName === "" ? null : outputFileName,
      markers: markers.map((m, j) => {
        const at = `${where}.colorChangeRequestMarkers[${j}]`;
        let code: string | null = null;
        if (!blank(m.swatchColorCode)) {
          const hex = /^#?([0-9A-Fa-f]{6})$/.exec((m.swatchColorCode ?? "").trim())?.[1];
          if (hex === undefined)
            throw invalid(`${at}.swatchColorCode must be a hexadecimal colour such as #FF0000.`);
          code = hex.toUpperCase();
        }
        const swatch = optionalUrl(m.swatchImageURL, `${at}.swatchImageURL`);
        if (code === null && swatch === null)
          throw invalid(`${at} needs a swatchColorCode or a swatchImageURL.`);
        return {
          swatchImageURL: swatch,
          swatchColorCode: code,
          markerX: coordinate(m.markerX, `${at}.markerX`),
          markerY: coordinate(m.markerY, `${at}.markerY`),
        };
      }),
    };
  });
}

/** Validates a submission's URLs, colour change requests and lists. Throws StudioError. */
export function parseImageRequest(fields: SubmissionFields): ImageRequest {
  if (blank(fields.imageURL)) throw new StudioError("MissingRequiredInformation", "imageURL is required.");
  if (!blank(fields.imageURL6))
    throw invalid(
      "At most 5 photos make one image (imageURL to imageURL5); imageURL6 and beyond are not accepted. Post the other photos as their own images.",
    );
  const sources = [parseUrl(fields.imageURL, "imageURL")];
  for (const n of [2, 3, 4, 5] as const) {
    const url = optionalUrl(fields[`imageURL${n}`], `imageURL${n}`);
    if (url !== null) sources.push(url);
  }
  const resources = (fields.additionalResourceFileURLs ?? []).filter((u) => !blank(u));
  if (resources.length > MAX_LIST) throw invalid(`At most ${MAX_LIST} additionalResourceFileURLs per image.`);
  if ((fields.colorwayIds?.length ?? 0) > 100) throw invalid("At most 100 colorwayIds per image.");
  const colorwayIds = [
    ...new Set(
      (fields.colorwayIds ?? [])
        .filter((c) => !blank(c))
        .map((c) => {
          const n = Number(c.trim());
          if (!Number.isSafeInteger(n) || n <= 0)
            throw invalid(`colorwayIds must be ids returned by AddColorLibrary (got "${c}").`);
          return n;
        }),
    ),
  ];
  const colorVersions = parseColorVersions(fields);
  if (colorVersions.length + colorwayIds.length > MAX_LIST)
    throw invalid(
      `At most ${MAX_LIST} colour versions per image (colorChangeRequests and colorwayIds together).`,
    );
  const swatches = [
    ...new Set(
      colorVersions.flatMap((v) =>
        v.markers.filter((m) => m.swatchColorCode === null).map((m) => m.swatchImageURL ?? ""),
      ),
    ),
  ];
  return {
    sources,
    swatches,
    colorReferenceFileURL: optionalUrl(fields.colorReferenceFileURL, "colorReferenceFileURL"),
    additionalResourceFileURLs: resources.map((u, i) => parseUrl(u, `additionalResourceFileURLs[${i}]`)),
    colorVersions,
    colorwayIds,
    requestedDeliveryHours: optionalText(
      fields.imageRequestedDeliveryTimeInHours,
      "imageRequestedDeliveryTimeInHours",
      10,
    ),
  };
}
