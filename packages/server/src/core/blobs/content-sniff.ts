// What a file's first bytes say it is (magic numbers), for checks that must never trust a declared Content-Type.

/** How many leading bytes `sniffImageType` needs to tell every type it knows. */
export const SNIFF_BYTES = 12;

function ascii(b: Uint8Array, from: number, to: number): string {
  return Buffer.from(b.subarray(from, to)).toString("latin1");
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const signatures: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/png", test: (b) => PNG.every((v, i) => b[i] === v) },
  { type: "image/gif", test: (b) => ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a" },
  { type: "image/webp", test: (b) => ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP" },
  { type: "image/tiff", test: (b) => ascii(b, 0, 4) === "II*\0" || ascii(b, 0, 4) === "MM\0*" },
  { type: "image/bmp", test: (b) => ascii(b, 0, 2) === "BM" },
  {
    type: "image/avif",
    test: (b) => ascii(b, 4, 8) === "ftyp" && /^(avif|avis)$/.test(ascii(b, 8, 12)),
  },
];

/** The image type the bytes start with (`image/png` …), or undefined when they are not a known image. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return signatures.find((s) => s.test(bytes))?.type;
}
