// Every example of the Pixelz seed, sent verbatim over HTTP to the real app, answers the documented shape in
// JSON (/REST.svc/JSON/…) and in WCF XML (/REST.svc/…) that validates against our WSDL's schema.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertInvoice } from "../src/studio/billing/invoice.repository.js";
import { readXml } from "../src/studio/wire/xml-reader.js";
import { seedJsonResponses, seedRequestBodies, seedXmlResponses } from "./fixtures/studio-seed-examples.js";
import { testDialects } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { createProductPhoto } from "./support/studio-photos.js";
import { expectValidStudioXml, send, startStudioWireApp, type StudioWireApp } from "./support/studio-wire.js";

const SEED_KEY = "44979dfe-5aa7-44ea-b3dd-7fae33bc37e9";
const SEED_EMAIL = /john ?@ ?pixelz\.com/g;

/** Same members, recursively; documented list items are merged (the seed's items omit members at times). */
function expectShape(actual: unknown, documented: unknown, path: string): void {
  if (Array.isArray(documented)) {
    expect(Array.isArray(actual), `${path} is a list`).toBe(true);
    const items = documented as unknown[];
    // Lists of objects must have items to compare; lists of text (FinalImagesURL) may be empty.
    if (items.length === 0 || typeof items[0] !== "object") return;
    expect((actual as unknown[]).length, `${path} has items`).toBeGreaterThan(0);
    const merged = items.every((i) => typeof i === "object" && i !== null)
      ? (Object.assign({}, ...items.toReversed()) as unknown)
      : items[0];
    for (const item of actual as unknown[]) expectShape(item, merged, `${path}[]`);
    return;
  }
  if (typeof documented === "object" && documented !== null) {
    expect(
      typeof actual === "object" && actual !== null && !Array.isArray(actual),
      `${path} is an object`,
    ).toBe(true);
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(documented).sort());
    for (const [k, v] of Object.entries(documented)) expectShape(a[k], v, `${path}.${k}`);
    return;
  }
  expect(typeof actual === "object" && actual !== null, `${path} is a scalar`).toBe(false);
}

function rootOf(xml: string): string {
  return /<(\w+)/.exec(xml)?.[1] ?? "";
}

describe.each(testDialects)("seed examples over REST JSON and XML (%s)", (dialect) => {
  let w: StudioWireApp;
  let swatches: Receiver;
  const state = { templateId: "", tickets: [] as string[], colorwayIds: "[123, 456]" };
  beforeAll(async () => {
    w = await startStudioWireApp(dialect);
    // AddColorLibrary fetches its swatches: a small product photo stands in for each.
    const swatch = await createProductPhoto(40, 40, "png");
    swatches = await startReceiver((_req, res) =>
      res.writeHead(200, { "content-type": "image/png" }).end(swatch),
    );
  });
  afterAll(async () => {
    await swatches.close();
    await w.close();
  });

  /** The seed body with the seed's placeholder account replaced by ours; everything else verbatim. */
  function body(key: keyof typeof seedRequestBodies, creds = w.contact): string {
    return seedRequestBodies[key]
      .replace(SEED_EMAIL, creds.email)
      .replaceAll(SEED_KEY, creds.apiKey)
      .replace(
        "my_new_customer @ domain.com",
        `new-${String(Date.now())}-${String(Math.random()).slice(2)}@example.com`,
      )
      .replaceAll('"2000045"', `"${state.templateId}"`)
      .replace('"colorwayIds": [123, 456]', `"colorwayIds": ${state.colorwayIds}`);
  }

  const query = (extra: Record<string, string> = {}): string =>
    new URLSearchParams({
      contactEmail: w.contact.email,
      contactAPIkey: w.contact.apiKey,
      ...extra,
    }).toString();

  /** Calls `path` in JSON then XML; checks shapes; returns the JSON answer. */
  async function both(
    method: string,
    path: string,
    options: { body?: string; json?: unknown; xml?: string; expectCode?: string[] } = {},
  ): Promise<Record<string, unknown>> {
    const headers = options.body === undefined ? undefined : { "content-type": "application/json" };
    const init = {
      method,
      ...(options.body === undefined ? {} : { body: options.body }),
      ...(headers ? { headers } : {}),
    };
    const json = await send(`${w.base}/REST.svc/JSON/${path}`, init);
    expect(json.status, json.text).toBe(200);
    expect(json.contentType).toMatch(/^application\/json/);
    const parsed = JSON.parse(json.text) as Record<string, unknown>;
    expect(options.expectCode ?? ["NoError"], json.text).toContain(parsed["ErrorCode"]);
    expect(Object.keys(parsed).slice(0, 2)).toEqual(["ErrorCode", "Message"]);
    if (options.json !== undefined) expectShape(parsed, JSON.parse(options.json as string), path);

    const xml = await send(`${w.base}/REST.svc/${path}`, init);
    expect(xml.status, xml.text).toBe(200);
    expect(xml.contentType).toMatch(/^application\/xml/);
    await expectValidStudioXml(xml.text);
    const root = readXml(xml.text);
    if (options.xml !== undefined) expect(root.name).toBe(rootOf(options.xml));
    // The same members as the JSON answer, in the same (WCF) order.
    expect(root.children.map((c) => c.name)).toEqual(Object.keys(parsed));
    expect(options.expectCode ?? ["NoError"]).toContain(root.children[0]?.text);
    return parsed;
  }

  it("POST RequestPresignUrls", async () => {
    const r = await both("POST", "RequestPresignUrls", {
      body: body("requestPresignUrls"),
      json: seedJsonResponses.requestPresignUrls,
      xml: seedXmlResponses.requestPresignUrls,
    });
    expect((r["PostingUrls"] as { ImageName: string }[]).map((p) => p.ImageName)).toEqual([
      "abc.jpg",
      "xyz.jpg",
    ]);
  });

  it("POST Template, GET Template/{id}, GET Templates", async () => {
    const created = await both("POST", "Template", {
      body: body("addTemplate"),
      xml: seedXmlResponses.addTemplate,
    });
    expect(Object.keys(created)).toEqual(["ErrorCode", "Message", "Price", "TemplateId"]);
    state.templateId = String(created["TemplateId"]);
    await both("GET", `Template/${state.templateId}?${query()}`, {
      json: seedJsonResponses.getTemplate,
      xml: seedXmlResponses.getTemplate,
    });
    await both("GET", `Templates?${query()}`, {
      json: seedJsonResponses.listTemplates,
      xml: seedXmlResponses.listTemplates,
    });
  });

  it("POST AddColorLibrary (no seed example): its ids replace the seed's colorwayIds", async () => {
    const r = await both("POST", "AddColorLibrary", {
      body: JSON.stringify({
        contactEmail: w.contact.email,
        contactAPIkey: w.contact.apiKey,
        imagesUrl: [`${swatches.url}/swatch1.png`, `${swatches.url}/swatch2.png`],
      }),
    });
    expect(r["ColorwayIds"]).toHaveLength(2);
    state.colorwayIds = JSON.stringify(r["ColorwayIds"]).replace(",", ", ");
  });

  it("POST Image, WhiteGloveService and StackImage", async () => {
    for (const [path, key] of [
      ["Image", "addImage"],
      ["WhiteGloveService", "addWhiteGloveImage"],
      ["StackImage", "addStackImage"],
    ] as const) {
      const r = await both("POST", path, {
        body: body(key),
        json: seedJsonResponses[key],
        xml: seedXmlResponses[key],
      });
      expect(r["ImageTicket"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r["CustomerImageId"]).toBe("12345");
      state.tickets.push(r["ImageTicket"] as string);
    }
  });

  it("GET Image/{ticket}, Images, Images/Count, ProductIds", async () => {
    const ticket = state.tickets[0] ?? "";
    const status = await both("GET", `Image/${ticket}?${query()}`, {
      json: seedJsonResponses.getImageStatus,
      xml: seedXmlResponses.getImageStatus,
    });
    expect(status["ImageStatus"]).toMatchObject({ ImageTicket: ticket, StatusId: 10 });
    await both("GET", `Images?${query()}`, {
      json: seedJsonResponses.listImages,
      xml: seedXmlResponses.listImages,
    });
    const count = await both("GET", `Images/Count?${query()}`, {
      json: seedJsonResponses.countImages,
      xml: seedXmlResponses.countImages,
    });
    expect(count["ImagesCount"]).toBeGreaterThanOrEqual(6);
    await both("GET", `ProductIds?${query()}`, {
      json: seedJsonResponses.listProductIds,
      xml: seedXmlResponses.listProductIds,
    });
  });

  it("PUT Image/Reject (both examples, one missing a comma) on an unfinished image", async () => {
    const ticket = state.tickets[0] ?? "";
    for (const key of ["rejectImage", "rejectImageNonticket"] as const) {
      const path = key === "rejectImage" ? `Image/Reject/${ticket}` : "Image/Reject/nonticket";
      const r = await both("PUT", path, {
        body: body(key),
        xml: seedXmlResponses.rejectImage,
        expectCode: ["InvalidImageStatus"],
      });
      expect(Object.keys(r)).toEqual(["ErrorCode", "Message"]);
    }
  });

  it("DELETE Image (both examples) with a JSON body", async () => {
    const ticket = state.tickets[1] ?? "";
    const r = await both("DELETE", `Image/${ticket}`, {
      body: body("deleteImage"),
      json: seedJsonResponses.deleteImage,
      xml: seedXmlResponses.deleteImage,
      expectCode: ["NoError", "InvalidImageStatus"],
    });
    expect(r["Message"]).toBe("Image was deleted");
    await both("DELETE", "Image/nonticket", {
      body: body("deleteImageNonticket"),
      json: seedJsonResponses.deleteImage,
      expectCode: ["NoError", "InvalidImageStatus"],
    });
  });

  it("POST Contact (a partner's call) and GET Contact", async () => {
    for (const path of ["JSON/Contact", "Contact"]) {
      const r = await send(`${w.base}/REST.svc/${path}`, {
        method: "POST",
        body: body("createContact", w.partner),
        headers: { "content-type": "application/json" },
      });
      expect(r.status, r.text).toBe(200);
      if (path.startsWith("JSON")) {
        const parsed = JSON.parse(r.text) as Record<string, unknown>;
        expect(parsed).toMatchObject({
          ErrorCode: "NoError",
          ContactEmail: expect.stringMatching(/@example\.com$/) as string,
        });
        expect(Object.keys(parsed)).toEqual(["ErrorCode", "Message", "ContactAPIkey", "ContactEmail"]);
      } else {
        await expectValidStudioXml(r.text);
        expect(readXml(r.text).name).toBe(rootOf(seedXmlResponses.createContact));
      }
    }
    const contact = await both("GET", `Contact?${query()}`, {
      json: seedJsonResponses.getContact,
      xml: seedXmlResponses.getContact,
    });
    expect(contact["Contact"]).toMatchObject({ ContactEmail: w.contact.email, ContactDaysOfCredit: 15 });
  });

  it("GET Invoices", async () => {
    const contactId = (
      await w.app.database.kysely
        .selectFrom("studio_contacts")
        .select("id")
        .where("email", "=", w.contact.email)
        .executeTakeFirstOrThrow()
    ).id;
    const at = Date.UTC(2012, 11, 31);
    await insertInvoice(w.app.database.kysely, {
      contactId,
      number: "INV-1315",
      periodStart: Date.UTC(2012, 11, 1),
      periodEnd: at,
      currency: "USD",
      amount: 10500,
      amountDue: 10500,
      lines: [{ description: "Images", quantity: 1, amount: 10500 }],
      paidAt: null,
      createdAt: at,
    });
    const r = await both("GET", `Invoices?${query({ returnUrl: "http://test.com/testurl" })}`, {
      json: seedJsonResponses.listInvoices,
      xml: seedXmlResponses.listInvoices,
    });
    expect(r["Invoices"]).toMatchObject([{ InvoiceId: "INV-1315", AmountDue: "105.00", IsPaid: false }]);
  });
});
