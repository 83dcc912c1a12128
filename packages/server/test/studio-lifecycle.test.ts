// The studio lifecycle end to end over real HTTP, on both engines and both blob stores: direct upload,
// production with the real imaging pipeline, the signed webhook, status 80, and the final image.
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Dialect } from "../src/core/db/index.js";
import { deposit } from "../src/studio/billing/billing.service.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { startReceiver, type Receiver } from "./support/receiver.js";
import { startS3rver, type TestS3Server } from "./support/s3-server.js";
import { createProductPhoto, pixelAt, readImageSize } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

const hmac = (body: string, secret: string): string =>
  createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("base64");

/** Resize to exactly 200×150, keep the background, JPG: the plain (fast) path of the pipeline. */
const plainTemplate = {
  templateName: "Plain 200x150",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
  resizeType: "2",
  resizeWidth: "200",
  resizeHeight: "150",
};

const cases = testDialects.flatMap((d) =>
  (["local", "s3"] as const).map((s) => [d, s] as [Dialect, "local" | "s3"]),
);

describe.each(cases)("Studio lifecycle on %s with %s blobs", (dialect, storage) => {
  let s3: TestS3Server | undefined;
  let t: StudioTestApp;
  let receiver: Receiver;
  let contact: StudioAccount;
  let partner: StudioAccount;
  const creds = () => ({ contactEmail: contact.email, contactAPIkey: contact.key });

  beforeAll(async () => {
    if (storage === "s3") s3 = await startS3rver();
  }, 30_000);
  afterAll(async () => {
    await s3?.close();
  });
  beforeEach(async () => {
    // S3 checks presigned URLs against the real time, so the clock starts now.
    t = await createStudioTestApp(dialect, { ...(s3 ? { s3 } : {}), start: Date.now() });
    await t.listen();
    receiver = await startReceiver();
    contact = await t.createContact("shop@example.test", { directUpload: true, webhookEncoding: "json" });
    partner = await t.createPartner("dev@partner.test");
    await t.app.database.kysely
      .transaction()
      .execute((trx) => deposit(trx, contact.id, 1000, "Deposit", t.clock.now()));
    await t.app.startWorker();
  });
  afterEach(async () => {
    await receiver.close();
    await t.close();
  });

  async function status(ticket: string) {
    const r = await t.call("GET", `Image/${ticket}`, creds());
    return r.body as { ErrorCode: string; Message: string; ImageStatus: Record<string, unknown> };
  }

  it(
    "uploads, processes, signs the webhook, reaches 80 and serves the final image",
    { timeout: 60_000 },
    async () => {
      const template = await t.call("POST", "Template", { ...creds(), ...plainTemplate });
      expect(template.body.ErrorCode).toBe("NoError");
      const templateId = String(template.body["TemplateId"]);

      const presign = await t.call("POST", "RequestPresignUrls", { ...creds(), imageNames: ["shirt.jpg"] });
      expect(presign.body.ErrorCode).toBe("NoError");
      const [pair] = presign.body["PostingUrls"] as {
        DownloadUrl: string;
        ImageName: string;
        UploadUrl: string;
      }[];
      expect(pair?.ImageName).toBe("shirt.jpg");
      const put = await fetch(pair?.UploadUrl ?? "", {
        method: "PUT",
        body: await createProductPhoto(400, 300),
      });
      expect(put.status).toBeLessThan(300);

      const posted = await t.call("POST", "Image", {
        ...creds(),
        developerAPIkey: partner.key,
        templateId,
        imageURL: pair?.DownloadUrl,
        imageCallbackURL: `${receiver.url}/callback`,
        customerImageId: "12345",
        productId: "Crying Baby Tee 066",
      });
      expect(posted.body).toMatchObject({ ErrorCode: "NoError", IsTrial: false, CustomerImageId: "12345" });
      const ticket = posted.body["ImageTicket"] as string;

      const hook = await waitFor("the webhook", () => Promise.resolve(receiver.received[0]));
      expect(hook.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(hook.headers["http_x_pxz_customer_hmac_sha256"]).toBe(hmac(hook.body, contact.secret));
      expect(hook.headers["http_x_pxz_partner_hmac_sha256"]).toBe(hmac(hook.body, partner.secret));
      const params = JSON.parse(hook.body) as Record<string, string>;
      expect(params).toMatchObject({
        imageTicket: ticket,
        templateId,
        customerImageId: "12345",
        customerImageColorID: "",
      });

      const delivered = await waitFor("status 80", async () => {
        const s = await status(ticket);
        return s.ImageStatus["StatusId"] === 80 ? s : undefined;
      });
      expect(delivered.ImageStatus).toMatchObject({
        StatusName: "Delivered",
        IsPaid: true,
        ProductId: "Crying Baby Tee 066",
        CustomerImageId: "12345",
      });
      const finals = delivered.ImageStatus["FinalImagesURL"] as string[];
      expect(finals).toHaveLength(1);
      const final = await fetch(params["processedImageURL"] ?? "");
      expect(final.status).toBe(200);
      expect(final.headers.get("content-type")).toBe("image/jpeg");
      expect(await readImageSize(Buffer.from(await final.arrayBuffer()))).toEqual({
        width: 200,
        height: 150,
        format: "jpeg",
      });
      const thumb = await fetch(delivered.ImageStatus["ThumbnailImageURL"] as string);
      expect((await readImageSize(Buffer.from(await thumb.arrayBuffer()))).width).toBeLessThanOrEqual(300);
      // A tampered link is refused.
      expect((await fetch(`${finals[0] ?? ""}x`)).status).toBe(403);

      // Charged once: 0.50 (no removal) from the 10.00 deposit.
      const c = await t.call("GET", "Contact", creds());
      expect(c.body["Contact"]).toMatchObject({
        ContactAccountBalance: { Amount: 9.5, Currency: "USD", CurrencyId: 1 },
      });
    },
  );

  it(
    "removes the background and, without a callback URL, reaches 80 once the final is downloaded",
    { timeout: 90_000 },
    async () => {
      const template = await t.call("POST", "Template", {
        ...creds(),
        templateName: "White PNG",
        templateOutputFormat: "PNG",
        deliveryTimeInHour: "72",
        backgroundType: "1",
        backgroundColor: "FFFFFF",
      });
      expect(template.body.ErrorCode).toBe("NoError");
      const presign = await t.call("POST", "RequestPresignUrls", { ...creds(), imageNames: ["dress.png"] });
      const [pair] = presign.body["PostingUrls"] as { DownloadUrl: string; UploadUrl: string }[];
      await fetch(pair?.UploadUrl ?? "", { method: "PUT", body: await createProductPhoto(240, 180, "png") });
      const posted = await t.call("POST", "Image", {
        ...creds(),
        templateId: String(template.body["TemplateId"]),
        imageURL: pair?.DownloadUrl,
      });
      const ticket = posted.body["ImageTicket"] as string;
      const finished = await waitFor(
        "status 70",
        async () => {
          const s = await status(ticket);
          expect(s.ImageStatus["StatusId"]).not.toBe(90);
          return s.ImageStatus["StatusId"] === 70 ? s : undefined;
        },
        60_000,
      );
      const [url] = finished.ImageStatus["FinalImagesURL"] as string[];
      const bytes = Buffer.from(await (await fetch(url ?? "")).arrayBuffer());
      expect(await readImageSize(bytes)).toEqual({ width: 240, height: 180, format: "png" });
      // The light-grey backdrop became white; the product stayed red.
      expect(await pixelAt(bytes, 5, 5)).toEqual([255, 255, 255]);
      const [r, g] = await pixelAt(bytes, 120, 90);
      expect(r).toBeGreaterThan(120);
      expect(g).toBeLessThan(60);
      expect((await status(ticket)).ImageStatus["StatusId"]).toBe(80);
      expect(receiver.received).toHaveLength(0);
    },
  );
});
