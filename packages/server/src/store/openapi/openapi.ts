// The Store API's OpenAPI 3.1 document, generated from the TypeBox schemas its routes are registered with.
import type { FastifyInstance, RouteOptions } from "fastify";

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};

interface RouteSchema {
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  response?: Record<string, JsonSchema>;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Media types of a non-JSON request body (image uploads), for the OpenAPI document. */
    consumes?: string[];
  }
}

/** The Store API error envelope, the `default` response of every operation. */
const ErrorBody = {
  type: "object",
  required: ["success", "error", "message"],
  properties: {
    success: { const: false },
    error: { type: "string", examples: ["Not Found", "VALIDATION_ERROR"] },
    message: { type: "string" },
    errors: {
      type: "object",
      additionalProperties: { type: "array", items: { type: "string" } },
      description: "422 only: messages per field (dotted paths)",
    },
  },
};

// TypeBox keeps its kind under symbol keys, which JSON drops; a round trip also detaches shared objects.
const plain = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

function parametersOf(schema: JsonSchema | undefined, where: "path" | "query"): unknown[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  const aliases = (schema["x-aliases"] ?? {}) as Record<string, string>;
  const parameters: unknown[] = Object.entries(schema.properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: s,
    ...(typeof s["description"] === "string" ? { description: s["description"] } : {}),
  }));
  for (const [alias, canonical] of Object.entries(aliases)) {
    const s = schema.properties[canonical];
    if (s) parameters.push({ name: alias, in: where, schema: s, description: `alias of ${canonical}` });
  }
  return parameters;
}

function requestBodyOf(schema: RouteSchema, consumes: string[] | undefined): unknown {
  if (schema.body) return { required: true, content: { "application/json": { schema: plain(schema.body) } } };
  if (!consumes) return undefined;
  const binary = { type: "string", contentMediaType: "application/octet-stream" };
  return {
    required: true,
    content: Object.fromEntries(
      consumes.map((type) => [
        type,
        {
          schema:
            type === "multipart/form-data"
              ? {
                  type: "object",
                  required: ["image"],
                  properties: { image: binary, is_primary: { type: "boolean" } },
                }
              : binary,
        },
      ]),
    ),
  };
}

/**
 * Records the routes of the context it is installed on (call before they are registered) and builds the
 * document on demand: paths with `{id}` parameters, query parameters with their aliases, JSON or upload
 * bodies, responses per status plus the error envelope, bearer authentication, and `webhooks` (the body of
 * each event type, from `webhooks`).
 */
export function collectOpenApi(
  api: FastifyInstance,
  prefix: string,
  webhooks: Record<string, unknown> = {},
): { document(): unknown } {
  const routes: RouteOptions[] = [];
  api.addHook("onRoute", (route) => {
    routes.push(route);
  });
  let built: unknown;
  return {
    document() {
      built ??= build(routes, prefix, webhooks);
      return built;
    },
  };
}

function build(
  routes: readonly RouteOptions[],
  prefix: string,
  webhookBodies: Record<string, unknown>,
): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m) => m !== "HEAD");
    const path = route.url.slice(prefix.length).replace(/:(\w+)/g, "{$1}");
    const schema = (route.schema ?? {}) as RouteSchema;
    const responses: Record<string, unknown> = {};
    for (const [status, body] of Object.entries(schema.response ?? {}))
      responses[status] = {
        description: `HTTP ${status}`,
        content: { "application/json": { schema: plain(body) } },
      };
    responses["default"] = { description: "error", content: { "application/json": { schema: ErrorBody } } };
    const requestBody = requestBodyOf(schema, route.config?.consumes);
    for (const method of methods) {
      (paths[path] ??= {})[method.toLowerCase()] = {
        operationId: `${method.toLowerCase()}${path.replace(/[{}]/g, "").replace(/[/_-](\w)/g, (_m, c: string) => c.toUpperCase())}`,
        parameters: [
          ...parametersOf(schema.params && plain(schema.params), "path"),
          ...parametersOf(schema.querystring && plain(schema.querystring), "query"),
        ],
        ...(requestBody === undefined ? {} : { requestBody }),
        responses,
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Pixl Store API",
      version: "1",
      description: "The Pixlpay External API v1 as Pixl serves it. Generated from the route schemas.",
    },
    servers: [{ url: prefix }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "sk_live_…" } },
    },
    paths,
    // OpenAPI 3.1 webhooks: what Pixl POSTs to a subscribed endpoint, one entry per event type.
    webhooks: Object.fromEntries(
      Object.entries(webhookBodies).map(([type, body]) => [
        type,
        {
          post: {
            operationId: `event${type.replace(/(^|[._])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
            requestBody: { required: true, content: { "application/json": { schema: plain(body) } } },
            responses: { "200": { description: "any 2xx acknowledges the delivery" } },
          },
        },
      ]),
    ),
  };
}
