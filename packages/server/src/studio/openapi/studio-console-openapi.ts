// The console's JSON endpoints (/api/studio/v1) in the Studio OpenAPI document, from their route schemas.
import type { TSchema } from "@sinclair/typebox";
import { STUDIO_CONSOLE_PREFIX } from "../console/studio-console.paths.js";
import { ConsoleError, FinalsZipBody, ImageDetail, PreviewBody } from "../console/studio-console.schema.js";

type Json = Record<string, unknown>;

const plain = (s: TSchema): Json => JSON.parse(JSON.stringify(s)) as Json;
const json = (s: TSchema) => ({ "application/json": { schema: plain(s) } });
const binary = (type: string) => ({ [type]: { schema: { type: "string", contentMediaType: type } } });
const errors = { default: { description: "error", content: json(ConsoleError) } };
const common = {
  tags: ["Console"],
  servers: [{ url: STUDIO_CONSOLE_PREFIX }],
  security: [{ contactEmail: [], contactKey: [] }],
};

/** Paths relative to /api/studio/v1 (each operation names that server). */
export function consolePaths(): Record<string, Record<string, Json>> {
  return {
    "/images/{ticket}": {
      get: {
        ...common,
        operationId: "consoleGetImage",
        summary: "One of your images: status, source and final links, instructions and rejections",
        parameters: [{ name: "ticket", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "the image",
            content: {
              "application/json": { schema: { type: "object", properties: { data: plain(ImageDetail) } } },
            },
          },
          ...errors,
        },
      },
    },
    "/previews": {
      post: {
        ...common,
        operationId: "consolePreviewTemplate",
        summary:
          "The template applied to a downscaled copy of one of your photos (at most 800 px); 30 a minute",
        requestBody: { required: true, content: json(PreviewBody) },
        responses: {
          "200": {
            description: "the preview; X-Pixl-Preview-Size and X-Pixl-Preview-Scale (preview over final)",
            content: { ...binary("image/jpeg"), ...binary("image/png") },
          },
          ...errors,
        },
      },
    },
    "/finals.zip": {
      post: {
        ...common,
        operationId: "consoleDownloadFinals",
        summary: "The finals of up to 100 finished images as one ZIP (2 GiB at most); counts as downloaded",
        requestBody: { required: true, content: json(FinalsZipBody) },
        responses: {
          "200": { description: "a ZIP archive, streamed", content: binary("application/zip") },
          ...errors,
        },
      },
    },
  };
}
