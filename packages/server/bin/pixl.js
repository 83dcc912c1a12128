#!/usr/bin/env node
// The `pixl` executable: runs the built CLI (dist/), built by `npm install` / `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/main/pixl.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("pixl: not built yet; run `npm run build` in the Pixl checkout first\n");
  process.exit(1);
}
await import(entry.href);
