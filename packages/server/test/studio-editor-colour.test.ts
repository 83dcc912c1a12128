// Colour versions through the editor queue, end to end over real HTTP on both engines: a colour version whose
// marker the automatic editor refuses sends the image to 62; an editor claims it, uploads the result and
// that version by hand, and approves; every version (the hand-made one as uploaded, the others rendered from
// the editor's result) is delivered with its own name, customerImageColorID, webhook and status.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSharpCodec, deltaE2000, rgbToLab, type Raster, type Rgb } from "@pixl/imaging";
import { innerPixels, meanLab } from "../../imaging/src/testing/colour-metrics.js";
import { generateColourSet } from "../../imaging/src/testing/generate-colour-sets.js";
import { createTestRaster } from "../../imaging/src/testing/photo-fixtures.js";
import { createEditor } from "../src/studio/editor/editor-account.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { waitFor } from "./support/wait.js";

const SIZE = 160;
const codec = createSharpCodec();
const set = generateColourSet(0, { width: SIZE, height: SIZE });
const GREEN: Rgb = { r: 0x1e, g: 0x78, b: 0x3c };
const GOLD: Rgb = { r: 220, g: 170, b: 20 };
const png = (r: Raster): Promise<Buffer> => codec.encode(r, { format: "png", quality: 90, dpi: 72 });
const body = innerPixels(set.body, 2);

describe.each(testDialects)("Studio colour versions through the editor queue on %s", (dialect) => {
  let t: StudioTestApp;
  let files: Receiver;
  let hooks: Receiver;
  let contact: StudioAccount;
  let keys: Record<string, string>;
  const creds = () => ({ contactEmail: contact.email, contactAPIkey: contact.key });

  async function editor(
    who: string,
    method: string,
    path: string,
    upload?: { bytes: Buffer; type: string },
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const r = await fetch(`${t.baseUrl}/studio/editor${path}`, {
      method,
      headers: {
        authorization: `Bearer ${keys[who] ?? ""}`,
        ...(upload ? { "content-type": upload.type } : {}),
      },
      ...(upload ? { body: upload.bytes } : {}),
    });
    const text = await r.text();
    return { status: r.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
  async function download(who: string, url: string): Promise<Buffer> {
    const r = await fetch(`${t.baseUrl}${url}`, { headers: { authorization: `Bearer ${keys[who] ?? ""}` } });
    expect(r.status).toBe(200);
    return Buffer.from(await r.arrayBuffer());
  }
  async function status(ticket: string): Promise<{ StatusId: number; Message: string; finals: string[] }> {
    const r = await t.call("GET", `Image/${ticket}`, creds());
    const s = r.body["ImageStatus"] as { StatusId: number; FinalImagesURL: string[] };
    return { StatusId: s.StatusId, Message: r.body.Message, finals: s.FinalImagesURL };
  }

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    const served: Record<string, Buffer> = {
      "/tee.png": await png(set.photo),
      "/gold.png": await png(
        createTestRaster(60, 60, [250, 250, 250], {
          left: 10,
          top: 10,
          width: 40,
          height: 40,
          color: [GOLD.r, GOLD.g, GOLD.b],
        }),
      ),
    };
    files = await startReceiver((req, res) => {
      const file = served[req.url.split("?")[0] ?? ""];
      if (file) res.writeHead(200, { "content-type": "image/png" }).end(file);
      else res.writeHead(404).end();
    });
    hooks = await startReceiver();
    contact = await t.createContact("colour-editor@example.test", { creditLimit: 10_000 });
    keys = {};
    for (const name of ["Ann", "Bob"])
      keys[name] = (await createEditor(t.app.database.kysely, t.clock, contact.id, name)).key;
    await t.listen();
  });
  afterEach(async () => {
    await files.close();
    await hooks.close();
    await t.close();
  });

  it(
    "delivers every colour version after an editor's approval, the refused one made by hand",
    { timeout: 120_000 },
    async () => {
      const template = await t.call("POST", "Template", {
        ...creds(),
        templateName: "Keep",
        templateOutputFormat: "PNG",
        deliveryTimeInHour: "72",
        backgroundType: "0",
      });
      const templateId = String(template.body["TemplateId"]);
      const library = await t.call("POST", "AddColorLibrary", {
        ...creds(),
        imagesUrl: [`${files.url}/gold.png`],
      });
      const [colorwayId] = library.body["ColorwayIds"] as number[];
      const posted = await t.call("POST", "Image", {
        ...creds(),
        templateId,
        imageURL: `${files.url}/tee.png`,
        imageCallbackURL: `${hooks.url}/hook`,
        colorwayIds: [String(colorwayId)],
        colorChangeRequests: [
          {
            // Off the product: the automatic editor refuses it.
            colorChangeRequestMarkers: [{ swatchColorCode: "FF0000", markerX: "2", markerY: "2" }],
            customerImageColorID: "red",
          },
          {
            colorChangeRequestMarkers: [
              { swatchColorCode: "#1E783C", markerX: String(set.marker.x), markerY: String(set.marker.y) },
            ],
            customerImageColorID: "green",
            outputFileName: "tee_green.png",
          },
        ],
      });
      expect(posted.body.ErrorCode, posted.body.Message).toBe("NoError");
      const ticket = String(posted.body["ImageTicket"]);
      await t.app.startWorker();
      await waitFor("62", async () => ((await status(ticket)).StatusId === 62 ? true : undefined), 60_000);
      expect((await status(ticket)).Message).toMatch(/colour version "red": the marker \(2, 2\) is not on/);

      const claimed = await editor("Ann", "POST", `/images/${ticket}/claim`);
      expect(claimed.status).toBe(200);
      expect(claimed.json["versions"]).toEqual([
        {
          version: 1,
          customerImageColorID: "red",
          label: 'colour version "red"',
          uploadedBy: null,
          uploadedAt: null,
        },
        {
          version: 2,
          customerImageColorID: "green",
          label: 'colour version "green"',
          uploadedBy: null,
          uploadedAt: null,
        },
        {
          version: 3,
          customerImageColorID: String(colorwayId),
          label: `colourway ${colorwayId}`,
          uploadedBy: null,
          uploadedAt: null,
        },
      ]);
      // The editor starts from the automatic attempt and accepts it as the template's output.
      const draftUrl = (claimed.json["files"] as { name: string; url: string }[]).find(
        (f) => f.name === "draft",
      );
      const result = await download("Ann", draftUrl?.url ?? "");
      const submitted = await editor("Ann", "PUT", `/images/${ticket}/result`, {
        bytes: result,
        type: "image/png",
      });
      expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);

      // The refused version cannot be rendered from the result either: approval names it.
      const early = await editor("Bob", "POST", `/images/${ticket}/approve`);
      expect(early.status).toBe(409);
      expect(early.json).toMatchObject({
        error: "conflict",
        message: expect.stringMatching(
          /^Cannot approve: colour version "red": the marker \(2, 2\) is not on the product.*versions\/1/,
        ) as string,
      });
      expect((await status(ticket)).StatusId).toBe(66);

      const red = await png(createTestRaster(SIZE, SIZE, [200, 20, 20]));
      // Hostile and wrong uploads are refused without changing anything.
      expect(
        (await editor("Bob", "PUT", `/images/${ticket}/versions/4`, { bytes: red, type: "image/png" }))
          .status,
      ).toBe(404);
      expect(
        (await editor("Bob", "PUT", `/images/${ticket}/versions/0`, { bytes: red, type: "image/png" }))
          .status,
      ).toBe(422);
      expect(
        (await editor("Bob", "PUT", `/images/${ticket}/versions/x`, { bytes: red, type: "image/png" }))
          .status,
      ).toBe(422);
      const jpeg = await codec.encode(createTestRaster(SIZE, SIZE, [200, 20, 20]), {
        format: "jpg",
        quality: 90,
        dpi: 72,
      });
      const wrongType = await editor("Bob", "PUT", `/images/${ticket}/versions/1`, {
        bytes: jpeg,
        type: "image/jpeg",
      });
      expect(wrongType).toMatchObject({ status: 415, json: { error: "unsupported_media_type" } });
      expect(
        (
          await editor("Bob", "PUT", `/images/${ticket}/versions/1`, {
            bytes: Buffer.from("<svg/>"),
            type: "image/png",
          })
        ).status,
      ).toBe(415);
      // Two QA uploads of the same version at once: both land, the last one stays.
      const twice = await Promise.all(
        ["Ann", "Bob"].map((who) =>
          editor(who, "PUT", `/images/${ticket}/versions/1`, { bytes: red, type: "image/png" }),
        ),
      );
      expect(twice.map((r) => r.status)).toEqual([200, 200]);
      const detail = await editor("Bob", "GET", `/images/${ticket}`);
      expect((detail.json["versions"] as { uploadedBy: string | null }[])[0]?.uploadedBy).toMatch(
        /^(Ann|Bob)$/,
      );
      expect((detail.json["files"] as { name: string }[]).map((f) => f.name)).toContain("version-1");

      const approved = await editor("Bob", "POST", `/images/${ticket}/approve`);
      expect(approved, JSON.stringify(approved.json)).toMatchObject({ status: 200, json: { statusId: 70 } });
      await waitFor("80", async () => ((await status(ticket)).StatusId === 80 ? true : undefined), 60_000);

      const bodies = hooks.received.map((r) => JSON.parse(r.body) as Record<string, string>);
      expect(
        bodies.map((b) => [b["customerImageColorID"], b["templateId"], b["imageTicket"]]).sort(),
      ).toEqual(
        [
          ["", templateId, ticket],
          ["green", "", ticket],
          ["red", "", ticket],
          [String(colorwayId), "", ticket],
        ].sort(),
      );
      const { finals } = await status(ticket);
      expect(finals.map((u) => new URL(u).pathname.split("/").pop())).toEqual([
        "tee.png",
        "tee_red.png",
        "tee_green.png",
        `tee_colorway_${colorwayId}.png`,
      ]);
      const [main, redFinal, green, gold] = await Promise.all(
        finals.map(async (u) => Buffer.from(await (await fetch(u)).arrayBuffer())),
      );
      expect(main?.equals(result)).toBe(true);
      expect(redFinal?.equals(red)).toBe(true);
      // Rendered from the editor's result: the marker found the product through the attempt's layout.
      for (const [bytes, colour] of [
        [green, GREEN],
        [gold, GOLD],
      ] as const) {
        const raster = await codec.decode(bytes ?? Buffer.alloc(0), { maxPixels: 1_000_000 });
        expect(deltaE2000(meanLab(raster, body), rgbToLab(colour))).toBeLessThan(3);
      }
      // Charged once: the template and three versions at 0.50 each.
      expect((await t.call("GET", "Contact", creds())).body["Contact"]).toMatchObject({
        ContactAccountBalance: { Amount: -2 },
      });
      const events = await t.app.database.kysely
        .selectFrom("studio_editor_events")
        .select(["actor", "action"])
        .orderBy("id")
        .execute();
      expect(events.map((e) => e.action)).toEqual([
        "queued",
        "claimed",
        "submitted",
        "version_uploaded",
        "version_uploaded",
        "approved",
      ]);
      expect(events.at(-1)?.actor).toBe("Bob");
    },
  );
});
