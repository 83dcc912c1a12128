// GET /studio/editor/openapi.json: a valid OpenAPI 3.1 document generated from the editor API's schemas,
// listing exactly the routes the server answers under /studio/editor, whose real answers (items, pages,
// errors) match the documented schemas.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEditor } from "../src/studio/editor/editor-account.js";
import { sendToEditor } from "../src/studio/editor/editor-queue.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { createProductPhoto } from "./support/studio-photos.js";

interface Operation {
  operationId: string;
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

/** `METHOD /path` of every route in fastify's printRoutes tree (`:param` written `{param}`). */
function routesOf(tree: string): string[] {
  const stack: string[] = [];
  const out: string[] = [];
  for (const line of tree.split("\n")) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([^)]+)\))?$/u.exec(line);
    if (!m) continue;
    stack.length = (m[1] ?? "").length / 4;
    stack.push(m[2] ?? "");
    const path = stack.join("").replace(/:(\w+)/g, "{$1}");
    for (const method of (m[3] ?? "").split(", ").filter((x) => x !== "" && x !== "HEAD"))
      out.push(`${method} ${path}`);
  }
  return out;
}

describe("Editor API OpenAPI document", () => {
  let t: StudioTestApp;
  let doc: Document;
  let shop: StudioAccount;
  let key: string;
  beforeAll(async () => {
    t = await createStudioTestApp("sqlite");
    shop = await t.createContact("openapi-editor@shop.test", { creditLimit: 10_000 });
    key = (await createEditor(t.app.database.kysely, t.clock, shop.id, "Ann")).key;
    const r = await t.app.http.app.inject({ url: "/studio/editor/openapi.json" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toMatch(/^application\/json/);
    doc = r.json<Document>();
  });
  afterAll(() => t.close());

  it("validates against the OpenAPI 3.1 schema, and every inner schema compiles as JSON Schema 2020-12", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(validator.version).toBe("3.1");
    const ajv = addFormats.default(new Ajv2020({ strict: true, strictTypes: false, allowUnionTypes: true }));
    for (const ops of Object.values(doc.paths))
      for (const op of Object.values(ops)) {
        for (const c of Object.values(op.requestBody?.content ?? {})) ajv.compile(c.schema);
        for (const r of Object.values(op.responses))
          for (const c of Object.values(r.content ?? {})) ajv.compile(c.schema);
      }
  });

  it("documents exactly the routes under /studio/editor (but the document itself)", () => {
    const routed = routesOf(t.app.http.app.printRoutes({ commonPrefix: false }))
      .filter((r) => r.includes(" /studio/editor/") && !r.endsWith("/openapi.json"))
      .map((r) => r.replace(" /studio/editor", " "))
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(routed.length).toBeGreaterThan(8);
    expect(documented).toEqual(routed);
    expect(doc.servers).toEqual([{ url: "/studio/editor" }]);
    expect(doc.paths["/queue"]?.["get"]?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
      "query:state",
      "query:limit",
      "query:after",
    ]);
  });

  it("matches the server: real answers fit the documented 200 and error schemas", async () => {
    const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
    const schemaOf = (path: string, method: string, status: string) => {
      const media = doc.paths[path]?.[method]?.responses[status]?.content ?? {};
      return Object.values(media)[0]?.schema ?? {};
    };
    const check = (path: string, method: string, status: string, body: unknown) => {
      const validate = ajv.compile(schemaOf(path, method, status));
      expect(validate(body) ? [] : validate.errors, `${method} ${path} ${JSON.stringify(body)}`).toEqual([]);
    };
    // Two images of the contact, handed to the queue directly (no production needed).
    const templateId = String(
      (
        await t.call("POST", "Template", {
          contactEmail: shop.email,
          contactAPIkey: shop.key,
          templateName: "Plain",
          templateOutputFormat: "JPG",
          deliveryTimeInHour: "72",
          backgroundType: "0",
        })
      ).body["TemplateId"],
    );
    const tickets: string[] = [];
    for (const n of [1, 2]) {
      const posted = await t.call("POST", "Image", {
        contactEmail: shop.email,
        contactAPIkey: shop.key,
        templateId,
        imageURL: `http://127.0.0.1:9/${n}.jpg`,
      });
      const ticket = String(posted.body["ImageTicket"]);
      tickets.push(ticket);
      const image = await t.app.database.kysely
        .selectFrom("studio_images")
        .select("id")
        .where("ticket", "=", ticket)
        .executeTakeFirstOrThrow();
      await t.app.database.kysely.transaction().execute((trx) =>
        sendToEditor(
          trx,
          {
            imageId: image.id,
            contactId: shop.id,
            fromStatuses: [10],
            round: 1,
            reason: "a test hand-off",
            source: "confidence",
          },
          t.clock.now(),
        ),
      );
    }
    const [a, b] = tickets as [string, string];
    const call = async (method: "GET" | "POST" | "PUT", url: string, body?: Buffer, auth = true) => {
      const r = await t.app.http.app.inject({
        method,
        url: `/studio/editor${url}`,
        headers: {
          ...(auth ? { authorization: `Bearer ${key}` } : {}),
          ...(body ? { "content-type": "image/jpeg" } : {}),
        },
        ...(body ? { payload: body } : {}),
      });
      return { status: r.statusCode, body: r.json<unknown>() };
    };
    const answers: [string, string, Awaited<ReturnType<typeof call>>][] = [
      ["/me", "get", await call("GET", "/me")],
      ["/queue", "get", await call("GET", "/queue?state=open&limit=1")],
      ["/images/{ticket}", "get", await call("GET", `/images/${a}`)],
      ["/images/{ticket}/claim", "post", await call("POST", `/images/${a}/claim`)],
      [
        "/images/{ticket}/result",
        "put",
        await call("PUT", `/images/${a}/result`, await createProductPhoto(40, 30)),
      ],
      ["/images/{ticket}/approve", "post", await call("POST", `/images/${a}/approve`)],
      ["/images/{ticket}/claim", "post", await call("POST", `/images/${b}/claim`)],
      ["/images/{ticket}/return", "post", await call("POST", `/images/${b}/return`)],
    ];
    for (const [path, method, r] of answers) {
      expect(r.status, `${method} ${path} ${JSON.stringify(r.body)}`).toBe(200);
      check(path, method, "200", r.body);
    }
    expect((answers[1]?.[2].body as { next: number | null }).next).not.toBeNull();
    // Errors: every one in the documented envelope.
    const refusals: [string, string, Awaited<ReturnType<typeof call>>, number][] = [
      ["/me", "get", await call("GET", "/me", undefined, false), 401],
      ["/images/{ticket}", "get", await call("GET", "/images/not-a-ticket"), 404],
      ["/images/{ticket}/approve", "post", await call("POST", `/images/${b}/approve`), 409],
      ["/queue", "get", await call("GET", "/queue?limit=1000"), 422],
      [
        "/images/{ticket}/versions/{position}",
        "put",
        // b asks for no colour versions
        await call("PUT", `/images/${b}/versions/1`, Buffer.from("x")),
        404,
      ],
    ];
    for (const [path, method, r, status] of refusals) {
      expect(r.status, `${method} ${path}`).toBe(status);
      check(path, method, "default", r.body);
    }
  });
});
