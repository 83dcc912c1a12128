// A console session calling the Studio JSON API for its contact over real HTTP: no key, CSRF, isolation.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { addMembership, createUser } from "../src/console/account.service.js";
import { resolveSecretKey } from "../src/core/config/index.js";
import { createFakeClock } from "../src/core/clock.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createContact } from "../src/studio/contacts/contact.service.js";
import { createSecretBox } from "../src/webhooks/secret-box.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";
import { createTestEnv } from "./support/test-app.js";

const PASSWORD = "studio customer password";

describe.each(testDialects)("console sessions in the Studio API on %s", (dialect) => {
  let t: TestDatabase;
  let app: App;
  let base: string;
  let cookie = "";
  let csrf = "";
  let keyOfB = "";

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    const clock = createFakeClock(Date.UTC(2026, 5, 1));
    const config = loadConfig(createTestEnv(t, { PIXL_WEB_DIR: "off" }));
    app = createApp(config, { logger: createLogger({ level: "silent" }), clock });
    await app.prepareDatabase();
    const db = app.database.kysely;
    const deps = { clock, secretBox: createSecretBox(resolveSecretKey(config)) };
    await createContact(db, deps, { email: "a@customer.test", name: "A" });
    keyOfB = (await createContact(db, deps, { email: "b@customer.test", name: "B" })).apiKey;
    const user = await createUser(db, clock, { email: "ann@customer.test", password: PASSWORD });
    await addMembership(db, clock, user.id, { contact: "a@customer.test" }, "customer");
    await app.http.app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.http.app.server.address() as AddressInfo).port}`;
    const r = await fetch(`${base}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ann@customer.test", password: PASSWORD }),
    });
    cookie = (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    csrf = ((await r.json()) as { data: { csrf_token: string } }).data.csrf_token;
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  const rest = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${base}/REST.svc/JSON/${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  it("answers the session's own contact without a contactAPIkey", async () => {
    const r = await rest("GET", "Contact", { cookie });
    expect(r.json).toMatchObject({ ErrorCode: "NoError", Contact: { ContactEmail: "a@customer.test" } });
    const named = await rest("GET", "Contact?contactEmail=a@customer.test", { cookie });
    expect(named.json).toMatchObject({ ErrorCode: "NoError" });
  });

  it("refuses another contact's data to the session, while that contact's key still works", async () => {
    const r = await rest("GET", "Contact?contactEmail=b@customer.test", { cookie });
    expect(r.json).toMatchObject({ ErrorCode: "InvalidContact" });
    const own = await rest("GET", `Contact?contactEmail=b@customer.test&contactAPIkey=${keyOfB}`, {});
    expect(own.json).toMatchObject({ ErrorCode: "NoError", Contact: { ContactEmail: "b@customer.test" } });
    // Without a session, a call with no key is the API's usual error.
    expect((await rest("GET", "Contact?contactEmail=a@customer.test", {})).json).toMatchObject({
      ErrorCode: "MissingRequiredInformation",
    });
  });

  it("serves the JSON API's OpenAPI document beside it", async () => {
    const r = await fetch(`${base}/REST.svc/openapi.json`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      openapi: "3.1.0",
      paths: { "/Images": { get: { operationId: "listImages" } } },
    });
  });

  it("needs the CSRF token for changes made with the session", async () => {
    const template = {
      templateName: "White 1000",
      templateOutputFormat: "JPG",
      deliveryTimeInHour: "72",
      backgroundType: "1",
      backgroundColor: "FFFFFF",
    };
    const refused = await rest("POST", "Template", { cookie }, template);
    expect(refused.status).toBe(403);
    const made = await rest("POST", "Template", { cookie, "x-csrf-token": csrf }, template);
    expect(made.json).toMatchObject({ ErrorCode: "NoError" });
    const listed = await rest("GET", "Templates", { cookie });
    expect(JSON.stringify(listed.json)).toContain("White 1000");
  });
});
