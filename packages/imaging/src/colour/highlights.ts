// Highlights of a colour region: white light on the material, taken into the region so recolouring keeps
// them, told apart from white labels and trim beside the material.
import { erodeBinary } from "../matting/morphology.js";
import {
  fitMaterial,
  isNearNeutral,
  perceptualDistance,
  plainHighlight,
  showsMaterial,
  type ColourModel,
  type LinearPlanes,
  type PhotoPlanes,
} from "./colour-model.js";

/**
 * Largest OKLab step between neighbours on the way into a highlight: a highlight fades in over pixels, the
 * edge of a white label or trim is a jump (still about 0.2 after the 3×3 average).
 */
const SOFT_STEP = 0.08;
/** A highlight keeps the light S of the material under it: within these ratios of where it was entered. */
const HIGHLIGHT_LIGHT = [0.6, 1.6] as const;

function colourAt(planes: LinearPlanes, i: number): [number, number, number] {
  return [planes.r[i] ?? 0, planes.g[i] ?? 0, planes.b[i] ?? 0];
}

function lightOf(planes: LinearPlanes, i: number, model: ColourModel): number {
  return fitMaterial(model, planes.r[i] ?? 0, planes.g[i] ?? 0, planes.b[i] ?? 0).s;
}

/**
 * Takes in the highlights: product pixels away from the silhouette that the model explains only with white
 * light on top, reached from the region by small steps, and keeping the light S of the region pixel they
 * were reached from. A highlight adds white to the material, so S stays; a white label or trim is not the
 * material, so its fit puts the light in h and S falls away, even where an anti-aliased edge offers a
 * gentle path into it. Noise holes the plain test left are taken in alike.
 */
export function takeHighlights(
  photo: PhotoPlanes,
  inside: Uint8Array,
  region: Uint8Array,
  model: ColourModel,
): void {
  const planes = photo.smooth;
  const { width, height } = planes;
  const n = width * height;
  // 0 unseen, 1 region, 2 taken (a highlight candidate), 4 not the material at all.
  const state = new Uint8Array(n);
  const origin = new Float32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++)
    if (region[i] === 1) {
      state[i] = 1;
      queue[tail++] = i;
    }
  // Not along the silhouette: edge pixels mixed with a light backdrop look like a highlight too.
  const interior = erodeBinary(inside, width, height, 2);
  const visit = (p: number, q: number): void => {
    if (state[q] !== 0) return;
    if (interior[q] !== 1 || !showsMaterial(photo, q, model)) {
      state[q] = 4;
      return;
    }
    const from = origin[p] || lightOf(planes, p, model);
    const light = lightOf(planes, q, model);
    if (light < from * HIGHLIGHT_LIGHT[0] || light > from * HIGHLIGHT_LIGHT[1]) return;
    if (perceptualDistance(colourAt(planes, p), colourAt(planes, q)) > SOFT_STEP) return;
    state[q] = 2;
    origin[q] = from;
    queue[tail++] = q;
  };
  while (head < tail) {
    const p = queue[head++] ?? 0;
    const x = p % width;
    if (x > 0) visit(p, p - 1);
    if (x < width - 1) visit(p, p + 1);
    if (p >= width) visit(p, p - width);
    if (p < width * (height - 1)) visit(p, p + width);
  }
  keepHighlightShaped(planes, state, model, region);
}

/** A highlight's plateau (h above half its peak) is a small core; a label or trim is flat throughout. */
const MAX_PLATEAU = 0.65;

/**
 * Adds to the region each connected group of taken pixels (state 2). On a coloured material the light test
 * has already told highlights from white parts. On a near-neutral one (a white label on a grey shirt is
 * just "more light" by colour) only groups shaped like a highlight count: a white bump fading out (its
 * plateau under MAX_PLATEAU of the group), or too faint to be anything but noise; a flat group is a label.
 */
function keepHighlightShaped(
  planes: LinearPlanes,
  state: Uint8Array,
  model: ColourModel,
  region: Uint8Array,
): void {
  const { width } = planes;
  const n = state.length;
  const faint = 2 * plainHighlight(model);
  const neutral = isNearNeutral(model);
  const group: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] !== 2) continue;
    group.length = 0;
    group.push(start);
    state[start] = 5;
    for (let k = 0; k < group.length; k++) {
      const p = group[k] ?? 0;
      const x = p % width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width])
        if (q >= 0 && q < n && state[q] === 2) {
          state[q] = 5;
          group.push(q);
        }
    }
    if (!neutral) {
      for (const p of group) region[p] = 1;
      continue;
    }
    const h = group.map((p) => fitMaterial(model, planes.r[p] ?? 0, planes.g[p] ?? 0, planes.b[p] ?? 0).h);
    const peak = Math.max(...h);
    const plateau = h.filter((v) => v > peak / 2).length / h.length;
    if (peak < faint || plateau < MAX_PLATEAU) for (const p of group) region[p] = 1;
  }
}
