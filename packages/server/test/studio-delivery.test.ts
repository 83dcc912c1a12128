// Studio deliveries on both engines: colour versions with their own webhooks, the 72/74/76/78 statuses under
// a fake clock, and the text/plain body for express.text() receivers.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { createSharpCodec } from "@pixl/imaging";
import { createTestRaster } from "../../imaging/src/testing/photo-fixtures.js";
import { createProductPhoto, pixelAt } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const plainTemplate = {
  templateName: "Plain",
  templateOutputFormat: "PNG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
};

describe.each(testDialects)("Studio deliveries on %s", (dialect) => {
  let t: StudioTestApp;
  let receiver: Receiver;
  let photoServer: http.Server;
  let photoUrl: string;
  let contact: StudioAccount;
  const creds = () => ({ contactEmail: contact.email, contactAPIkey: contact.key });

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    receiver = await startReceiver();
    const photo = await createProductPhoto(100, 80);
    // A swatch for the colour library: a yellow fabric filling the frame.
    const swatch = await createSharpCodec().encode(createTestRaster(30, 30, [230, 190, 30]), {
      format: "png",
      quality: 90,
      dpi: 72,
    });
    photoServer = http.createServer((req, res) =>
      req.url?.startsWith("/swatch")
        ? res.writeHead(200, { "content-type": "image/png" }).end(swatch)
        : res.writeHead(200, { "content-type": "image/jpeg" }).end(photo),
    );
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/tee.jpg`;
    contact = await t.createContact("shop@example.test", { creditLimit: 10_000, webhookEncoding: "text" });
    await t.listen();
  });
  afterEach(async () => {
    photoServer.closeAllConnections();
    await new Promise((resolve) => photoServer.close(resolve));
    await receiver.close();
    await t.close();
  });

  async function statusId(ticket: string): Promise<number> {
    const r = await t.call("GET", `Image/${ticket}`, creds());
    return (r.body["ImageStatus"] as { StatusId: number }).StatusId;
  }

  it(
    "makes each colour version an output with its own webhook, and 80 once all are acknowledged",
    { timeout: 60_000 },
    async () => {
      const templateId = String(
        (await t.call("POST", "Template", { ...creds(), ...plainTemplate })).body["TemplateId"],
      );
      const library = await t.call("POST", "AddColorLibrary", {
        ...creds(),
        imagesUrl: [photoUrl.replace("/tee.jpg", "/swatch-a.png")],
      });
      expect(library.body).toMatchObject({
        ErrorCode: "NoError",
        ColorwayIds: [expect.any(Number) as number],
      });
      const colorwayId = String((library.body["ColorwayIds"] as number[])[0]);
      const posted = await t.call("POST", "Image", {
        ...creds(),
        templateId,
        imageURL: photoUrl,
        imageCallbackURL: `${receiver.url}/hook`,
        customerImageId: "12345",
        colorwayIds: [colorwayId],
        colorChangeRequests: [
          {
            colorChangeRequestMarkers: [{ swatchColorCode: "#0000FF", markerX: "50", markerY: "40" }],
            customerImageColorID: "color1",
            outputFileName: "12415_color1.png",
          },
          {
            colorChangeRequestMarkers: [{ swatchColorCode: "#00FF00", markerX: "50", markerY: "40" }],
            customerImageColorID: "color2",
            outputFileName: "12415_color2.png",
          },
        ],
      });
      expect(posted.body.ErrorCode).toBe("NoError");
      const ticket = posted.body["ImageTicket"] as string;
      await t.app.startWorker();
      await waitFor("four webhooks", () => Promise.resolve(receiver.received.length >= 4 ? true : undefined));
      const bodies = receiver.received.map((r) => {
        expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
        expect(r.headers["http_x_pxz_customer_hmac_sha256"]).toBe(
          createHmac("sha256", contact.secret).update(r.body).digest("base64"),
        );
        expect(r.headers["http_x_pxz_partner_hmac_sha256"]).toBeUndefined();
        return JSON.parse(r.body) as Record<string, string>;
      });
      bodies.sort((x, y) => (x["customerImageColorID"] ?? "").localeCompare(y["customerImageColorID"] ?? ""));
      expect(bodies.map((b) => [b["templateId"], b["customerImageColorID"], b["customerImageId"]])).toEqual([
        [templateId, "", "12345"],
        ["", colorwayId, "12345"],
        ["", "color1", "12345"],
        ["", "color2", "12345"],
      ]);
      await waitFor("80", async () => ((await statusId(ticket)) === 80 ? true : undefined));
      const finals = (
        (await t.call("GET", `Image/${ticket}`, creds())).body["ImageStatus"] as { FinalImagesURL: string[] }
      ).FinalImagesURL;
      expect(finals.map((u) => new URL(u).pathname.split("/").pop())).toEqual([
        "tee.png",
        "12415_color1.png",
        "12415_color2.png",
        `tee_colorway_${colorwayId}.png`,
      ]);
      const pixel = async (url: string) =>
        pixelAt(Buffer.from(await (await fetch(url)).arrayBuffer()), 50, 40);
      const [main, blue, green, yellow] = await Promise.all(finals.map(pixel));
      expect(main?.[0]).toBeGreaterThan(120); // the red product
      expect(blue?.[2]).toBeGreaterThan(200);
      expect(blue?.[0]).toBeLessThan(60);
      expect(green?.[1]).toBeGreaterThan(200);
      // The colourway version: the product takes the swatch's yellow.
      expect(yellow?.[0]).toBeGreaterThan(180);
      expect(yellow?.[1]).toBeGreaterThan(140);
      expect(yellow?.[2]).toBeLessThan(90);
      // The backdrop, far from the marker's colour, is untouched.
      expect(await pixelAt(Buffer.from(await (await fetch(finals[1] ?? "")).arrayBuffer()), 2, 2)).toEqual(
        await pixelAt(Buffer.from(await (await fetch(finals[0] ?? "")).arrayBuffer()), 2, 2),
      );
      // Template 0.50 + two colour versions and one colourway version at 0.50.
      expect((await t.call("GET", "Contact", creds())).body["Contact"]).toMatchObject({
        ContactAccountBalance: { Amount: -2 },
      });
    },
  );

  it(
    "calls the template's callbackUrl when the image has none, the image's when it has one",
    { timeout: 60_000 },
    async () => {
      const template = await t.call("POST", "Template", {
        ...creds(),
        ...plainTemplate,
        isCombinedImages: "false",
        callbackUrl: `${receiver.url}/template-hook`,
        comment: "from AddTemplate",
      });
      expect(template.body.ErrorCode).toBe("NoError");
      const templateId = String(template.body["TemplateId"]);
      const spec = await t.call("GET", `Template/${templateId}`, creds());
      expect(spec.body["Template"]).toMatchObject({
        CallbackUrl: `${receiver.url}/template-hook`,
        Comment: "from AddTemplate",
      });
      await t.call("POST", "Image", {
        ...creds(),
        templateId,
        imageURL: photoUrl,
        customerImageId: "by-template",
      });
      await t.call("POST", "Image", {
        ...creds(),
        templateId,
        imageURL: photoUrl,
        customerImageId: "by-image",
        imageCallbackURL: `${receiver.url}/image-hook`,
      });
      await t.app.startWorker();
      await waitFor("two webhooks", () => Promise.resolve(receiver.received.length >= 2 ? true : undefined));
      const byPath = Object.fromEntries(
        receiver.received.map((r) => [
          r.url,
          (JSON.parse(r.body) as Record<string, string>)["customerImageId"],
        ]),
      );
      expect(byPath).toEqual({ "/template-hook": "by-template", "/image-hook": "by-image" });
    },
  );

  it(
    "moves 70 → 72 → 74 → 76 → 78 as the four attempts fail, and 80 when a redelivery succeeds",
    { timeout: 60_000 },
    async () => {
      receiver.setReply((_req, res) => res.writeHead(500).end("down"));
      const posted = await t.call("POST", "WhiteGloveService", {
        ...creds(),
        imageURL: photoUrl,
        imageCallbackURL: `${receiver.url}/hook`,
      });
      const ticket = posted.body["ImageTicket"] as string;
      await t.app.startWorker();
      const seen: number[] = [];
      for (const [expected, wait] of [
        [72, 5 * MINUTE],
        [74, HOUR],
        [76, 5 * HOUR],
        [78, 0],
      ] as const) {
        await waitFor(`status ${expected}`, async () =>
          (await statusId(ticket)) === expected ? true : undefined,
        );
        seen.push(expected);
        t.clock.advance(wait);
      }
      expect(seen).toEqual([72, 74, 76, 78]);
      expect(receiver.received).toHaveLength(4);
      // 78 is finished too: the customer may still reject it; a redelivery that succeeds makes it 80.
      receiver.setReply((_req, res) => res.writeHead(200).end("OK"));
      const [delivery] = await t.app.database.kysely.selectFrom("webhook_deliveries").select("id").execute();
      await t.app.webhooks.redeliver({ kind: "contact", id: contact.id }, delivery?.id ?? "");
      await waitFor("80", async () => ((await statusId(ticket)) === 80 ? true : undefined));
    },
  );
});
