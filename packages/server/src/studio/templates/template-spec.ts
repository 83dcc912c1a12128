// A template's Pixelz fields, validated field by field with a clear message, and turned into the pipeline's
// edit template by @pixl/imaging (which owns the cross-field rules, e.g. no transparency in a JPG).
import { createEditTemplate, isImagingError, type EditTemplate } from "@pixl/imaging";
import { StudioError } from "../studio-errors.js";

export const OUTPUT_FORMATS = ["JPG", "JPEG", "TIF", "TIFF", "PNG", "PSD"] as const;
export type TemplateOutputFormat = (typeof OUTPUT_FORMATS)[number];
/** The seed's turnaround tiers (POST Template accepts exactly these). */
export const DELIVERY_HOURS = [24, 72, 168] as const;
export type DeliveryHours = (typeof DELIVERY_HOURS)[number];

/** A template's instructions as stored: the POST Template fields, numbers as numbers, colours as `RRGGBB`. */
export interface TemplateSpec {
  templateOutputFormat: TemplateOutputFormat;
  deliveryTimeInHour: DeliveryHours;
  /** 0 none, 1 colour, 2 transparent, 3 vertical gradient. */
  backgroundType: number;
  backgroundColor: string | null;
  backgroundVerticalGradientColor: string | null;
  /** 0 keep, 1 aspect ratio, 2 fixed, 3 min/max. */
  resizeType: number;
  /** 0 px, 1 mm, 2 inch. */
  resizeUnit: number;
  resizeHeight: number | null;
  resizeWidth: number | null;
  resizeMinSize: number | null;
  resizeMaxSize: number | null;
  /** 0 none, 1 percent, 2 pixels. */
  marginType: number;
  marginTop: number;
  marginBottom: number;
  marginLeft: number;
  marginRight: number;
  /** 1 top, 2 centre, 3 bottom. */
  marginVerticalAlignment: number;
  /** 0 none, 1 keep original, 2 drop. */
  shadowType: number;
  isKeptMannequin: boolean;
  isKeptModel: boolean;
  /**
   * Colour matching ("Follow reference"): every image must bring a colorReferenceFileURL, and its product's
   * main colour is matched to it. Absent in templates stored before it existed (false).
   */
  colorMatching?: boolean;
}

/** The POST Template / AddTemplate fields as the wire hands them over (text). */
export type TemplateFields = Partial<Record<keyof TemplateSpec | "templateName", string>>;

const NAME = /^[A-Za-z0-9()_ -]{1,100}$/;
const HEX = /^#?([0-9A-Fa-f]{6})$/;
const MAX_SIZE = 100_000;

function invalid(message: string): StudioError {
  return new StudioError("InvalidParameter", message);
}

function blank(v: string | undefined): boolean {
  return v === undefined || v.trim() === "";
}

function code(
  fields: TemplateFields,
  name: keyof TemplateSpec,
  allowed: readonly number[],
  fallback: number,
): number {
  const v = fields[name];
  if (blank(v)) return fallback;
  const n = Number(v?.trim());
  if (!allowed.includes(n)) throw invalid(`${name} must be one of ${allowed.join(", ")} (got "${v ?? ""}").`);
  return n;
}

function size(fields: TemplateFields, name: keyof TemplateSpec): number | null {
  const v = fields[name];
  if (blank(v)) return null;
  const t = (v ?? "").trim();
  if (!/^\d+$/.test(t) || Number(t) > MAX_SIZE)
    throw invalid(`${name} must be a whole number from 0 to ${MAX_SIZE} (got "${v ?? ""}").`);
  return Number(t);
}

function color(
  fields: TemplateFields,
  name: "backgroundColor" | "backgroundVerticalGradientColor",
): string | null {
  const v = fields[name];
  if (blank(v)) return null;
  const m = HEX.exec((v ?? "").trim());
  if (!m?.[1])
    throw invalid(`${name} must be a hexadecimal colour from 000000 to FFFFFF (got "${v ?? ""}").`);
  return m[1].toUpperCase();
}

function flag(fields: TemplateFields, name: "isKeptMannequin" | "isKeptModel" | "colorMatching"): boolean {
  const v = (fields[name] ?? "").trim().toLowerCase();
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw invalid(`${name} must be "true" or "false" (got "${fields[name] ?? ""}").`);
}

/** Checks the template name: A–Z a–z 0–9 ( ) space (and `_` `-`, which the seed's own example uses). */
export function parseTemplateName(value: string | undefined): string {
  const name = (value ?? "").trim();
  if (name === "") throw new StudioError("MissingRequiredInformation", "templateName is required.");
  if (!NAME.test(name))
    throw invalid(
      "templateName may only contain A-Z, a-z, 0-9, (), _, - and spaces (at most 100 characters).",
    );
  return name;
}

/**
 * Validates every field and every combination (through @pixl/imaging's createEditTemplate), so a stored
 * spec always produces an edit template. Throws StudioError InvalidParameter / MissingRequiredInformation.
 */
export function parseTemplateSpec(fields: TemplateFields): TemplateSpec {
  const format = (fields.templateOutputFormat ?? "").trim().toUpperCase();
  if (format === "") throw new StudioError("MissingRequiredInformation", "templateOutputFormat is required.");
  const outputFormat = OUTPUT_FORMATS.find((f) => f === format);
  if (outputFormat === undefined)
    throw invalid(`templateOutputFormat must be one of ${OUTPUT_FORMATS.join(", ")} (got "${format}").`);
  if (blank(fields.deliveryTimeInHour))
    throw new StudioError("MissingRequiredInformation", "deliveryTimeInHour is required.");
  if (blank(fields.backgroundType))
    throw new StudioError("MissingRequiredInformation", "backgroundType is required.");
  const spec: TemplateSpec = {
    templateOutputFormat: outputFormat,
    deliveryTimeInHour: code(fields, "deliveryTimeInHour", DELIVERY_HOURS, 72) as DeliveryHours,
    backgroundType: code(fields, "backgroundType", [0, 1, 2, 3], 0),
    backgroundColor: color(fields, "backgroundColor"),
    backgroundVerticalGradientColor: color(fields, "backgroundVerticalGradientColor"),
    resizeType: code(fields, "resizeType", [0, 1, 2, 3], 0),
    resizeUnit: code(fields, "resizeUnit", [0, 1, 2], 0),
    resizeHeight: size(fields, "resizeHeight"),
    resizeWidth: size(fields, "resizeWidth"),
    resizeMinSize: size(fields, "resizeMinSize"),
    resizeMaxSize: size(fields, "resizeMaxSize"),
    marginType: code(fields, "marginType", [0, 1, 2], 0),
    marginTop: size(fields, "marginTop") ?? 0,
    marginBottom: size(fields, "marginBottom") ?? 0,
    marginLeft: size(fields, "marginLeft") ?? 0,
    marginRight: size(fields, "marginRight") ?? 0,
    marginVerticalAlignment: code(fields, "marginVerticalAlignment", [1, 2, 3], 2),
    shadowType: code(fields, "shadowType", [0, 1, 2], 0),
    isKeptMannequin: flag(fields, "isKeptMannequin"),
    isKeptModel: flag(fields, "isKeptModel"),
    // Stored only when asked for, so templates without it keep the spec they always had.
    ...(flag(fields, "colorMatching") ? { colorMatching: true } : {}),
  };
  toEditTemplate(spec);
  return spec;
}

/** The pipeline's template for a stored spec. Throws StudioError InvalidParameter for an impossible one. */
export function toEditTemplate(spec: TemplateSpec): EditTemplate {
  const optional = (name: keyof TemplateSpec, v: number | string | null): Record<string, number | string> =>
    v === null ? {} : { [name]: v };
  try {
    return createEditTemplate({
      templateOutputFormat: spec.templateOutputFormat,
      backgroundType: spec.backgroundType,
      ...optional("backgroundColor", spec.backgroundColor),
      ...optional("backgroundVerticalGradientColor", spec.backgroundVerticalGradientColor),
      resizeType: spec.resizeType,
      resizeUnit: spec.resizeUnit,
      ...optional("resizeHeight", spec.resizeHeight),
      ...optional("resizeWidth", spec.resizeWidth),
      ...optional("resizeMinSize", spec.resizeMinSize),
      ...optional("resizeMaxSize", spec.resizeMaxSize),
      marginType: spec.marginType,
      marginTop: spec.marginTop,
      marginBottom: spec.marginBottom,
      marginLeft: spec.marginLeft,
      marginRight: spec.marginRight,
      marginVerticalAlignment: spec.marginVerticalAlignment,
      shadowType: spec.shadowType,
    });
  } catch (e) {
    if (isImagingError(e, "invalid_template")) throw invalid(`Invalid template: ${sentence(e.message)}`);
    throw e;
  }
}

function sentence(message: string): string {
  return message.endsWith(".") ? message : `${message}.`;
}
