// The studio's price table: a template's price per image from its options, and an image's from its request.
import type { TemplateSpec } from "./template-spec.js";

/**
 * Minor units (cents) of the contact's currency. Background removal, alignment, cropping, resizing,
 * margins, file format, colour profile and DPI are included in the base; the rest are add-ons; the
 * turnaround tier scales the sum. Documented in studio/README.md ("Prices").
 */
export const PRICE_TABLE = {
  /** Background removed and replaced (types 1, 2, 3). */
  baseWithRemoval: 100,
  /** Background kept (type 0): resize, margins and format only. */
  baseWithoutRemoval: 50,
  shadow: { 0: 0, 1: 25, 2: 35 } as Record<number, number>,
  /** Keeping (retouching) a model or a mannequin in the picture. */
  keptModel: 25,
  keptMannequin: 25,
  /** Several source photos combined into one output (AddTemplate `isCombinedImages`). */
  combinedImages: 50,
  /** Percent of the sum by turnaround: 24 h is a rush, 168 h a discount. */
  turnaroundPercent: { 24: 150, 72: 100, 168: 80 } as Record<number, number>,
  /** Per image, on top of its template: each colour version (colorChangeRequests entry). */
  colorVersion: 50,
  /** Per image, on top of its template: colour matching to a reference (colorReferenceFileURL). */
  colorMatching: 50,
} as const;

/** The price per image of a template (minor units). */
export function templatePrice(spec: TemplateSpec, isCombinedImages: boolean): number {
  const t = PRICE_TABLE;
  const sum =
    (spec.backgroundType === 0 ? t.baseWithoutRemoval : t.baseWithRemoval) +
    (t.shadow[spec.shadowType] ?? 0) +
    (spec.isKeptModel ? t.keptModel : 0) +
    (spec.isKeptMannequin ? t.keptMannequin : 0) +
    (isCombinedImages ? t.combinedImages : 0);
  return Math.round((sum * (t.turnaroundPercent[spec.deliveryTimeInHour] ?? 100)) / 100);
}

/** What one image costs: its template's price plus the per-image add-ons it asks for. */
export function imagePrice(
  templatePriceMinor: number,
  request: { colorVersions: number; colorMatching: boolean },
): number {
  return (
    templatePriceMinor +
    request.colorVersions * PRICE_TABLE.colorVersion +
    (request.colorMatching ? PRICE_TABLE.colorMatching : 0)
  );
}
