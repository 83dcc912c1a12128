// Reads the server's own contracts: the Store and agent APIs' OpenAPI documents (as the app serves them) and
// the Studio method table, so the SDK's types come from the same schemas the server validates with.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../../server/src/app.js";
import { loadConfig } from "../../server/src/core/config/index.js";
import { createLogger } from "../../server/src/core/logging/logger.js";
import { studioErrorCodes } from "../../server/src/studio/studio-errors.js";
import { studioContract } from "../../server/src/studio/studio.contract.js";
import type { JsonSchema } from "./render-types.js";

export interface OpenApiOperation {
  operationId: string;
  parameters: {
    name: string;
    in: "path" | "query";
    required: boolean;
    schema: JsonSchema;
    description?: string;
  }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: JsonSchema }> } } }>;
}

/** The Store API's and the agent APIs' OpenAPI documents, as an app built on a throwaway SQLite file serves them. */
export async function readOpenApiDocuments(): Promise<{ store: OpenApiDocument; agent: OpenApiDocument }> {
  const dir = mkdtempSync(path.join(tmpdir(), "pixl-sdk-gen-"));
  const app = createApp(
    loadConfig({
      DATABASE_URL: `sqlite:${path.join(dir, "pixl.db")}`,
      PIXL_DATA_DIR: dir,
      PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
    }),
    { logger: createLogger({ level: "silent" }) },
  );
  const read = async (url: string) => {
    const r = await app.http.app.inject({ method: "GET", url });
    if (r.statusCode !== 200) throw new Error(`${url} answered ${r.statusCode}`);
    return r.json<OpenApiDocument>();
  };
  try {
    return {
      store: await read("/api/external/v1/openapi.json"),
      agent: await read("/api/v1/agent/openapi.json"),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StudioMethodSource {
  name: string;
  http: { method: string; path: string } | undefined;
  request: JsonSchema;
  response: JsonSchema;
}

/** Every Studio operation of the contract with its schemas as plain JSON. */
export function readStudioContract(): { methods: StudioMethodSource[]; errorCodes: readonly string[] } {
  const methods = Object.entries(studioContract).map(([name, op]) => ({
    name,
    http: "http" in op ? op.http : undefined,
    request: JSON.parse(JSON.stringify(op.request)) as JsonSchema,
    response: JSON.parse(JSON.stringify(op.response)) as JsonSchema,
  }));
  return { methods, errorCodes: studioErrorCodes };
}
