// Studio images on both engines: DELETE and REJECT rules, nonticket lookups, tenant isolation, lists and
// counts, ProductIds, stacks, deadlines, and concurrent DELETEs racing the worker's claim.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { produceTask } from "../src/studio/images/image.tasks.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createProductPhoto } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

const MINUTE = 60_000;
const plainTemplate = {
  templateName: "Plain",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
};

describe.each(testDialects)("Studio images on %s", (dialect) => {
  let t: StudioTestApp;
  let photoServer: http.Server;
  let photoUrl: string;
  let a: StudioAccount;
  let b: StudioAccount;
  const as = (c: StudioAccount) => ({ contactEmail: c.email, contactAPIkey: c.key });

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    const photo = await createProductPhoto(80, 60);
    photoServer = http.createServer((_req, res) =>
      res.writeHead(200, { "content-type": "image/jpeg" }).end(photo),
    );
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/photo.jpg`;
    a = await t.createContact("a@example.test", { creditLimit: 100_000 });
    b = await t.createContact("b@example.test", { creditLimit: 100_000 });
  });
  afterEach(async () => {
    photoServer.closeAllConnections();
    await new Promise((resolve) => photoServer.close(resolve));
    await t.close();
  });

  async function post(
    c: StudioAccount,
    fields: Record<string, unknown> = {},
    method = "Image",
  ): Promise<string> {
    const r = await t.call("POST", method, { ...as(c), imageURL: photoUrl, ...fields });
    expect(r.body.ErrorCode, r.body.Message).toBe("NoError");
    return r.body["ImageTicket"] as string;
  }

  async function statusId(c: StudioAccount, ticket: string): Promise<number> {
    const r = await t.call("GET", `Image/${ticket}`, as(c));
    return (r.body["ImageStatus"] as { StatusId: number }).StatusId;
  }

  it(
    "deletes only before production and rejects only finished images: redone automatically, or sent to an editor with the comment",
    { timeout: 60_000 },
    async () => {
      const templateId = String(
        (await t.call("POST", "Template", { ...as(a), ...plainTemplate })).body["TemplateId"],
      );
      const first = await post(a, { templateId, customerImageId: "c-1" });
      const tooEarly = await t.call("PUT", "Image/Reject/nonticket", {
        ...as(a),
        customerImageId: "c-1",
        comment: "x",
      });
      expect(tooEarly.body).toMatchObject({
        ErrorCode: "InvalidImageStatus",
        Message: expect.stringMatching(/New \(10\)/) as string,
      });
      const del = await t.call("DELETE", "Image/nonticket", { ...as(a), customerImageId: "c-1" });
      expect(del.body).toEqual({ ErrorCode: "NoError", Message: "Image was deleted" });
      expect(await statusId(a, first)).toBe(0);
      const again = await t.call("DELETE", `Image/${first}`, as(a));
      expect(again.body.ErrorCode).toBe("InvalidImageStatus");

      const second = await post(a, {
        templateId,
        customerImageId: "c-2",
        comment: "Please adjust the brightness.",
      });
      await t.app.startWorker();
      await waitFor("70", async () => ((await statusId(a, second)) === 70 ? true : undefined));
      const late = await t.call("DELETE", `Image/${second}`, as(a));
      expect(late.body).toMatchObject({
        ErrorCode: "InvalidImageStatus",
        Message: expect.stringMatching(/Production Finished \(70\)/) as string,
      });
      // Without a comment: produced again automatically.
      const redo = await t.call("PUT", `Image/Reject/${second.toUpperCase()}`, {
        ...as(a),
        markupImageUrl: "http://www.mydomain.test/markings/marking.png",
      });
      expect(redo.body).toEqual({ ErrorCode: "NoError", Message: "Image was rejected." });
      await waitFor("70 again", async () => ((await statusId(a, second)) === 70 ? true : undefined));
      // With a comment: a person has to read it, so the image waits in the editor queue with the reason.
      const reject = await t.call("PUT", `Image/Reject/${second.toUpperCase()}`, {
        ...as(a),
        comment: "Free text comment",
      });
      expect(reject.body).toEqual({ ErrorCode: "NoError", Message: "Image was rejected." });
      const queued = await t.call("GET", `Image/${second}`, as(a));
      expect(queued.body).toMatchObject({
        Message: 'Sent to an editor: rejected by the customer: "Free text comment"',
        ImageStatus: { StatusId: 62, StatusName: "Assigned to editor", FinalImagesURL: [] },
      });
      const row = await t.app.database.kysely
        .selectFrom("studio_images")
        .select(["round", "request", "comment", "charged_at"])
        .where("ticket", "=", second)
        .executeTakeFirstOrThrow();
      expect(row.round).toBe(3);
      expect(row.comment).toBe("Please adjust the brightness.");
      expect(JSON.parse(row.request)).toMatchObject({
        rejections: [
          { comment: null, markupImageUrl: "http://www.mydomain.test/markings/marking.png" },
          { comment: "Free text comment", markupImageUrl: null },
        ],
      });
      // Charged once (0.50) although produced twice; the deleted image was never charged.
      const ledger = await t.app.database.kysely
        .selectFrom("studio_ledger")
        .select(["kind", "amount"])
        .execute();
      expect(ledger).toEqual([{ kind: "charge", amount: -50 }]);
    },
  );

  it("answers ImageNotFound for another contact's ticket, whatever the call", async () => {
    const ticket = await post(a, { customerImageId: "shared-id" });
    expect((await t.call("GET", `Image/${ticket}`, as(b))).body).toMatchObject({
      ErrorCode: "ImageNotFound",
      ImageStatus: null,
    });
    expect((await t.call("DELETE", `Image/${ticket}`, as(b))).body.ErrorCode).toBe("ImageNotFound");
    expect((await t.call("PUT", `Image/Reject/${ticket}`, as(b))).body.ErrorCode).toBe("ImageNotFound");
    expect(
      (await t.call("GET", "Image/nonticket", { ...as(b), customerImageId: "shared-id" })).body.ErrorCode,
    ).toBe("ImageNotFound");
    expect((await t.call("GET", "Images", as(b))).body["Images"]).toEqual([]);
    expect((await t.call("GET", "Image/not-a-ticket", as(a))).body.ErrorCode).toBe("InvalidParameter");
    expect(await statusId(a, ticket)).toBe(10);
  });

  it("lists with the spec's filters, sorting and paging; counts; ProductIds with Done/Todo", async () => {
    const db = t.app.database.kysely;
    const day = (d: number) => Date.UTC(2026, 0, d, 10, 0, 0);
    const plan: [string, number, number][] = [
      ["shirt", 80, day(1)],
      ["shirt", 70, day(2)],
      ["shirt", 30, day(3)],
      ["shoe", 12, day(3)],
      ["shoe", 100, day(4)],
      ["hat", 0, day(5)],
    ];
    const tickets: string[] = [];
    for (const [productId, status, created] of plan) {
      const ticket = await post(a, { productId });
      await db
        .updateTable("studio_images")
        .set({ status, created_at: created })
        .where("ticket", "=", ticket)
        .execute();
      tickets.push(ticket);
    }
    await post(b, { productId: "shirt" });
    const list = async (q: Record<string, string>) =>
      (
        (await t.call("GET", "Images", { ...as(a), ...q })).body["Images"] as {
          ImageTicket: string;
          StatusId: number;
        }[]
      ).map((i) => i.ImageTicket);
    expect(await list({})).toEqual(tickets);
    expect(await list({ imageStatus: "70" })).toEqual([tickets[1]]);
    expect(await list({ excludeImageStatus: "0", productId: "shoe" })).toEqual([tickets[3], tickets[4]]);
    expect(await list({ fromDate: "2026-01-02", toDate: "2026-01-03" })).toEqual([
      tickets[1],
      tickets[2],
      tickets[3],
    ]);
    expect(await list({ sortBy: "status", isDescending: "true", imagesPerPage: "2" })).toEqual([
      tickets[4],
      tickets[0],
    ]);
    expect(await list({ page: "2", imagesPerPage: "4" })).toEqual([tickets[4], tickets[5]]);
    expect(await list({ sortBy: "date", isDescending: "true", imagesPerPage: "1000" })).toHaveLength(6);
    expect((await t.call("GET", "Images", { ...as(a), sortBy: "name" })).body.ErrorCode).toBe(
      "InvalidParameter",
    );
    expect((await t.call("GET", "Images", { ...as(a), imageStatus: "55" })).body.ErrorCode).toBe(
      "InvalidParameter",
    );
    expect((await t.call("GET", "Images", { ...as(a), fromDate: "2026-13-01" })).body.ErrorCode).toBe(
      "InvalidParameter",
    );
    expect((await t.call("GET", "Images", { ...as(a), page: "0" })).body.ErrorCode).toBe("InvalidParameter");

    const count = async (q: Record<string, string>) =>
      (await t.call("GET", "Images/Count", { ...as(a), ...q })).body["ImagesCount"];
    expect(await count({})).toBe(6);
    expect(await count({ imageStatus: "12" })).toBe(1);
    expect(await count({ toDate: "2026-01-03 00:00:00" })).toBe(2);

    const products = await t.call("GET", "ProductIds", as(a));
    expect(products.body["ProductIds"]).toEqual([
      { DoneCount: 0, ProductId: "hat", TodoCount: 0 },
      { DoneCount: 2, ProductId: "shirt", TodoCount: 1 },
      { DoneCount: 1, ProductId: "shoe", TodoCount: 0 },
    ]);
    const page2 = await t.call("GET", "ProductIds", { ...as(a), page: "2", productIdsPerPage: "2" });
    expect(page2.body["ProductIds"]).toEqual([{ DoneCount: 1, ProductId: "shoe", TodoCount: 0 }]);
  });

  it("groups StackImage posts of one productId within 5 minutes into one stack", async () => {
    const first = await post(a, { productId: "tee" }, "StackImage");
    t.clock.advance(4 * MINUTE);
    const second = await post(a, { productId: "tee" }, "StackImage");
    t.clock.advance(6 * MINUTE);
    const third = await post(a, { productId: "tee" }, "StackImage");
    const other = await post(a, { productId: "cap" }, "StackImage");
    const rows = await t.app.database.kysely
      .selectFrom("studio_images")
      .select(["ticket", "stack_id", "kind"])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { ticket: first, stack_id: first, kind: "stack" },
      { ticket: second, stack_id: first, kind: "stack" },
      { ticket: third, stack_id: third, kind: "stack" },
      { ticket: other, stack_id: other, kind: "stack" },
    ]);
  });

  it("validates deadlines against the contact's minimum", async () => {
    const strict = await t.createContact("strict@example.test", { minDeadlineHours: 48, creditLimit: 1000 });
    const refused = await t.call("POST", "Image", {
      ...as(strict),
      imageURL: photoUrl,
      imageDeadlineDateTimeUTC: "2026-01-12 00:00:00",
    });
    expect(refused.body).toMatchObject({
      ErrorCode: "InvalidParameter",
      Message: "imageDeadlineDateTimeUTC must be at least 48 hours ahead (2026-01-12 12:00:00 UTC or later).",
    });
    await post(strict, { imageDeadlineDateTimeUTC: "2026-01-12 12:00:00" });
    const bad = await t.call("POST", "Image", {
      ...as(a),
      imageURL: photoUrl,
      imageDeadlineDateTimeUTC: "2026-02-30 10:00:00",
    });
    expect(bad.body.ErrorCode).toBe("InvalidParameter");
  });

  it(
    "never both deletes and produces an image when DELETEs race the worker's claim",
    { timeout: 60_000 },
    async () => {
      const db = t.app.database.kysely;
      const key = "studio/test/photo.jpg";
      await t.app.blobs.put(key, await createProductPhoto(80, 60), { contentType: "image/jpeg" });
      const tickets: string[] = [];
      for (let i = 0; i < 12; i++) tickets.push(await post(a));
      // Downloaded already: ready for production, the production jobs queued.
      await db
        .updateTable("studio_images")
        .set({ status: 30, source_keys: JSON.stringify([key]) })
        .execute();
      for (const row of await db.selectFrom("studio_images").select("id").execute())
        await t.app.queue.enqueue(
          db,
          produceTask,
          { imageId: row.id, round: 1 },
          { key: `studio.produce:${row.id}` },
        );
      await t.app.startWorker();
      const answers = await Promise.all(
        tickets.map(async (ticket, i) => {
          // Staggered, so some DELETEs land before, during and after the worker claims their image.
          await new Promise((r) => setTimeout(r, i * 25));
          return t.call("DELETE", `Image/${ticket}`, as(a));
        }),
      );
      const settled = await waitFor("every image deleted or finished", async () => {
        const rows = await db
          .selectFrom("studio_images")
          .select(["id", "ticket", "status", "charged_at"])
          .execute();
        return rows.every((r) => r.status === 0 || r.status === 70) ? rows : undefined;
      });
      for (const [i, ticket] of tickets.entries()) {
        const row = settled.find((r) => r.ticket === ticket);
        const versions = await db
          .selectFrom("studio_image_versions")
          .select("id")
          .where("image_id", "=", row?.id ?? 0)
          .execute();
        if (answers[i]?.body.ErrorCode === "NoError") {
          expect(row?.status).toBe(0);
          expect(versions).toHaveLength(0);
          expect(row?.charged_at).toBeNull();
        } else {
          expect(answers[i]?.body.ErrorCode).toBe("InvalidImageStatus");
          expect(row?.status).toBe(70);
          expect(versions).toHaveLength(1);
        }
      }
      const contact = await db
        .selectFrom("studio_contacts")
        .select(["reserved", "balance"])
        .where("id", "=", a.id)
        .executeTakeFirstOrThrow();
      // Each produced image was charged its price (White Glove: no template given), the deleted ones nothing.
      const charged = await db.selectFrom("studio_ledger").select(["image_id", "amount"]).execute();
      const produced = settled.filter((r) => r.status === 70);
      expect(charged.map((c) => c.image_id).sort()).toEqual(produced.map((r) => r.id).sort());
      expect(contact).toEqual({ reserved: 0, balance: charged.reduce((n, c) => n + c.amount, 0) });
    },
  );
});
