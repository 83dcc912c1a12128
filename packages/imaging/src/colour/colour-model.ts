// The colour of one material under varying light, and whether a pixel shows it.
//
// In linear light a pixel of a material is  p = S·A + h·W + r : its albedo colour A times the light S on it
// (shading, folds, weave), plus white light h·W reflected off the surface (a highlight), plus a small residual
// r (hue texture, noise). S and h come from a least-squares fit (h ≥ 0, lightly damped so that near-neutral
// materials, where A and W point almost the same way, put the light in S). A pixel shows the material when S
// is within the shading range and the fit explains it: the OKLab distance between the pixel and S·A + h·W is
// within the model's tolerance (OKLab is close to perceptually uniform, so one tolerance serves every colour).

/** Linear-light planes (0–1) of an image, row-major. */
export interface LinearPlanes {
  readonly width: number;
  readonly height: number;
  readonly r: Float32Array;
  readonly g: Float32Array;
  readonly b: Float32Array;
}

/** A material's colour model. */
export interface ColourModel {
  /** Albedo colour A in linear light (its mean colour under the light it was measured in). */
  readonly albedo: readonly [number, number, number];
  /** Largest OKLab distance of a pixel from its fit that still shows the material. */
  readonly tolerance: number;
}

/** The fit of one pixel: light S, highlight h, and the explained colour. */
export interface MaterialFit {
  readonly s: number;
  readonly h: number;
  readonly q: readonly [number, number, number];
}

/** Light ratios accepted as the same material: deep folds (12 %) to strong light (3.5×). */
export const MIN_LIGHT = 0.12;
export const MAX_LIGHT = 3.5;
const MIN_TOLERANCE = 0.03;
const MAX_TOLERANCE = 0.07;
/** Largest highlight of a "plain" pixel, as a share of the material's luminance. */
const PLAIN_HIGHLIGHT = 0.25;
/** Below this colourfulness (1 − cos² between A and white) a material counts as near-neutral… */
const NEUTRAL_COLOURFUL = 0.08;
/** …and light beyond this ratio on it is a highlight. */
const NEUTRAL_LIGHT_CAP = 1.6;
/**
 * Damping of h (a share of W·W) for near-neutral materials, growing with the square of how much closer to
 * neutral than NEUTRAL_COLOURFUL they are (none above it): keeps their split from chasing noise.
 */
const H_DAMPING = 0.15;

/**
 * Fits p ≈ S·A + h·W (S ≥ 0, 0 ≤ h ≤ maxHighlight). The damping of h grows as A nears neutral (A and W
 * nearly parallel): there a highlight cannot be told from more light, and an undamped fit turns noise into
 * speckles of highlight.
 */
export function fitMaterial(
  model: ColourModel,
  r: number,
  g: number,
  b: number,
  maxHighlight = Infinity,
): MaterialFit {
  const [ar, ag, ab] = model.albedo;
  fitInto(ar, ag, ab, r, g, b, maxHighlight);
  const { s, h } = FIT;
  const aa = ar * ar + ag * ag + ab * ab;
  if (aa < 1e-9) {
    const grey = (r + g + b) / 3;
    return { s: 0, h, q: [grey, grey, grey] };
  }
  return { s, h, q: [s * ar + h, s * ag + h, s * ab + h] };
}

/**
 * fitMaterial's S and h written to `out[0]`, `out[1]` without allocating (for loops over every pixel of a
 * region); the explained colour is S·A + h per channel.
 */
export function fitMaterialTo(
  model: ColourModel,
  r: number,
  g: number,
  b: number,
  out: Float64Array,
  maxHighlight = Infinity,
): void {
  const [ar, ag, ab] = model.albedo;
  fitInto(ar, ag, ab, r, g, b, maxHighlight);
  out[0] = FIT.s;
  out[1] = FIT.h;
}

/** fitInto's answer (one shared record: the fit runs for every pixel a region considers). */
const FIT = { s: 0, h: 0 };

/** The fit of fitMaterial, written to FIT without allocating. */
function fitInto(
  ar: number,
  ag: number,
  ab: number,
  r: number,
  g: number,
  b: number,
  maxHighlight: number,
): void {
  const aa = ar * ar + ag * ag + ab * ab;
  const wp = r + g + b;
  if (aa < 1e-9) {
    FIT.s = 0;
    FIT.h = Math.max(0, wp / 3);
    return;
  }
  const aw = ar + ag + ab;
  const ap = ar * r + ag * g + ab * b;
  const colourful = Math.max(0.02, 1 - (aw * aw) / (3 * aa));
  const ww = 3 * (1 + H_DAMPING * Math.max(0, (NEUTRAL_COLOURFUL / colourful) ** 2 - 1));
  const det = aa * ww - aw * aw;
  let s = ap / aa;
  let h = 0;
  const h2 = det > 1e-12 ? (aa * wp - aw * ap) / det : 0;
  if (h2 > 0) {
    h = Math.min(h2, maxHighlight);
    // Best S for that h (the unconstrained pair when h was not capped).
    s = (ap - aw * h) / aa;
  }
  // A near-neutral material cannot tell a highlight from more light; light far beyond what the photo
  // plausibly has is a highlight.
  if (colourful < NEUTRAL_COLOURFUL && s > NEUTRAL_LIGHT_CAP && maxHighlight > 0) {
    s = NEUTRAL_LIGHT_CAP;
    h = Math.min(maxHighlight, Math.max(0, (wp - s * aw) / 3));
  }
  if (s < 0) {
    s = 0;
    h = Math.min(maxHighlight, Math.max(0, wp / 3));
  }
  FIT.s = s;
  FIT.h = h;
}

/** OKLab distance between two linear colours. */
export function perceptualDistance(
  x: readonly [number, number, number],
  y: readonly [number, number, number],
): number {
  return oklabDistance(x[0], x[1], x[2], y[0], y[1], y[2]);
}

/**
 * OKLab distance between two linear colours, without allocating (it runs for every pixel a region
 * considers). OKLab's L, a and b are one linear map of the cube-rooted LMS, so the distance is that map
 * applied to the difference of the cube roots.
 */
function oklabDistance(r1: number, g1: number, b1: number, r2: number, g2: number, b2: number): number {
  const x1 = Math.max(0, r1);
  const y1 = Math.max(0, g1);
  const z1 = Math.max(0, b1);
  const x2 = Math.max(0, r2);
  const y2 = Math.max(0, g2);
  const z2 = Math.max(0, b2);
  const dl =
    Math.cbrt(0.4122214708 * x1 + 0.5363325363 * y1 + 0.0514459929 * z1) -
    Math.cbrt(0.4122214708 * x2 + 0.5363325363 * y2 + 0.0514459929 * z2);
  const dm =
    Math.cbrt(0.2119034982 * x1 + 0.6806995451 * y1 + 0.1073969566 * z1) -
    Math.cbrt(0.2119034982 * x2 + 0.6806995451 * y2 + 0.1073969566 * z2);
  const ds =
    Math.cbrt(0.0883024619 * x1 + 0.2817188376 * y1 + 0.6299787005 * z1) -
    Math.cbrt(0.0883024619 * x2 + 0.2817188376 * y2 + 0.6299787005 * z2);
  const l = 0.2104542553 * dl + 0.793617785 * dm - 0.0040720468 * ds;
  const a = 1.9779984951 * dl - 2.428592205 * dm + 0.4505937099 * ds;
  const b = 0.0259040371 * dl + 0.7827717662 * dm - 0.808675766 * ds;
  return Math.sqrt(l * l + a * a + b * b);
}

/**
 * Distance of a linear colour from the model: Infinity outside the light range, else the fit's error.
 * `plain` caps the highlight at a quarter of the material's own luminance: a pixel must look like the
 * material itself, not a whitened version of it (regions grow plain first, then take in highlights).
 */
export function colourDistance(model: ColourModel, r: number, g: number, b: number, plain = false): number {
  const cap = plain ? plainHighlight(model) : Infinity;
  const [ar, ag, ab] = model.albedo;
  fitInto(ar, ag, ab, r, g, b, cap);
  const { s, h } = FIT;
  if (s < MIN_LIGHT || s > MAX_LIGHT) return Infinity;
  return oklabDistance(r, g, b, s * ar + h, s * ag + h, s * ab + h);
}

/** Distance of pixel `i` of the planes from the model (see colourDistance). */
export function modelDistance(planes: LinearPlanes, i: number, model: ColourModel, plain = false): number {
  return colourDistance(model, planes.r[i] ?? 0, planes.g[i] ?? 0, planes.b[i] ?? 0, plain);
}

/** A photo in linear light twice: as it is, and averaged over 3×3 windows. */
export interface PhotoPlanes {
  readonly raw: LinearPlanes;
  readonly smooth: LinearPlanes;
}

/** How much further than the tolerance a single pixel may stray while its 3×3 average stays within it. */
const RAW_SLACK = 2.5;

/**
 * Whether pixel `i` shows the material: the pixel itself within the tolerance, or (where noise throws it
 * off, as in dark colours) its 3×3 average within the tolerance and the pixel not far off, so that a thin
 * stripe of another colour, smeared into its neighbours by the average, is not taken for the material.
 */
export function showsMaterial(planes: PhotoPlanes, i: number, model: ColourModel, plain = false): boolean {
  const own = modelDistance(planes.raw, i, model, plain);
  return (
    own <= model.tolerance ||
    (own <= RAW_SLACK * model.tolerance && modelDistance(planes.smooth, i, model, plain) <= model.tolerance)
  );
}

function luminanceOf(c: readonly [number, number, number]): number {
  return 0.2126729 * c[0] + 0.7151522 * c[1] + 0.072175 * c[2];
}

/**
 * Whether a highlight on the material can be told from more light by colour: not when it is near neutral
 * (grey, white, black), where A and W point almost the same way.
 */
export function isNearNeutral(model: ColourModel): boolean {
  const [ar, ag, ab] = model.albedo;
  const aa = ar * ar + ag * ag + ab * ab;
  return aa < 1e-9 || 1 - (ar + ag + ab) ** 2 / (3 * aa) < NEUTRAL_COLOURFUL;
}

/** The largest highlight h of a pixel that still looks like the plain material. */
export function plainHighlight(model: ColourModel): number {
  return PLAIN_HIGHLIGHT * luminanceOf(model.albedo) + 0.004;
}

function clampTolerance(t: number): number {
  return Math.min(MAX_TOLERANCE, Math.max(MIN_TOLERANCE, t));
}

/**
 * The model of the material at pixel `seed`: the per-channel median of the `inside` pixels of a (2r+1)²
 * window (or the seed's own colour when that is not the median's material), and a tolerance of 4× how far they fall from it (the nearest three quarters; the rest may
 * be another material at an edge), within fixed bounds.
 */
export function createSeedModel(
  planes: LinearPlanes,
  inside: Uint8Array,
  seed: number,
  radius: number,
): ColourModel {
  const { width, height } = planes;
  const sx = seed % width;
  const sy = (seed - sx) / width;
  const members: number[] = [];
  for (let y = Math.max(0, sy - radius); y <= Math.min(height - 1, sy + radius); y++)
    for (let x = Math.max(0, sx - radius); x <= Math.min(width - 1, sx + radius); x++) {
      const i = y * width + x;
      if (inside[i] === 1) members.push(i);
    }
  const median = (plane: Float32Array): number => {
    const v = members.map((i) => plane[i] ?? 0).sort((p, q) => p - q);
    return v[v.length >> 1] ?? 0;
  };
  // The window's median is the material, unless the marker's own (3×3 averaged) colour is not that material
  // in other light: then the marker sits on something small (a thin stripe, a speck) and that is the colour.
  const window = {
    albedo: [median(planes.r), median(planes.g), median(planes.b)] as const,
    tolerance: MIN_TOLERANCE,
  };
  const own = [planes.r[seed] ?? 0, planes.g[seed] ?? 0, planes.b[seed] ?? 0] as const;
  const albedo = colourDistance(window, ...own, true) <= MIN_TOLERANCE ? window.albedo : own;
  const first: ColourModel = { albedo, tolerance: MAX_TOLERANCE };
  const d = members
    .map((i) => modelDistance(planes, i, first, true))
    .filter(Number.isFinite)
    .sort((p, q) => p - q);
  const kept = d.slice(0, Math.max(1, Math.ceil(d.length * 0.75)));
  const rms = Math.sqrt(kept.reduce((s, v) => s + v * v, 0) / kept.length);
  return { albedo, tolerance: clampTolerance(4 * rms) };
}

/** The model of a known linear colour (a dominant colour), its tolerance 4× the given spread. */
export function createColourModel(albedo: readonly [number, number, number], spread = 0): ColourModel {
  return { albedo, tolerance: clampTolerance(4 * spread) };
}
