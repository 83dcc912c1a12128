// The Studio client against a live Pixl server: every JSON method, direct upload, waiting for production,
// and ErrorCode failures as typed exceptions, on both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProductPhoto } from "../../server/test/support/studio-photos.js";
import {
  ImageFailedError,
  StudioApiError,
  createStudioClient,
  isImageFinished,
  isStudioError,
  type StudioClient,
} from "../src/index.js";
import { studioRoutes } from "../src/generated/studio-api.js";
import { startLiveServer, testDialects, type LiveContact, type LiveServer } from "./support/live-server.js";

const plainTemplate = {
  templateName: "Plain 200x150",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: 72,
  backgroundType: 0,
  resizeType: 2,
  resizeWidth: 200,
  resizeHeight: 150,
};

describe.each(testDialects)("Studio client against a live server on %s", (dialect) => {
  // Every JSON request the clients send, as `METHOD /path`, to check each method was called.
  const sent: string[] = [];
  const recording = (input: string, init?: RequestInit) => {
    sent.push(`${init?.method ?? "GET"} ${new URL(input).pathname}`);
    return fetch(input, init);
  };
  let server: LiveServer;
  let contact: LiveContact;
  let partner: LiveContact;
  let studio: StudioClient;
  beforeAll(async () => {
    server = await startLiveServer(dialect);
    contact = await server.createContact("shop@example.test");
    partner = await server.createPartner("dev@partner.test");
    studio = createStudioClient({
      url: server.url,
      contactEmail: contact.email,
      contactAPIkey: contact.apiKey,
      fetch: recording,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "uploads, submits, waits for the finished image, downloads it, lists, counts and rejects",
    { timeout: 90_000 },
    async () => {
      const template = await studio.addTemplate(plainTemplate);
      expect(template.ErrorCode).toBe("NoError");
      const templateId = template.TemplateId;
      expect((await studio.getTemplate({ templateId })).Template).toMatchObject({ Name: "Plain 200x150" });
      expect((await studio.listTemplates()).Templates.map((t) => t.TemplateId)).toContain(templateId);

      const pair = await studio.upload({ name: "shirt.jpg", data: await createProductPhoto(400, 300) });
      expect(pair.ImageName).toBe("shirt.jpg");
      const posted = await studio.addImage({
        templateId,
        imageURL: pair.DownloadUrl,
        customerImageId: "12345",
        productId: "Tee 066",
      });
      expect(posted).toMatchObject({ ErrorCode: "NoError", CustomerImageId: "12345" });
      const polls: number[] = [];
      const finished = await studio.waitForImage(posted.ImageTicket, {
        intervalMs: 100,
        timeoutMs: 80_000,
        onPoll: (s) => polls.push(s.StatusId),
      });
      expect(finished.StatusId).toBeGreaterThanOrEqual(70);
      expect(polls.at(-1)).toBe(finished.StatusId);
      const final = await fetch(finished.FinalImagesURL[0] ?? "");
      expect(final.headers.get("content-type")).toBe("image/jpeg");

      expect(
        (await studio.getImageStatus({ imageTicket: "nonticket", customerImageId: "12345" })).ImageStatus,
      ).toMatchObject({ ImageTicket: posted.ImageTicket });
      expect((await studio.listImages({ productId: "Tee 066" })).Images.map((i) => i.ImageTicket)).toEqual([
        posted.ImageTicket,
      ]);
      expect((await studio.countImages()).ImagesCount).toBe(1);
      expect((await studio.listProductIds()).ProductIds).toEqual([
        { ProductId: "Tee 066", DoneCount: 1, TodoCount: 0 },
      ]);
      expect(
        (await studio.rejectImage({ imageTicket: posted.ImageTicket, comment: "too dark" })).ErrorCode,
      ).toBe("NoError");
      // Back to production (40, then a worker claims it at once) and finished again.
      const redone = await studio.getImageStatus({ imageTicket: posted.ImageTicket });
      expect([40, 60, 62, 64, 66, 70, 80]).toContain(redone.ImageStatus?.StatusId);
      expect(isImageFinished(await studio.waitForImage(posted.ImageTicket, { intervalMs: 100 }))).toBe(true);
    },
  );

  it("submits white-glove and stack images, colour libraries, deletes, and reads contact and invoices", async () => {
    const [a, b] = await studio.uploadMany([
      { name: "a.jpg", data: await createProductPhoto(120, 90) },
      { name: "b.png", data: await createProductPhoto(120, 90, "png") },
    ]);
    const glove = await studio.addWhiteGloveImage({ imageURL: a?.DownloadUrl ?? "" });
    expect(glove.ErrorCode).toBe("NoError");
    const template = await studio.addTemplate(plainTemplate);
    const stack = await studio.addStackImage({
      templateId: template.TemplateId,
      imageURL: b?.DownloadUrl ?? "",
      productId: "stack-1",
    });
    expect(stack.ImageTicket).toMatch(/^[0-9a-f-]{36}$/);
    const colors = await studio.addColorLibrary({ imagesUrl: [a?.DownloadUrl ?? ""] });
    expect(colors.ColorwayIds).toHaveLength(1);
    // Deleting right away may race production; either answer is a studio answer, never a transport error.
    const deleted = await studio.deleteImage({ imageTicket: glove.ImageTicket }).catch((e: unknown) => e);
    if (deleted instanceof StudioApiError) expect(deleted.code).toBe("InvalidImageStatus");
    else expect(deleted).toMatchObject({ ErrorCode: "NoError" });

    const me = await studio.getContact();
    expect(me.Contact).toMatchObject({ ContactEmail: "shop@example.test" });
    expect(Array.isArray((await studio.listInvoices()).Invoices)).toBe(true);

    const asPartner = createStudioClient({
      url: server.url,
      contactEmail: "",
      contactAPIkey: "",
      fetch: recording,
    });
    const created = await asPartner.createContact({
      developerEmail: partner.email,
      developerAPIkey: partner.apiKey,
      contactEmail: `new-${dialect}@customer.test`,
      contactName: "New Customer",
      countryCode: "US",
    });
    expect(created.ContactAPIkey).toBeTruthy();
    expect(created.ContactEmail).toBe(`new-${dialect}@customer.test`);
  });

  it("throws ErrorCode failures as StudioApiError with the code", async () => {
    const missing = await studio
      .getImageStatus({ imageTicket: "8de624ab-593b-409d-8324-eb4890c4b867" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(StudioApiError);
    expect(isStudioError(missing, "ImageNotFound")).toBe(true);
    expect((missing as StudioApiError).status).toBe(200);
    const wrong = createStudioClient({ url: server.url, contactEmail: contact.email, contactAPIkey: "nope" });
    await expect(wrong.getContact()).rejects.toMatchObject({ code: "InvalidContact" });
    await expect(studio.getTemplate({ templateId: 999999 })).rejects.toMatchObject({
      code: "TemplateNotFound",
    });
    await expect(studio.addImage({ templateId: 1, imageURL: "" })).rejects.toMatchObject({
      code: "MissingRequiredInformation",
    });
  });

  it(
    "waitForImage throws ImageFailedError when the source cannot be fetched",
    { timeout: 60_000 },
    async () => {
      const template = await studio.addTemplate(plainTemplate);
      const posted = await studio.addImage({
        templateId: template.TemplateId,
        imageURL: `${server.url}/no-such-image.jpg`,
      });
      const failed = await studio
        .waitForImage(posted.ImageTicket, { intervalMs: 100 })
        .catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ImageFailedError);
      expect((failed as ImageFailedError).status.StatusId).toBe(12);
    },
  );

  it("has called every JSON method of the Studio contract", () => {
    const missing = Object.entries(studioRoutes).filter(([, route]) => {
      const pattern = new RegExp(
        `^${route.method} /REST\\.svc/JSON/${route.path.replace(/\{\w+\}/g, "[^/]+")}$`,
      );
      return !sent.some((s) => pattern.test(s));
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });
});
