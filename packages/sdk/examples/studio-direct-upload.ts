// Mirrors the seed's "Direct upload of images" (POST RequestPresignUrls): presigned upload URLs for local
// files, a PUT of each, and the DownloadUrl to use as imageURL in the rest of the API.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createStudioClient, type PresignUrl } from "@pixl/sdk";
import { isMain, studioOptions, type ExampleEnv, type Print } from "./support/example-env.js";

export async function directUpload(
  files: readonly string[],
  env: ExampleEnv = process.env,
  print: Print = console.log,
): Promise<PresignUrl[]> {
  const studio = createStudioClient(studioOptions(env));

  // One RequestPresignUrls call for all the names, then one PUT per file.
  const pairs = await studio.uploadMany(
    await Promise.all(files.map(async (f) => ({ name: path.basename(f), data: await readFile(f) }))),
  );
  for (const p of pairs) print(`${p.ImageName} uploaded: ${p.DownloadUrl}`);
  return pairs;
}

if (isMain(import.meta.url)) await directUpload(process.argv.slice(2));
