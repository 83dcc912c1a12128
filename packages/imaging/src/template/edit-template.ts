// The normalised template the pipeline runs on, and its construction from Pixelz fields with validation.
import { Value } from "@sinclair/typebox/value";
import { ImagingError } from "../errors/imaging-error.js";
import { PixelzTemplateSchema, type PixelzTemplate } from "./template.schema.js";

/** An sRGB colour, 0–255 per channel. */
export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

export type OutputFormat = "jpg" | "png" | "tiff" | "psd";
export type LengthUnit = "px" | "mm" | "inch";

export type BackgroundSpec =
  | { readonly type: "none" }
  | { readonly type: "color"; readonly color: Rgb }
  | { readonly type: "transparent" }
  | { readonly type: "gradient"; readonly top: Rgb; readonly bottom: Rgb };

export type ResizeSpec =
  | { readonly type: "keep" }
  | { readonly type: "aspect"; readonly width: number; readonly height: number }
  | { readonly type: "fixed"; readonly width: number; readonly height: number; readonly unit: LengthUnit }
  | { readonly type: "minmax"; readonly min?: number; readonly max?: number; readonly unit: LengthUnit };

export type MarginSpec =
  | { readonly type: "none" }
  | {
      readonly type: "percent" | "pixels";
      readonly top: number;
      readonly bottom: number;
      readonly left: number;
      readonly right: number;
    };

/** Everything the pipeline needs to know to produce an image. */
export interface EditTemplate {
  readonly outputFormat: OutputFormat;
  readonly background: BackgroundSpec;
  readonly resize: ResizeSpec;
  readonly margin: MarginSpec;
  readonly verticalAlignment: "top" | "center" | "bottom";
  readonly shadow: "none" | "keep" | "drop";
  /** JPEG quality 1–100; default 90. */
  readonly jpegQuality: number;
  /** Longest side of the thumbnail in pixels; default 300. */
  readonly thumbnailSize: number;
  /**
   * Pixelz's isKeptMannequin / isKeptModel (unset means keep). The cut-out keeps everything standing on
   * the backdrop, mannequin and model included: removing them (an invisible-mannequin or model-removal
   * edit) is retouching this pipeline does not do, so `false` is reported as a warning, not ignored.
   */
  readonly keepMannequin?: boolean;
  readonly keepModel?: boolean;
}

/** Defaults: keep canvas, white background, JPG. */
export const DEFAULT_EDIT_TEMPLATE: EditTemplate = {
  outputFormat: "jpg",
  background: { type: "color", color: { r: 255, g: 255, b: 255 } },
  resize: { type: "keep" },
  margin: { type: "none" },
  verticalAlignment: "center",
  shadow: "none",
  jpegQuality: 90,
  thumbnailSize: 300,
};

/** Parses "FFFFFF" / "#ffffff"; undefined when empty. Throws invalid_template on bad input. */
export function tryParseHexColor(value: string | null | undefined): Rgb | undefined {
  const hex = (value ?? "").trim().replace(/^#/, "");
  if (hex === "") return undefined;
  if (!/^[0-9a-fA-F]{6}$/.test(hex))
    throw invalidTemplate(`"${value ?? ""}" is not a colour in 000000–FFFFFF`);
  const n = parseInt(hex, 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

function invalidTemplate(message: string): ImagingError {
  return new ImagingError("invalid_template", message);
}

function num(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value;
  return value.trim() === "" ? undefined : Number(value);
}

function code<T extends number>(
  value: number | string | undefined,
  allowed: readonly T[],
  fallback: T,
  field: string,
): T {
  const n = num(value);
  if (n === undefined) return fallback;
  const found = allowed.find((a) => a === n);
  if (found === undefined) throw invalidTemplate(`${field} must be one of ${allowed.join(", ")}`);
  return found;
}

function positive(value: number | string | undefined, field: string): number {
  const n = num(value);
  if (n === undefined || !(n > 0)) throw invalidTemplate(`${field} must be a positive number`);
  return n;
}

function nonNegative(value: number | string | undefined, field: string): number {
  const n = num(value) ?? 0;
  if (!(n >= 0)) throw invalidTemplate(`${field} must be zero or more`);
  return n;
}

const UNITS: readonly LengthUnit[] = ["px", "mm", "inch"];

/** A Pixelz flag: true / "true", false / "false", or unset ("" or absent). */
function flag(value: boolean | string | undefined): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/**
 * Builds the normalised template from Pixelz fields (strings or numbers), checking the schema and the
 * combinations Pixelz refuses: transparency in a JPG, a colour background without a colour, margins whose
 * percentages leave no room. Throws ImagingError `invalid_template`.
 */
export function createEditTemplate(
  input: unknown,
  extra: Partial<Pick<EditTemplate, "jpegQuality" | "thumbnailSize">> = {},
): EditTemplate {
  if (!Value.Check(PixelzTemplateSchema, input)) {
    const first = Value.Errors(PixelzTemplateSchema, input).First();
    throw invalidTemplate(first ? `${first.path || "template"}: ${first.message}` : "malformed template");
  }
  const t: PixelzTemplate = input;
  const fmt = t.templateOutputFormat;
  const outputFormat: OutputFormat =
    fmt === "JPG" || fmt === "JPEG"
      ? "jpg"
      : fmt === "TIF" || fmt === "TIFF"
        ? "tiff"
        : fmt === "PNG"
          ? "png"
          : "psd";

  const bgType = code(t.backgroundType, [0, 1, 2, 3], 0, "backgroundType");
  const color = tryParseHexColor(t.backgroundColor);
  const color2 = tryParseHexColor(t.backgroundVerticalGradientColor);
  let background: BackgroundSpec;
  if (bgType === 0) background = { type: "none" };
  else if (bgType === 2) background = { type: "transparent" };
  else if (bgType === 1) {
    if (!color) throw invalidTemplate("backgroundColor is required with backgroundType 1");
    background = { type: "color", color };
  } else {
    if (!color || !color2)
      throw invalidTemplate(
        "backgroundColor and backgroundVerticalGradientColor are required with backgroundType 3",
      );
    background = { type: "gradient", top: color, bottom: color2 };
  }

  const resizeType = code(t.resizeType, [0, 1, 2, 3], 0, "resizeType");
  const unit = UNITS[code(t.resizeUnit, [0, 1, 2], 0, "resizeUnit")] ?? "px";
  let resize: ResizeSpec;
  if (resizeType === 0) resize = { type: "keep" };
  else if (resizeType === 1)
    resize = {
      type: "aspect",
      width: positive(t.resizeWidth, "resizeWidth"),
      height: positive(t.resizeHeight, "resizeHeight"),
    };
  else if (resizeType === 2)
    resize = {
      type: "fixed",
      width: positive(t.resizeWidth, "resizeWidth"),
      height: positive(t.resizeHeight, "resizeHeight"),
      unit,
    };
  else {
    const min = num(t.resizeMinSize) === undefined ? undefined : positive(t.resizeMinSize, "resizeMinSize");
    const max = num(t.resizeMaxSize) === undefined ? undefined : positive(t.resizeMaxSize, "resizeMaxSize");
    if (min === undefined && max === undefined)
      throw invalidTemplate("resizeType 3 needs resizeMinSize or resizeMaxSize");
    if (min !== undefined && max !== undefined && min > max)
      throw invalidTemplate("resizeMinSize exceeds resizeMaxSize");
    resize = {
      type: "minmax",
      unit,
      ...(min === undefined ? {} : { min }),
      ...(max === undefined ? {} : { max }),
    };
  }

  const marginType = code(t.marginType, [0, 1, 2], 0, "marginType");
  const margin: MarginSpec =
    marginType === 0
      ? { type: "none" }
      : {
          type: marginType === 1 ? "percent" : "pixels",
          top: nonNegative(t.marginTop, "marginTop"),
          bottom: nonNegative(t.marginBottom, "marginBottom"),
          left: nonNegative(t.marginLeft, "marginLeft"),
          right: nonNegative(t.marginRight, "marginRight"),
        };
  if (margin.type === "percent" && (margin.top + margin.bottom >= 100 || margin.left + margin.right >= 100))
    throw invalidTemplate("percent margins must leave room for the product (each pair under 100)");

  const align = code(t.marginVerticalAlignment, [1, 2, 3], 2, "marginVerticalAlignment");
  const shadow = code(t.shadowType, [0, 1, 2], 0, "shadowType");
  const keepMannequin = flag(t.isKeptMannequin);
  const keepModel = flag(t.isKeptModel);
  return assertEditTemplate({
    ...DEFAULT_EDIT_TEMPLATE,
    ...extra,
    outputFormat,
    background,
    resize,
    margin,
    verticalAlignment: align === 1 ? "top" : align === 2 ? "center" : "bottom",
    shadow: shadow === 0 ? "none" : shadow === 1 ? "keep" : "drop",
    ...(keepMannequin === undefined ? {} : { keepMannequin }),
    ...(keepModel === undefined ? {} : { keepModel }),
  });
}

/** Checks cross-field rules of a normalised template; returns it or throws invalid_template. */
export function assertEditTemplate(template: EditTemplate): EditTemplate {
  if (template.outputFormat === "jpg" && template.background.type === "transparent")
    throw invalidTemplate("a transparent background cannot be written as JPG (use PNG, TIFF or PSD)");
  if (!(template.jpegQuality >= 1 && template.jpegQuality <= 100))
    throw invalidTemplate("jpegQuality must be 1–100");
  if (!(template.thumbnailSize >= 16)) throw invalidTemplate("thumbnailSize must be at least 16");
  return template;
}
