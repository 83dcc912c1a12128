// The Studio REST JSON API as an OpenAPI 3.1 document, derived from the one contract (studio.contract.ts).
import type { TSchema } from "@sinclair/typebox";
import { studioContract, type OperationDescriptor } from "../studio.contract.js";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

// TypeBox keeps its kind under symbol keys, which JSON drops.
const plain = (schema: TSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

/**
 * Every REST operation under `/REST.svc/JSON/`: path members become path parameters; the rest are query
 * parameters on GET and DELETE, a JSON body otherwise (the wire layer also reads a body's members from the
 * query, and the query's from the body; the document shows the usual place). Answers are always HTTP 200
 * with `ErrorCode` saying how it went.
 */
export function studioOpenApi(publicUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, descriptor] of Object.entries(studioContract) as [string, OperationDescriptor][]) {
    if (!descriptor.http) continue;
    const { method, path } = descriptor.http;
    const request = plain(descriptor.request);
    const inPath = new Set([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ""));
    const required = new Set(request.required ?? []);
    const members = Object.entries(request.properties ?? {});
    const withBody = method === "POST" || method === "PUT";
    const parameters = members
      .filter(([k]) => inPath.has(k) || !withBody)
      .map(([k, schema]) => ({
        name: k,
        in: inPath.has(k) ? "path" : "query",
        required: inPath.has(k) || required.has(k),
        schema,
      }));
    const bodyMembers = withBody ? members.filter(([k]) => !inPath.has(k)) : [];
    (paths[`/${path}`] ??= {})[method.toLowerCase()] = {
      operationId: name,
      parameters,
      ...(bodyMembers.length === 0
        ? {}
        : {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: Object.fromEntries(bodyMembers),
                    required: bodyMembers.map(([k]) => k).filter((k) => required.has(k)),
                  },
                },
              },
            },
          }),
      responses: {
        200: {
          description: "The answer; ErrorCode NoError on success",
          content: { "application/json": { schema: plain(descriptor.response) } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Pixl Studio API (Pixelz-compatible REST JSON)", version: "1" },
    servers: [{ url: `${publicUrl}/REST.svc/JSON` }],
    paths,
  };
}
