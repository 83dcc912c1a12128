// The editor API's OpenAPI 3.1 document, generated from its schemas (editor/editor.schema.ts). Served at
// /studio/editor/openapi.json (public, like the Studio one at /api/studio/v1/openapi.json).
import type { TObject, TSchema } from "@sinclair/typebox";
import { EDITOR_PREFIX } from "../editor/editor.paths.js";
import {
  Approved,
  EditorErrorBody,
  EditorMe,
  FileParams,
  ItemDetail,
  QueuePage,
  QueueQuery,
  ReturnBody,
  TicketParams,
  VersionParams,
} from "../editor/editor.schema.js";
import { toJsonSchema } from "./studio-openapi.js";

type Json = Record<string, unknown>;

const json = (s: TSchema) => ({ "application/json": { schema: toJsonSchema(s) } });
const UPLOAD_TYPES = [
  "image/jpeg",
  "image/png",
  "image/tiff",
  "image/vnd.adobe.photoshop",
  "application/octet-stream",
];
const upload = {
  required: true,
  description: "The edited file as the raw body; its type is read from its bytes, never from the header",
  content: Object.fromEntries(
    UPLOAD_TYPES.map((t) => [t, { schema: { type: "string", contentMediaType: t } }]),
  ),
};
const errors = {
  default: {
    description:
      "401 no or wrong credentials, 403 not an editor or no CSRF token, 404 not in your queue, 409 wrong step " +
      "or someone else got there first, 413 too large, 415 not the expected format, 422 malformed",
    content: json(EditorErrorBody),
  },
};

/** Path (and query) parameters of an operation, from a TypeBox object. */
function parameters(where: "path" | "query", schema: TObject): Json[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: toJsonSchema(s),
  }));
}

function op(
  operationId: string,
  summary: string,
  answer: Json,
  extra: { params?: TObject; query?: TObject; body?: Json } = {},
): Json {
  return {
    operationId,
    summary,
    tags: ["Editor"],
    servers: [{ url: EDITOR_PREFIX }],
    security: [{ editorKey: [] }, { consoleSession: [], csrfToken: [] }],
    ...(extra.params || extra.query
      ? {
          parameters: [
            ...(extra.params ? parameters("path", extra.params) : []),
            ...(extra.query ? parameters("query", extra.query) : []),
          ],
        }
      : {}),
    ...(extra.body ? { requestBody: extra.body } : {}),
    responses: { "200": answer, ...errors },
  };
}

const item = (description: string) => ({ description, content: json(ItemDetail) });

/** The editor API's paths, relative to /studio/editor. */
export function editorPaths(): Record<string, Record<string, Json>> {
  return {
    "/me": {
      get: op("editorMe", "Who you are signed in as, and whose queue you work", {
        description: "the editor",
        content: json(EditorMe),
      }),
    },
    "/queue": {
      get: op(
        "editorQueue",
        "The queue, oldest first: waiting (62) by default, or claimed, submitted or all open items",
        { description: "a page of queue items", content: json(QueuePage) },
        { query: QueueQuery },
      ),
    },
    "/images/{ticket}": {
      get: op(
        "editorGetItem",
        "One queue item: instructions, report, colour versions, files and history",
        item("the item"),
        { params: TicketParams },
      ),
    },
    "/images/{ticket}/files/{name}": {
      get: op(
        "editorDownloadFile",
        "Download source-1…, swatch-1…, color-reference, draft, result or version-1…",
        {
          description: "the file, as an attachment",
          content: {
            "application/octet-stream": { schema: { type: "string", contentMediaType: "image/*" } },
          },
        },
        { params: FileParams },
      ),
    },
    "/images/{ticket}/claim": {
      post: op(
        "editorClaim",
        "Take the image (62 → 64); one of several editors claiming at once wins",
        item("the item"),
        {
          params: TicketParams,
        },
      ),
    },
    "/images/{ticket}/result": {
      put: op(
        "editorSubmitResult",
        "Upload the edited result in the template's output format (64 → 66; the claiming editor only)",
        item("the item"),
        { params: TicketParams, body: upload },
      ),
    },
    "/images/{ticket}/versions/{position}": {
      put: op(
        "editorSubmitVersion",
        "Upload colour version n made by hand (while claimed, or at 66 as QA); the status does not change",
        item("the item"),
        { params: VersionParams, body: upload },
      ),
    },
    "/images/{ticket}/approve": {
      post: op(
        "editorApprove",
        "QA approves the result (66 → 70): delivered with every colour version, charged once",
        { description: "the image is finished", content: json(Approved) },
        { params: TicketParams },
      ),
    },
    "/images/{ticket}/return": {
      post: op(
        "editorReturn",
        "Send the image back to the queue (64 → 62 by its editor, 66 → 62 by QA) with an optional note",
        item("the item"),
        { params: TicketParams, body: { required: false, content: json(ReturnBody) } },
      ),
    },
  };
}

/** Both ways to authenticate: an editor key (scripts) or a console session of an editor account. */
export const editorSecuritySchemes = {
  editorKey: {
    type: "http",
    scheme: "bearer",
    description: "An editor key, pxe_… (pixl studio editor create)",
  },
  consoleSession: {
    type: "apiKey",
    in: "cookie",
    name: "pixl_session",
    description: "A console session of an account with the role editor (__Host-pixl_session over https)",
  },
  csrfToken: {
    type: "apiKey",
    in: "header",
    name: "X-CSRF-Token",
    description: "With a session, on POST and PUT: the csrf_token of GET /api/console/v1/session",
  },
};

let cached: Json | undefined;

/** The document (built once). */
export function editorOpenApi(): Json {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Pixl editor API",
      version: "1",
      description:
        "The human editors' queue: images the automatic editor could not do with confidence, and rejected " +
        "images with a comment. Claim (62 → 64), upload the result (66), approve (70) or return (62); every " +
        "step is recorded with who did it. Errors are Pixl's JSON envelope {error, message}.",
    },
    servers: [{ url: EDITOR_PREFIX }],
    tags: [{ name: "Editor", description: "The editor queue (status 62 → 64 → 66 → 70)" }],
    paths: editorPaths(),
    components: { securitySchemes: editorSecuritySchemes },
  };
  return cached;
}
