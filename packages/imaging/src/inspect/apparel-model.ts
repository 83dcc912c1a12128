// Is this apparel worn by a model? Two independent cues on the cut-out: a head-and-shoulders silhouette
// (a bulge, a narrower neck, then shoulders much wider than the head) and skin at the top of a tall subject.
import type { Box, Matte, Raster } from "../raster.js";

/** The cues found and the verdict. */
export interface ApparelOnModel {
  readonly detected: boolean;
  /** 0–1: how far the evidence is from the decision boundary, either way. */
  readonly certainty: number;
  /** Height over width of the subject's box. */
  readonly tallness: number;
  readonly headAndShoulders: boolean;
  /** Share of the subject's pixels with a skin tone, and of the head rows'. */
  readonly skinShare: number;
  readonly headSkinShare: number;
  readonly cues: readonly string[];
}

/** A skin tone: red over green over blue, in the band of human skin from pale to dark (RGB rules). */
export function isSkinTone(r: number, g: number, b: number): boolean {
  if (!(r > g && g > b)) return false;
  const spread = r - b;
  if (r > 95 && g > 40 && b > 20 && spread > 15 && r - g > 15) return r - g < 90 && g - b > 5;
  // Darker skin: lower levels, the same ordering, moderate saturation.
  return r > 60 && r <= 140 && r - g >= 10 && r - g <= 55 && spread >= 20 && spread <= 90;
}

/** Pixels of the subject per row of its box (alpha > 0.5). */
function rowWidths(alpha: Matte, box: Box): Float64Array {
  const out = new Float64Array(box.height);
  for (let y = 0; y < box.height; y++) {
    const row = (box.top + y) * alpha.width;
    let n = 0;
    for (let x = box.left; x < box.left + box.width; x++) if ((alpha.data[row + x] ?? 0) > 0.5) n++;
    out[y] = n;
  }
  return out;
}

/**
 * Looks for a head over shoulders in the top 40 % of the box: the widest row of the top 18 % (the head),
 * a narrowest row below it at most 80 % of that (the neck), then a row at least 1.8× the head's width.
 */
function findHeadAndShoulders(widths: Float64Array): { found: boolean; ratio: number } {
  const h = widths.length;
  const headEnd = Math.max(2, Math.round(h * 0.18));
  let head = 0;
  let headAt = 0;
  for (let y = 0; y < headEnd; y++)
    if ((widths[y] ?? 0) > head) {
      head = widths[y] ?? 0;
      headAt = y;
    }
  if (head < 3) return { found: false, ratio: 0 };
  let neck = head;
  let neckAt = headAt;
  const limit = Math.round(h * 0.4);
  let shoulders = 0;
  for (let y = headAt + 1; y < limit; y++) {
    const v = widths[y] ?? 0;
    if (v < neck && shoulders === 0) {
      neck = v;
      neckAt = y;
    }
    if (y > neckAt && neck <= 0.8 * head) shoulders = Math.max(shoulders, v);
  }
  return { found: neck <= 0.8 * head && shoulders >= 1.8 * head, ratio: shoulders / head };
}

/** Judges the subject under `alpha` (its box `box`) in `photo` (same size). */
export function detectApparelOnModel(photo: Raster, alpha: Matte, box: Box): ApparelOnModel {
  const tallness = box.height / Math.max(1, box.width);
  const widths = rowWidths(alpha, box);
  const hs = findHeadAndShoulders(widths);
  const headRows = Math.max(1, Math.round(box.height * 0.15));
  let subject = 0;
  let skin = 0;
  let headPixels = 0;
  let headSkin = 0;
  const { channels: ch, data } = photo;
  for (let y = box.top; y < box.top + box.height; y++)
    for (let x = box.left; x < box.left + box.width; x++) {
      const i = y * photo.width + x;
      if ((alpha.data[i] ?? 0) <= 0.5) continue;
      subject++;
      const s = isSkinTone(data[i * ch] ?? 0, data[i * ch + 1] ?? 0, data[i * ch + 2] ?? 0);
      if (s) skin++;
      if (y < box.top + headRows) {
        headPixels++;
        if (s) headSkin++;
      }
    }
  const skinShare = skin / Math.max(1, subject);
  const headSkinShare = headSkin / Math.max(1, headPixels);
  const tall = tallness >= 1.3;
  // A face: skin in the head rows, but not a subject that is skin-coloured all over (a tan vase).
  const face = headSkinShare >= 0.25 && skinShare >= 0.03 && skinShare <= 0.6;
  const detected = tall && (hs.found || face);
  const cues: string[] = [
    `subject ${tallness.toFixed(2)}× as tall as wide${tall ? " (standing figure)" : ""}`,
    hs.found
      ? `head-and-shoulders silhouette (shoulders ${hs.ratio.toFixed(1)}× the head's width)`
      : "no head-and-shoulders silhouette",
    `skin tones on ${Math.round(skinShare * 100)}% of the subject, ${Math.round(headSkinShare * 100)}% of its top rows${face ? " (a face)" : ""}`,
  ];
  // Certainty: tallness margin, and how many of the two cues agree with the verdict.
  const tallMargin = Math.min(1, Math.abs(tallness - 1.3) / 0.4);
  const cueAgreement = detected ? (hs.found && face ? 1 : 0.75) : !hs.found && !face ? 1 : tall ? 0.6 : 0.9;
  return {
    detected,
    certainty: Math.min(cueAgreement, detected || !tall ? Math.max(0.5, tallMargin) : cueAgreement),
    tallness,
    headAndShoulders: hs.found,
    skinShare,
    headSkinShare,
    cues,
  };
}
