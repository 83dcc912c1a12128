// Writes src/generated/*.ts from the server's contracts (run `npm run generate -w @pixl/sdk` after changing a
// route or Studio schema; test/generated.test.ts fails while the files are stale).
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "prettier";
import { readOpenApiDocuments, readStudioContract } from "./contract-sources.js";
import { renderAgentModule, renderStoreModule, renderStudioModule } from "./render-sdk-types.js";

export const generatedDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/generated");

/** The generated modules, formatted, by file name. */
export async function renderGenerated(): Promise<Record<string, string>> {
  const studio = readStudioContract();
  const openapi = await readOpenApiDocuments();
  const files = {
    "agent-api.ts": renderAgentModule(openapi.agent),
    "store-api.ts": renderStoreModule(openapi.store),
    "studio-api.ts": renderStudioModule(studio.methods, studio.errorCodes),
  };
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files))
    out[name] = await format(text, { parser: "typescript", printWidth: 110 });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of Object.entries(await renderGenerated())) {
    await writeFile(path.join(generatedDir, name), text);
    process.stdout.write(`wrote src/generated/${name}\n`);
  }
}
