// Bundles the client core (src/index.ts, minified, ESM) and prints its gzipped size; target < 15 KB.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const result = await build({
  entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  write: false,
});
const bytes = result.outputFiles[0]?.contents ?? new Uint8Array();
const gz = gzipSync(bytes).length;
process.stdout.write(`client core: ${bytes.length} bytes minified, ${gz} bytes gzipped (target < 15360)\n`);
if (gz >= 15 * 1024) process.exitCode = 1;
