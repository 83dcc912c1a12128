// The Studio API for wire tests: the real app on a test database, listening on loopback, with a contact
// and a partner; plus a plain HTTP helper and the XSD validation every XML answer goes through.
import { validateXML } from "xmllint-wasm";
import { expect } from "vitest";
import type { App } from "../../src/app.js";
import { resolveSecretKey } from "../../src/core/config/index.js";
import type { Dialect } from "../../src/core/db/index.js";
import {
  createContact,
  createPartner,
  type ContactSettings,
} from "../../src/studio/contacts/contact.service.js";
import { namespaces } from "../../src/studio/wire/data-contract.js";
import { operationSchema } from "../../src/studio/wire/wsdl.js";
import { dataSchemas } from "../../src/studio/wire/xsd.js";
import { createSecretBox } from "../../src/webhooks/secret-box.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";
import { createTestApp, createTestEnv } from "./test-app.js";

export interface StudioCredentials {
  email: string;
  apiKey: string;
}

export interface StudioWireApp {
  app: App;
  /** `http://127.0.0.1:<port>` */
  base: string;
  contact: StudioCredentials;
  partner: StudioCredentials;
  /** Another contact with a fresh key. */
  createContact(email: string, settings?: ContactSettings): Promise<StudioCredentials>;
  close(): Promise<void>;
}

/** The whole app on a fresh `dialect` database, listening on loopback (no workers started). */
export async function startStudioWireApp(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<StudioWireApp> {
  const database: TestDatabase = await createTestDatabase(dialect);
  const app = createTestApp(createTestEnv(database, env));
  await app.prepareDatabase();
  const base = await app.http.app.listen({ port: 0, host: "127.0.0.1" });
  const deps = { clock: app.clock, secretBox: createSecretBox(resolveSecretKey(app.config)) };
  const db = app.database.kysely;
  const newContact = async (email: string, settings: ContactSettings = {}): Promise<StudioCredentials> => {
    const created = await createContact(db, deps, {
      email,
      trialImages: 1000,
      directUpload: true,
      ...settings,
    });
    return { email: created.account.email, apiKey: created.apiKey };
  };
  const contact = await newContact("john@pixelz.example", {
    name: "John",
    company: "Pixelz",
    creditDays: 15,
  });
  const partner = await createPartner(db, deps, { email: "partner@pixelz.example", name: "Partner" });
  return {
    app,
    base,
    contact,
    partner: { email: partner.account.email, apiKey: partner.apiKey },
    createContact: newContact,
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

export interface WireResponse {
  status: number;
  contentType: string;
  text: string;
}

/** One plain HTTP request, as a client library would send it. */
export async function send(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<WireResponse> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
}

const schemas = dataSchemas({ schemaLocations: true });
const mainSchema = schemas.find((s) => s.namespace === namespaces.response);
const preload = schemas
  .filter((s) => s !== mainSchema)
  .map((s) => ({ fileName: s.fileName, contents: s.xml }));

/** Asserts `xml` is well-formed and valid against the XSD published in our WSDL. */
export async function expectValidStudioXml(xml: string): Promise<void> {
  if (mainSchema === undefined) throw new Error("no Response schema");
  const result = await validateXML({
    xml: { fileName: "response.xml", contents: xml },
    schema: { fileName: mainSchema.fileName, contents: mainSchema.xml },
    preload,
  });
  expect(result.errors.map((e) => e.message)).toEqual([]);
  expect(result.valid).toBe(true);
}

/** Asserts the element inside a SOAP response's Body is valid against the WSDL's schemas. */
export async function expectValidSoapBody(envelope: string): Promise<void> {
  const inner = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(envelope)?.[1];
  expect(inner, envelope).toBeDefined();
  const result = await validateXML({
    xml: { fileName: "body.xml", contents: inner ?? "" },
    schema: { fileName: "studio-tns.xsd", contents: operationSchema({ schemaLocations: true }) },
    preload: schemas.map((s) => ({ fileName: s.fileName, contents: s.xml })),
  });
  expect(result.errors.map((e) => e.message)).toEqual([]);
  expect(result.valid).toBe(true);
}
