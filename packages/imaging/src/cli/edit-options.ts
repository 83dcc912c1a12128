// Turns `pixl edit` flags (or a template JSON file's content) into the pipeline's EditTemplate.
import { ImagingError } from "../errors/imaging-error.js";
import {
  assertEditTemplate,
  createEditTemplate,
  DEFAULT_EDIT_TEMPLATE,
  tryParseHexColor,
  type BackgroundSpec,
  type EditTemplate,
  type LengthUnit,
  type MarginSpec,
  type OutputFormat,
} from "../template/edit-template.js";

/** The flags of `pixl edit`, as commander hands them over (strings). */
export interface EditFlags {
  readonly template?: string;
  readonly background?: string;
  readonly gradient?: string;
  readonly size?: string;
  readonly unit?: string;
  readonly margin?: string;
  readonly align?: string;
  readonly shadow?: string;
  readonly format?: string;
  readonly quality?: string;
}

function invalid(message: string): ImagingError {
  return new ImagingError("invalid_template", message);
}

/** "FFFFFF" → colour, "transparent", "none" (keep the photo as is). */
function parseBackground(value: string, gradient: string | undefined): BackgroundSpec {
  const v = value.trim().toLowerCase();
  if (v === "none") return { type: "none" };
  if (v === "transparent") return { type: "transparent" };
  const color = tryParseHexColor(value);
  if (!color) throw invalid(`--background: "${value}" is not a hex colour, "transparent" or "none"`);
  const bottom = gradient === undefined ? undefined : tryParseHexColor(gradient);
  return bottom ? { type: "gradient", top: color, bottom } : { type: "color", color };
}

/** "1000x1000" → fixed size; "max1600" / "min800" / "800-1600" → min/max; "3:4" → aspect ratio. */
function parseSize(value: string, unit: LengthUnit): EditTemplate["resize"] {
  const v = value.trim().toLowerCase();
  let m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return { type: "fixed", width: Number(m[1]), height: Number(m[2]), unit };
  m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return { type: "aspect", width: Number(m[1]), height: Number(m[2]) };
  m = /^max(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return { type: "minmax", max: Number(m[1]), unit };
  m = /^min(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return { type: "minmax", min: Number(m[1]), unit };
  m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return { type: "minmax", min: Number(m[1]), max: Number(m[2]), unit };
  throw invalid(`--size: "${value}" is not WxH, W:H, maxN, minN or MIN-MAX`);
}

/** "10%" or "40px" (all sides), or "t,r,b,l" with a % or px suffix on the whole list ("5,10,5,10%"). */
function parseMargin(value: string): MarginSpec {
  const v = value.trim().toLowerCase();
  const type = v.endsWith("%") ? "percent" : "pixels";
  const numbers = v
    .replace(/(%|px)$/, "")
    .split(",")
    .map(Number);
  if (numbers.some((n) => !Number.isFinite(n) || n < 0) || ![1, 4].includes(numbers.length))
    throw invalid(`--margin: "${value}" is not N%, Npx or top,right,bottom,left`);
  const [top = 0, right = top, bottom = top, left = right] = numbers;
  return { type, top, right, bottom, left };
}

const FORMATS: Record<string, OutputFormat> = {
  jpg: "jpg",
  jpeg: "jpg",
  png: "png",
  tif: "tiff",
  tiff: "tiff",
  psd: "psd",
};

/**
 * Builds the template: from `templateJson` (Pixelz fields, as in POST Template) when given, then each
 * flag overrides its part. Defaults: white background, keep canvas, no margins, JPG at quality 90.
 */
export function createTemplateFromFlags(flags: EditFlags, templateJson?: unknown): EditTemplate {
  let t: EditTemplate = templateJson === undefined ? DEFAULT_EDIT_TEMPLATE : createEditTemplate(templateJson);
  const unit = (flags.unit ?? "px") as LengthUnit;
  if (!["px", "mm", "inch"].includes(unit))
    throw invalid(`--unit: "${flags.unit ?? ""}" is not px, mm or inch`);
  if (flags.background !== undefined)
    t = { ...t, background: parseBackground(flags.background, flags.gradient) };
  if (flags.size !== undefined) t = { ...t, resize: parseSize(flags.size, unit) };
  if (flags.margin !== undefined) t = { ...t, margin: parseMargin(flags.margin) };
  if (flags.align !== undefined) {
    const a = flags.align === "centre" ? "center" : flags.align;
    if (a !== "top" && a !== "center" && a !== "bottom")
      throw invalid(`--align: "${flags.align}" is not top, center or bottom`);
    t = { ...t, verticalAlignment: a };
  }
  if (flags.shadow !== undefined) {
    const s = flags.shadow;
    if (s !== "none" && s !== "keep" && s !== "drop")
      throw invalid(`--shadow: "${s}" is not none, keep or drop`);
    t = { ...t, shadow: s };
  }
  if (flags.format !== undefined) {
    const f = FORMATS[flags.format.toLowerCase()];
    if (!f) throw invalid(`--format: "${flags.format}" is not jpg, png, tiff or psd`);
    t = { ...t, outputFormat: f };
  }
  if (flags.quality !== undefined) t = { ...t, jpegQuality: Number(flags.quality) };
  return assertEditTemplate(t);
}
