// The Studio REST JSON API's OpenAPI 3.1 document, generated from the contract (studio.contract.ts) and its
// request/response schemas, plus the console's JSON endpoints. Served at /api/studio/v1/openapi.json.
import type { TSchema } from "@sinclair/typebox";
import { studioContract, type OperationDescriptor, type StudioOperationName } from "../studio.contract.js";
import { BaseResponse } from "../studio-responses.schema.js";
import { consolePaths } from "./studio-console-openapi.js";

/** The Studio REST JSON endpoint every contract path is relative to. */
export const STUDIO_JSON_SERVER = "/REST.svc/JSON";

type Json = Record<string, unknown>;

/** One line per operation, for the reference (the contract holds the shapes, this the words). */
export const operationSummaries: Record<StudioOperationName, string> = {
  requestPresignUrls: "Presigned upload and download URLs for direct upload (one pair per file name)",
  addTemplate: "Create a template (deprecated in the seed, still served); answers its id and price",
  getTemplate: "One of your templates, every field",
  listTemplates: "Your templates",
  addImage: "Submit a photo to be edited with a template",
  addWhiteGloveImage: "Submit a photo; the service chooses the treatment",
  addStackImage: "Submit one photo of a focus stack",
  addColorLibrary: "Record swatch images; answers one colorway id per URL",
  deleteImage: "Delete an image that is not in production yet",
  getImageStatus: "An image's status, finals and thumbnail",
  listImages: "Your images, filtered, sorted and paged",
  countImages: "How many of your images match the filters",
  listProductIds: "Your product ids with done and to-do counts",
  rejectImage: "Reject a finished image with a comment and a markup image; it is edited again",
  createContact: "A partner creates a contact (deprecated in the seed, still served)",
  getContact: "Your account: balance, trial images, days of credit",
  editContact: "SOAP only: change your account's details",
  listInvoices: "Your invoices, newest first, with PDF and payment links",
};

/** Plain JSON Schema: TypeBox's symbol keys and the XML-only annotations dropped, GUIDs marked. */
export function toJsonSchema(schema: TSchema): Json {
  return JSON.parse(
    JSON.stringify(schema, (key, value: unknown) => {
      if (key === "x-dc") return undefined;
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const v = { ...(value as Json) };
        if (v["x-xsd"] === "guid") v["format"] = "uuid";
        delete v["x-xsd"];
        return v;
      }
      return value;
    }),
  ) as Json;
}

function without(schema: Json, names: readonly string[]): Json {
  const properties = Object.fromEntries(
    Object.entries((schema["properties"] ?? {}) as Record<string, Json>).filter(([n]) => !names.includes(n)),
  );
  const required = ((schema["required"] ?? []) as string[]).filter((r) => !names.includes(r));
  return { ...schema, properties, ...(required.length > 0 ? { required } : { required: undefined }) };
}

function operationOf(name: StudioOperationName, d: OperationDescriptor): [string, string, Json] | undefined {
  if (d.http === undefined) return undefined;
  const { method, path } = d.http;
  const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  const request = toJsonSchema(d.request);
  const props = (request["properties"] ?? {}) as Record<string, Json>;
  const required = new Set((request["required"] ?? []) as string[]);
  const parameters: Json[] = pathParams.map((p) => ({
    name: p,
    in: "path",
    required: true,
    schema: props[p] ?? { type: "string" },
  }));
  const rest = JSON.parse(JSON.stringify(without(request, pathParams))) as Json;
  let requestBody: Json | undefined;
  if (method === "GET") {
    for (const [n, s] of Object.entries((rest["properties"] ?? {}) as Record<string, Json>)) {
      // Lists in a query are repeated members (imageNames=a&imageNames=b).
      parameters.push({ name: n, in: "query", required: required.has(n), schema: s });
    }
  } else {
    requestBody = { required: true, content: { "application/json": { schema: rest } } };
  }
  return [
    `/${path}`,
    method.toLowerCase(),
    {
      operationId: name,
      summary: operationSummaries[name],
      tags: ["Studio"],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: {
        "200": {
          description:
            "The response type. Application errors are HTTP 200 too, with ErrorCode other than NoError.",
          content: { "application/json": { schema: toJsonSchema(d.response) } },
        },
        default: {
          description: "Transport errors: unreadable body 400, 404 unknown method, 405, 413, 500",
          content: { "application/json": { schema: toJsonSchema(BaseResponse) } },
        },
      },
    },
  ];
}

let cached: Json | undefined;

/** The document (built once). Every contract operation with a REST route is a path under the server. */
export function studioOpenApi(): Json {
  if (cached) return cached;
  const paths: Record<string, Record<string, Json>> = {};
  for (const [name, d] of Object.entries(studioContract) as [StudioOperationName, OperationDescriptor][]) {
    const op = operationOf(name, d);
    if (op) (paths[op[0]] ??= {})[op[1]] = op[2];
  }
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Pixl Studio API (REST JSON)",
      version: "1",
      description:
        "The Pixelz Developer API as Pixl serves it over REST JSON, generated from the same contract as " +
        "the server's routes, XML and SOAP. Every call carries contactEmail and contactAPIkey (GET in the " +
        "query, other verbs in the JSON body). The console endpoints under /api/studio/v1 take them in " +
        "headers.",
    },
    servers: [{ url: STUDIO_JSON_SERVER }],
    tags: [
      {
        name: "Studio",
        description: "The Pixelz Developer API (also at /REST.svc/<Method> as XML, and SOAP)",
      },
      { name: "Console", description: "Pixl's own JSON endpoints for the web console" },
    ],
    paths: { ...paths, ...consolePaths() },
    components: {
      securitySchemes: {
        contactEmail: { type: "apiKey", in: "header", name: "X-Pixl-Contact-Email" },
        contactKey: { type: "apiKey", in: "header", name: "X-Pixl-Contact-Key" },
      },
    },
  };
  return cached;
}
