// The SDK's generated types against the server's contracts: fails when a route or Studio schema changed
// without `npm run generate -w @pixl/sdk`.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedDir, renderGenerated } from "../scripts/generate.js";

describe("generated SDK types", () => {
  let fresh: Record<string, string>;
  beforeAll(async () => {
    fresh = await renderGenerated();
  });

  it("match what the server's OpenAPI documents and Studio contract generate today", async () => {
    expect(Object.keys(fresh).sort()).toEqual(["agent-api.ts", "store-api.ts", "studio-api.ts"]);
    for (const [name, text] of Object.entries(fresh)) {
      const onDisk = await readFile(path.join(generatedDir, name), "utf8");
      expect(onDisk, `src/generated/${name} is stale: run npm run generate -w @pixl/sdk`).toBe(text);
    }
  });

  it("cover every endpoint and event the server documents", () => {
    const store = fresh["store-api.ts"] ?? "";
    for (const key of [
      "GET /orders",
      "POST /orders/{id}/fulfill",
      "GET /analytics/revenue",
      "GET /analytics/customers/timeline",
      "POST /webhooks",
    ])
      expect(store).toContain(`"${key}": {`);
    expect(store).toContain('"order.received": {');
    const agent = fresh["agent-api.ts"] ?? "";
    for (const key of [
      "GET /agent/commands/pending",
      "POST /agent/commands/{id}/confirm",
      "POST /agent/commands/{id}/fail",
      "GET /discord-agent/pending",
      "POST /discord-agent/claim",
      "POST /discord-agent/confirm/{id}",
      "POST /discord-agent/fail/{id}",
    ])
      expect(agent).toContain(`"${key}": {`);
    // Every agent operation has a typed answer (the batch confirm was `unknown` without its schema), and
    // both agents' fail bodies take the same deferral.
    expect(agent).not.toContain("response: unknown");
    const section = (key: string) => agent.slice(agent.indexOf(`"${key}": {`)).split(/\n {2}"/)[0] ?? "";
    expect(section("POST /agent/commands/confirm")).toContain("changed: boolean");
    for (const key of ["POST /agent/commands/{id}/fail", "POST /discord-agent/fail/{id}"])
      expect(section(key), key).toContain("retry_after_seconds?: number");
  });
});
