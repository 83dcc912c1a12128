// The studio callback as a ready handler (what the seed's C#, PHP and Node receivers do by hand): verify,
// refuse unsigned or tampered calls with 401, read any body encoding, run each callback once.
import { createMemoryDedupeStore, createStudioWebhookHandler, toFetchHandler } from "@pixl/sdk";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";
import { serveFetch } from "./support/serve-fetch.js";

export function createStudioRouteHandler(env: ExampleEnv = process.env, print: Print = console.log) {
  return toFetchHandler(
    createStudioWebhookHandler({
      secret: required(env, "MY_APPLICATION_SECRET_CODE"),
      dedupe: createMemoryDedupeStore(),
      onImage: (c) =>
        print(`Image ${c.imageTicket} (${c.customerImageId || "no id"}) is ready: ${c.processedImageURL}`),
    }),
  );
}

if (isMain(import.meta.url)) serveFetch(createStudioRouteHandler()).listen(3000);
