// CIEDE2000 colour difference (CIE 142-2001), following Sharma, Wu & Dalal's implementation notes (2005).
import type { Lab } from "./colour-space.js";

const DEG = Math.PI / 180;
const POW25_7 = 25 ** 7;

/** Hue angle in degrees 0–360 of (a', b'); 0 for a neutral colour (the notes' convention). */
function hueDegrees(b: number, a: number): number {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a) / DEG;
  return h < 0 ? h + 360 : h;
}

/**
 * ΔE00 between two CIELAB colours, with the parametric factors kL, kC, kH (default 1; textiles often use
 * kL = 2). Symmetric; about 1 is a just-noticeable difference, under 3 hard to tell apart side by side.
 */
export function deltaE2000(x: Lab, y: Lab, kL = 1, kC = 1, kH = 1): number {
  const c1 = Math.hypot(x.a, x.b);
  const c2 = Math.hypot(y.a, y.b);
  const cMean7 = ((c1 + c2) / 2) ** 7;
  const g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + POW25_7)));
  const a1 = (1 + g) * x.a;
  const a2 = (1 + g) * y.a;
  const cp1 = Math.hypot(a1, x.b);
  const cp2 = Math.hypot(a2, y.b);
  const hp1 = hueDegrees(x.b, a1);
  const hp2 = hueDegrees(y.b, a2);

  const dL = y.l - x.l;
  const dC = cp2 - cp1;
  const neutral = cp1 * cp2 === 0;
  let dh = 0;
  if (!neutral) {
    dh = hp2 - hp1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin((dh / 2) * DEG);

  const lMean = (x.l + y.l) / 2;
  const cpMean = (cp1 + cp2) / 2;
  let hMean = hp1 + hp2;
  if (!neutral) {
    if (Math.abs(hp1 - hp2) > 180) hMean += hMean < 360 ? 360 : -360;
    hMean /= 2;
  }
  const t =
    1 -
    0.17 * Math.cos((hMean - 30) * DEG) +
    0.24 * Math.cos(2 * hMean * DEG) +
    0.32 * Math.cos((3 * hMean + 6) * DEG) -
    0.2 * Math.cos((4 * hMean - 63) * DEG);
  const dTheta = 30 * Math.exp(-(((hMean - 275) / 25) ** 2));
  const cpMean7 = cpMean ** 7;
  const rc = 2 * Math.sqrt(cpMean7 / (cpMean7 + POW25_7));
  const l50 = (lMean - 50) ** 2;
  const sl = 1 + (0.015 * l50) / Math.sqrt(20 + l50);
  const sc = 1 + 0.045 * cpMean;
  const sh = 1 + 0.015 * cpMean * t;
  const rt = -Math.sin(2 * dTheta * DEG) * rc;
  const fl = dL / (kL * sl);
  const fc = dC / (kC * sc);
  const fh = dH / (kH * sh);
  return Math.sqrt(fl * fl + fc * fc + fh * fh + rt * fc * fh);
}
