// GET /api/external/v1/openapi.json: the contract generated from the route schemas, public and complete.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBlobStore } from "../src/core/blobs/index.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";

interface Operation {
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

describe("Store API OpenAPI document", () => {
  let t: StoreTestApp;
  let doc: Document;
  beforeAll(async () => {
    const blobs = createBlobStore(
      { kind: "local", dir: mkdtempSync(path.join(tmpdir(), "pixl-openapi-")) },
      { publicUrl: "http://unused.invalid", signingKey: randomBytes(32) },
    );
    t = await createStoreTestApp("sqlite", { blobs });
    const r = await t.http.app.inject({ method: "GET", url: "/api/external/v1/openapi.json" });
    expect(r.statusCode).toBe(200);
    doc = r.json<Document>();
  });
  afterAll(async () => {
    await t.close();
  });

  it("is served without a token and lists every endpoint of the spec's table with its methods", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "/api/external/v1" }]);
    const expected: [string, string[]][] = [
      ["/products", ["get", "post"]],
      ["/products/{id}", ["get", "put", "patch", "delete"]],
      ["/products/{id}/images", ["post"]],
      ["/products/{id}/images/{imageId}", ["delete"]],
      ["/categories/{id}/image", ["post", "delete"]],
      ["/orders", ["get", "post"]],
      ["/orders/{id}", ["get"]],
      ["/orders/{id}/fulfill", ["post"]],
      ["/customers", ["get"]],
      ["/customers/{id}/orders", ["get"]],
      ["/analytics/revenue", ["get"]],
      ["/analytics/sales", ["get"]],
      ["/analytics/customers", ["get"]],
      ["/analytics/customers/timeline", ["get"]],
      ["/subscriptions", ["get"]],
      ["/coupons", ["get"]],
      ["/gift-cards", ["get"]],
      ["/tokens", ["get", "post"]],
    ];
    for (const [p, methods] of expected) {
      expect(Object.keys(doc.paths), p).toContain(p);
      for (const m of methods) expect(doc.paths[p], `${m} ${p}`).toHaveProperty(m);
    }
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops)) {
        expect(op.responses, `${m} ${p}`).toHaveProperty("default");
        for (const name of p.match(/\{(\w+)\}/g) ?? [])
          expect(
            op.parameters.map((x) => x.name),
            `${m} ${p}`,
          ).toContain(name.slice(1, -1));
      }
  });

  it("carries filters with their values and aliases, bodies and response shapes from the schemas", () => {
    const list = doc.paths["/orders"]?.["get"];
    const status = list?.parameters.find((x) => x.name === "status");
    expect(status).toMatchObject({ in: "query", required: false });
    expect(JSON.stringify(status?.schema)).toContain('"pending"');
    expect(list?.parameters.map((x) => x.name)).toEqual(
      expect.arrayContaining(["page", "per_page", "from", "to", "sort", "order", "sort_by", "start_date"]),
    );
    const created = doc.paths["/products"]?.["post"];
    expect(created?.requestBody?.content["application/json"]?.schema).toMatchObject({
      required: expect.arrayContaining(["name", "price"]) as unknown,
    });
    expect(created?.responses["201"]?.content["application/json"]?.schema).toMatchObject({
      properties: { success: {}, data: { properties: { images: {}, price: {} } } },
    });
    const upload = doc.paths["/products/{id}/images"]?.["post"];
    expect(Object.keys(upload?.requestBody?.content ?? {})).toContain("multipart/form-data");
    expect(upload?.parameters.find((x) => x.name === "is_primary")).toMatchObject({ in: "query" });
    const timeline = doc.paths["/analytics/customers/timeline"]?.["get"];
    expect(timeline?.parameters.map((x) => x.name)).toEqual(
      expect.arrayContaining(["from", "to", "granularity", "group_by", "start_date", "end_date"]),
    );
    expect(timeline?.responses["200"]?.content["application/json"]?.schema).toMatchObject({
      properties: {
        data: {
          properties: { new_customers: {}, timeline: { items: { required: ["date", "new_customers"] } } },
        },
      },
    });
  });

  it("describes the body of every webhook event type, with the object its data carries", () => {
    const webhooks = (
      doc as unknown as { webhooks: Record<string, { post: Operation & { requestBody: unknown } }> }
    ).webhooks;
    expect(Object.keys(webhooks)).toEqual(
      expect.arrayContaining(["order.received", "product.updated", "webhook.test"]),
    );
    const order = webhooks["order.received"]?.post.requestBody as {
      content: Record<
        string,
        {
          schema: { required: string[]; properties: Record<string, { const?: string; required?: string[] }> };
        }
      >;
    };
    const schema = order.content["application/json"]?.schema;
    expect(schema?.required).toEqual(["id", "event_type", "created_at", "data"]);
    expect(schema?.properties["event_type"]?.const).toBe("order.received");
    expect(schema?.properties["data"]?.required).toEqual(
      expect.arrayContaining(["order_number", "customer", "items"]),
    );
  });
});
