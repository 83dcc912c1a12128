// GET /api/studio/v1/openapi.json: a valid OpenAPI 3.1 document generated from the Studio contract, listing
// exactly the REST routes the server answers, whose real answers match the documented schemas.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { studioContract, type OperationDescriptor } from "../src/studio/studio.contract.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

describe("Studio OpenAPI document", () => {
  let t: StudioTestApp;
  let doc: Document;
  let alice: StudioAccount;
  beforeAll(async () => {
    t = await createStudioTestApp("sqlite");
    alice = await t.createContact("alice@shop.test", { directUpload: true });
    const r = await t.app.http.app.inject({ url: "/api/studio/v1/openapi.json" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    doc = r.json<Document>();
    const same = await t.app.http.app.inject({ url: "/REST.svc/openapi.json" });
    expect(same.json()).toEqual(doc);
  });
  afterAll(() => t.close());

  it("validates against the OpenAPI 3.1 schema, and every inner schema compiles as JSON Schema 2020-12", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    const ajv = addFormats.default(new Ajv2020({ strict: true, strictTypes: false, allowUnionTypes: true }));
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) {
        for (const c of Object.values(op.requestBody?.content ?? {})) ajv.compile(c.schema);
        for (const r of Object.values(op.responses))
          for (const c of Object.values(r.content ?? {})) ajv.compile(c.schema);
      }
  });

  it("has one operation per contract route (and none the contract lacks)", () => {
    const expected = Object.entries(studioContract).flatMap(([name, d]) => {
      const http = (d as OperationDescriptor).http;
      return http ? [`${http.method.toLowerCase()} /${http.path} ${name}`] : [];
    });
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags.includes("Studio"))
        .map(([m, op]) => `${m} ${p} ${op.operationId}`),
    );
    expect(documented.sort()).toEqual(expected.sort());
    expect(doc.servers).toEqual([{ url: "/REST.svc/JSON" }]);
    const status = doc.paths["/Image/{imageTicket}"]?.["get"];
    expect(status?.parameters?.map((p) => `${p.in}:${p.name}:${String(p.required)}`)).toEqual([
      "path:imageTicket:true",
      "query:contactEmail:true",
      "query:contactAPIkey:true",
      "query:developerAPIkey:false",
      "query:customerImageId:false",
    ]);
    const reject = doc.paths["/Image/Reject/{imageTicket}"]?.["put"];
    expect(reject?.requestBody?.content["application/json"]?.schema).toMatchObject({
      properties: { comment: { type: "string" }, markupImageUrl: { type: "string" } },
      required: ["contactEmail", "contactAPIkey"],
    });
  });

  it("matches the server: every documented call is routed, and its real answer fits the documented 200 schema", async () => {
    const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
    const creds = { contactEmail: alice.email, contactAPIkey: alice.key };
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        if (!op.tags.includes("Studio")) continue;
        const url = `/REST.svc/JSON${p.replace(/\{\w+\}/g, "00000000-0000-0000-0000-000000000001")}`;
        const r =
          method === "get"
            ? await t.app.http.app.inject({ method: "GET", url, query: creds })
            : await t.app.http.app.inject({
                method: method.toUpperCase() as "POST",
                url,
                headers: { "content-type": "application/json" },
                payload: JSON.stringify(creds),
              });
        expect(r.statusCode, `${method} ${p}`).toBe(200);
        const schema = op.responses["200"]?.content?.["application/json"]?.schema ?? {};
        const validate = ajv.compile(schema);
        const body: unknown = r.json();
        expect(validate(body) ? [] : validate.errors, `${method} ${p}: ${r.body}`).toEqual([]);
      }
  });

  it("documents the console endpoints with their own server and header credentials", () => {
    const preview = doc.paths["/previews"]?.["post"] as Operation & { servers: { url: string }[] };
    expect(preview.servers).toEqual([{ url: "/api/studio/v1" }]);
    expect(Object.keys(preview.responses["200"]?.content ?? {})).toEqual(["image/jpeg", "image/png"]);
    expect(
      doc.paths["/finals.zip"]?.["post"]?.requestBody?.content["application/json"]?.schema,
    ).toMatchObject({
      required: ["imageTickets"],
    });
  });
});
