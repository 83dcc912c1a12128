// Colour work end to end through the Studio API over real HTTP, on both engines: colour versions and a
// colourway version with their own webhooks and statuses, AddColorLibrary (JSON and XML) and colorwayIds,
// colour matching with a ColorMatching template, and the refusals: a marker off the product (62 with the
// reason, a real editor queue item), a swatch that is not an image (12), and hostile AddColorLibrary calls.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSharpCodec, deltaE2000, rgbToLab, type Raster, type Rgb } from "@pixl/imaging";
import { innerPixels, meanDeltaE, meanLab } from "../../imaging/src/testing/colour-metrics.js";
import { generateColourSet } from "../../imaging/src/testing/generate-colour-sets.js";
import { createBombPng, createTestRaster } from "../../imaging/src/testing/photo-fixtures.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { waitFor } from "./support/wait.js";

const SIZE = 160;
const codec = createSharpCodec();
const set = generateColourSet(0, { width: SIZE, height: SIZE });
const SWATCH: Rgb = { r: 40, g: 90, b: 200 };
const keepTemplate = {
  templateName: "Keep",
  templateOutputFormat: "PNG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
};

const png = (r: Raster): Promise<Buffer> => codec.encode(r, { format: "png", quality: 90, dpi: 72 });

/** A fabric swatch photographed on white: the colour fills the middle, a white border around it. */
function swatchPhoto(colour: Rgb): Raster {
  return createTestRaster(60, 60, [250, 250, 250], {
    left: 10,
    top: 10,
    width: 40,
    height: 40,
    color: [colour.r, colour.g, colour.b],
  });
}

async function decode(url: string): Promise<Raster> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
  return codec.decode(bytes, { maxPixels: 10_000_000 });
}

const backdrop = innerPixels({ ...set.alpha, data: set.alpha.data.map((v) => (v === 0 ? 1 : 0)) });
const body = innerPixels(set.body, 2);

describe.each(testDialects)("Studio colour work on %s", (dialect) => {
  let t: StudioTestApp;
  let files: Receiver;
  let hooks: Receiver;
  let contact: StudioAccount;
  const creds = () => ({ contactEmail: contact.email, contactAPIkey: contact.key });

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    const served: Record<string, [string, Buffer]> = {
      "/tee.png": ["image/png", await png(set.photo)],
      "/reference.png": ["image/png", await png(set.reference)],
      "/swatch.png": ["image/png", await png(swatchPhoto(SWATCH))],
      "/gold.png": ["image/png", await png(swatchPhoto({ r: 220, g: 170, b: 20 }))],
      "/page.html": ["text/html", Buffer.from("<!doctype html><html><body>swatch</body></html>")],
      "/bomb.png": ["image/png", createBombPng(20_000, 20_000)],
    };
    files = await startReceiver((req, res) => {
      const file = served[req.url.split("?")[0] ?? ""];
      if (file) res.writeHead(200, { "content-type": file[0] }).end(file[1]);
      else res.writeHead(404).end();
    });
    hooks = await startReceiver();
    contact = await t.createContact("colour@example.test", { creditLimit: 10_000 });
    await t.listen();
  });
  afterEach(async () => {
    await files.close();
    await hooks.close();
    await t.close();
  });

  async function template(extra: Record<string, string> = {}): Promise<string> {
    const r = await t.call("POST", "Template", { ...creds(), ...keepTemplate, ...extra });
    expect(r.body.ErrorCode, r.body.Message).toBe("NoError");
    return String(r.body["TemplateId"]);
  }

  async function status(ticket: string): Promise<{ StatusId: number; Message: string; finals: string[] }> {
    const r = await t.call("GET", `Image/${ticket}`, creds());
    const s = r.body["ImageStatus"] as { StatusId: number; FinalImagesURL: string[] };
    return { StatusId: s.StatusId, Message: r.body.Message, finals: s.FinalImagesURL };
  }

  async function post(fields: Record<string, unknown>): Promise<string> {
    const r = await t.call("POST", "Image", { ...creds(), imageCallbackURL: `${hooks.url}/hook`, ...fields });
    expect(r.body.ErrorCode, r.body.Message).toBe("NoError");
    return r.body["ImageTicket"] as string;
  }

  it(
    "makes a version per colour change and per colourway, each with its own webhook, then 80",
    { timeout: 90_000 },
    async () => {
      const templateId = await template();
      const library = await t.call("POST", "AddColorLibrary", {
        ...creds(),
        imagesUrl: [`${files.url}/gold.png`],
      });
      expect(library.body.ErrorCode, library.body.Message).toBe("NoError");
      const [colorwayId] = library.body["ColorwayIds"] as number[];
      const ticket = await post({
        templateId,
        imageURL: `${files.url}/tee.png`,
        customerImageId: "tee-1",
        colorwayIds: [String(colorwayId)],
        colorChangeRequests: [
          {
            colorChangeRequestMarkers: [
              { swatchColorCode: "#1E783C", markerX: String(set.marker.x), markerY: String(set.marker.y) },
            ],
            customerImageColorID: "green",
            outputFileName: "tee_green.png",
          },
          {
            colorChangeRequestMarkers: [
              {
                swatchImageURL: `${files.url}/swatch.png`,
                markerX: String(set.marker.x),
                markerY: String(set.marker.y),
              },
            ],
            customerImageColorID: "blue",
            outputFileName: "tee_blue.jpg",
          },
        ],
      });
      await t.app.startWorker();
      await waitFor("80", async () => ((await status(ticket)).StatusId === 80 ? true : undefined), 60_000);
      const bodies = hooks.received.map((r) => JSON.parse(r.body) as Record<string, string>);
      expect(
        bodies.map((b) => [b["customerImageColorID"], b["templateId"], b["imageTicket"]]).sort(),
      ).toEqual(
        [
          ["", templateId, ticket],
          ["blue", "", ticket],
          ["green", "", ticket],
          [String(colorwayId), "", ticket],
        ].sort(),
      );
      const { finals } = await status(ticket);
      // The version's name keeps the customer's stem with the extension of what it is (a PNG template).
      expect(finals.map((u) => new URL(u).pathname.split("/").pop())).toEqual([
        "tee.png",
        "tee_green.png",
        "tee_blue.png",
        `tee_colorway_${colorwayId}.png`,
      ]);
      const [main, green, blue, gold] = await Promise.all(finals.map(decode));
      if (!main || !green || !blue || !gold) throw new Error("missing finals");
      expect(meanDeltaE(main, set.photo, body)).toBeLessThan(1);
      for (const [raster, colour] of [
        [green, { r: 0x1e, g: 0x78, b: 0x3c }],
        [blue, SWATCH],
        [gold, { r: 220, g: 170, b: 20 }],
      ] as const) {
        expect(deltaE2000(meanLab(raster, body), rgbToLab(colour))).toBeLessThan(3);
        expect(meanDeltaE(raster, main, backdrop)).toBeLessThan(1);
        expect(meanDeltaE(raster, main, innerPixels(set.label, 1))).toBeLessThan(1);
      }
      // Template 0.50 + three versions at 0.50 each.
      expect((await t.call("GET", "Contact", creds())).body["Contact"]).toMatchObject({
        ContactAccountBalance: { Amount: -2 },
      });
    },
  );

  it(
    "matches the product to the reference with a ColorMatching template, the backdrop untouched",
    { timeout: 90_000 },
    async () => {
      const templateId = await template({ colorMatching: "true" });
      const spec = await t.call("GET", `Template/${templateId}`, creds());
      expect(spec.body["Template"]).toMatchObject({
        ColorMatching: true,
        ColorMatchingSetting: "Follow reference",
      });
      const missing = await t.call("POST", "Image", {
        ...creds(),
        templateId,
        imageURL: `${files.url}/tee.png`,
      });
      expect(missing.body).toMatchObject({
        ErrorCode: "MissingRequiredInformation",
        Message: expect.stringMatching(/colorReferenceFileURL is required/) as string,
      });
      const ticket = await post({
        templateId,
        imageURL: `${files.url}/tee.png`,
        colorReferenceFileURL: `${files.url}/reference.png`,
      });
      await t.app.startWorker();
      await waitFor("80", async () => ((await status(ticket)).StatusId === 80 ? true : undefined), 60_000);
      const [matched] = await Promise.all((await status(ticket)).finals.map(decode));
      if (!matched) throw new Error("no final");
      const reference = meanLab(set.reference, innerPixels(set.referenceBody));
      expect(deltaE2000(meanLab(matched, body), reference)).toBeLessThan(3);
      expect(meanDeltaE(matched, set.photo, backdrop)).toBeLessThan(1);
      expect(meanDeltaE(matched, set.photo, innerPixels(set.trim, 1))).toBeLessThan(1.5);
      expect(hooks.received).toHaveLength(1);
    },
  );

  it(
    "hands a marker off the product to an editor (62, the reason, nothing delivered) and refuses a non-image swatch (12)",
    { timeout: 90_000 },
    async () => {
      const templateId = await template();
      const offProduct = await post({
        templateId,
        imageURL: `${files.url}/tee.png`,
        colorChangeRequests: [
          {
            colorChangeRequestMarkers: [{ swatchColorCode: "FF0000", markerX: "2", markerY: "2" }],
            customerImageColorID: "red",
          },
        ],
      });
      const htmlSwatch = await post({
        templateId,
        imageURL: `${files.url}/tee.png`,
        colorChangeRequests: [
          {
            colorChangeRequestMarkers: [
              {
                swatchImageURL: `${files.url}/page.html`,
                markerX: String(set.marker.x),
                markerY: String(set.marker.y),
              },
            ],
          },
        ],
      });
      await t.app.startWorker();
      const editor = await waitFor(
        "62",
        async () => {
          const s = await status(offProduct);
          return s.StatusId === 62 && s.Message !== "" ? s : undefined;
        },
        60_000,
      );
      expect(editor.Message).toMatch(
        /^Sent to an editor: colour version "red": the marker \(2, 2\) is not on the product/,
      );
      expect(editor.finals).toEqual([]);
      // A real editor queue item, with the template's output as the editor's starting point.
      const tasks = await t.app.database.kysely.selectFrom("studio_editor_tasks").selectAll().execute();
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ state: "queued", source: "colour" });
      expect(tasks[0]?.reason).toMatch(/^colour version "red": the marker/);
      expect(tasks[0]?.draft_key).toMatch(/\/draft\//);
      const failed = await waitFor("12", async () => {
        const s = await status(htmlSwatch);
        return s.StatusId === 12 ? s : undefined;
      });
      expect(failed.Message).toMatch(
        /swatchImageURL .*page\.html could not be used: the file is an HTML page/,
      );
      // Neither was delivered nor charged; the editor's image keeps its reservation.
      expect(hooks.received).toHaveLength(0);
      const balance = (await t.call("GET", "Contact", creds())).body["Contact"] as {
        ContactAccountBalance: { Amount: number };
      };
      expect(balance.ContactAccountBalance.Amount).toBe(0);
    },
  );

  it("AddColorLibrary: JSON and XML, per-contact ids, and clear refusals of bad swatches", async () => {
    const json = await t.call("POST", "AddColorLibrary", {
      ...creds(),
      imagesUrl: [`${files.url}/swatch.png`, `${files.url}/gold.png`],
    });
    expect(json.body).toMatchObject({
      ErrorCode: "NoError",
      ColorwayIds: [expect.any(Number), expect.any(Number)],
    });
    const xml = await fetch(`${t.baseUrl}/REST.svc/AddColorLibrary`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...creds(), imagesUrl: [`${files.url}/swatch.png`] }),
    });
    const text = await xml.text();
    expect(text).toMatch(/^<AddColorLibraryResponse [^>]*><ErrorCode>NoError<\/ErrorCode>/);
    expect(text).toMatch(/<ColorwayIds xmlns:a="[^"]+"><a:int>\d+<\/a:int><\/ColorwayIds>/);
    const rows = await t.app.database.kysely
      .selectFrom("studio_colorways")
      .select(["id", "colors"])
      .where("contact_id", "=", contact.id)
      .orderBy("id")
      .execute();
    expect(rows).toHaveLength(3);
    const [blue] = JSON.parse(rows[0]?.colors ?? "[]") as { hex: string; weight: number }[];
    expect(blue?.weight).toBe(1);
    expect(
      deltaE2000(
        rgbToLab({
          r: parseInt(blue?.hex.slice(0, 2) ?? "0", 16),
          g: parseInt(blue?.hex.slice(2, 4) ?? "0", 16),
          b: parseInt(blue?.hex.slice(4, 6) ?? "0", 16),
        }),
        rgbToLab(SWATCH),
      ),
    ).toBeLessThan(1);

    // Another contact cannot use them.
    const other = await t.createContact("other@example.test", { creditLimit: 10_000 });
    const theirs = await t.call("POST", "Image", {
      contactEmail: other.email,
      contactAPIkey: other.key,
      imageURL: `${files.url}/tee.png`,
      colorwayIds: [String(rows[0]?.id)],
    });
    expect(theirs.body).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: `colorwayIds: ${String(rows[0]?.id)} is not one of your colour libraries.`,
    });

    const refusals: [unknown[], string, RegExp][] = [
      [[], "MissingRequiredInformation", /imagesUrl is missing/],
      [
        [`${files.url}/swatch.png`, `${files.url}/page.html`],
        "InvalidParameter",
        /imagesUrl\[1\] .*page\.html could not be used: the file is an HTML page/,
      ],
      [
        [`${files.url}/bomb.png`],
        "InvalidParameter",
        /imagesUrl\[0\] .*bomb\.png could not be used: .*pixel/,
      ],
      [
        [`${files.url}/missing.png`],
        "InvalidParameter",
        /imagesUrl\[0\] .*could not be used: the server answered HTTP 404/,
      ],
      [["ftp://example.test/a.png"], "InvalidParameter", /imagesUrl\[0\] must be an http or https URL/],
      [
        Array.from({ length: 21 }, () => `${files.url}/swatch.png`),
        "InvalidParameter",
        /At most 20 imagesUrl per call/,
      ],
      [[{ url: "x" }], "InvalidParameter", /imagesUrl/],
    ];
    for (const [imagesUrl, code, message] of refusals) {
      const r = await t.call("POST", "AddColorLibrary", { ...creds(), imagesUrl });
      expect(r.status).toBe(200);
      expect(r.body.ErrorCode, JSON.stringify(imagesUrl).slice(0, 80)).toBe(code);
      expect(r.body.Message).toMatch(message);
    }
    // Nothing of a refused call was stored.
    const after = await t.app.database.kysely
      .selectFrom("studio_colorways")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(3);

    // Calls at once each get their own ids.
    const together = await Promise.all(
      [0, 1, 2].map(() =>
        t.call("POST", "AddColorLibrary", { ...creds(), imagesUrl: [`${files.url}/gold.png`] }),
      ),
    );
    const ids = together.map((r) => (r.body["ColorwayIds"] as number[])[0]);
    expect(new Set(ids).size).toBe(3);

    // Too many colour versions for one image.
    const many = await t.call("POST", "Image", {
      ...creds(),
      imageURL: `${files.url}/tee.png`,
      colorwayIds: ids.map(String),
      colorChangeRequests: Array.from({ length: 18 }, () => ({
        colorChangeRequestMarkers: [{ swatchColorCode: "00FF00" }],
      })),
    });
    expect(many.body).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: expect.stringMatching(/At most 20 colour versions/) as string,
    });
  });
});

describe("AddColorLibrary without private networks", () => {
  it("refuses a swatch on a private address", async () => {
    const t = await createStudioTestApp("sqlite", { env: { PIXL_ALLOW_PRIVATE_NETWORKS: "0" } });
    try {
      const c = await t.createContact("ssrf@example.test");
      const r = await t.call("POST", "AddColorLibrary", {
        contactEmail: c.email,
        contactAPIkey: c.key,
        imagesUrl: ["http://127.0.0.1:9/swatch.png", "http://169.254.169.254/latest/meta-data"],
      });
      expect(r.body.ErrorCode).toBe("InvalidParameter");
      expect(r.body.Message).toMatch(
        /imagesUrl\[0\] http:\/\/127\.0\.0\.1:9\/swatch\.png could not be used: .*(private|loopback|refused|not allowed)/i,
      );
    } finally {
      await t.close();
    }
  });
});
