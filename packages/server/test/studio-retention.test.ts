// Studio retention under a fake clock on both engines: finished images close after 30 days (100, no more
// REJECT), their files go 30 days later (999); deleted images lose their files but keep status 0.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createProductPhoto } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

const DAY = 86_400_000;

describe.each(testDialects)("Studio retention on %s", (dialect) => {
  let t: StudioTestApp;
  let photoServer: http.Server;
  let photoUrl: string;
  let c: StudioAccount;
  const creds = () => ({ contactEmail: c.email, contactAPIkey: c.key });

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    const photo = await createProductPhoto(80, 60);
    photoServer = http.createServer((_req, res) =>
      res.writeHead(200, { "content-type": "image/jpeg" }).end(photo),
    );
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/p.jpg`;
    c = await t.createContact("c@example.test", { creditLimit: 10_000 });
    await t.listen();
  });
  afterEach(async () => {
    photoServer.closeAllConnections();
    await new Promise((resolve) => photoServer.close(resolve));
    await t.close();
  });

  async function status(ticket: string) {
    return (await t.call("GET", `Image/${ticket}`, creds())).body["ImageStatus"] as {
      StatusId: number;
      FinalImagesURL: string[];
    };
  }

  it("closes after 30 days and removes the files 30 days later", { timeout: 60_000 }, async () => {
    const finished = (await t.call("POST", "WhiteGloveService", { ...creds(), imageURL: photoUrl })).body[
      "ImageTicket"
    ] as string;
    const second = (await t.call("POST", "WhiteGloveService", { ...creds(), imageURL: photoUrl })).body[
      "ImageTicket"
    ] as string;
    await t.app.startWorker();
    const done = await waitFor("70", async () => {
      const s = await status(finished);
      return s.StatusId === 70 ? s : undefined;
    });
    const [finalUrl] = done.FinalImagesURL;
    await waitFor("the second at 70", async () =>
      (await status(second)).StatusId === 70 ? true : undefined,
    );
    const keys = await t.app.database.kysely
      .selectFrom("studio_images")
      .select(["ticket", "source_keys"])
      .execute();

    t.clock.advance(29 * DAY);
    await new Promise((r) => setTimeout(r, 300));
    expect((await status(finished)).StatusId).toBe(70);

    t.clock.advance(DAY + 2 * 3_600_000);
    await waitFor("100", async () => ((await status(finished)).StatusId === 100 ? true : undefined));
    const reject = await t.call("PUT", `Image/Reject/${finished}`, { ...creds(), comment: "too late" });
    expect(reject.body).toMatchObject({
      ErrorCode: "InvalidImageStatus",
      Message: expect.stringMatching(/Closed \(100\)/) as string,
    });
    // Still downloadable while closed (the link is fresh: links live 7 days).
    const fresh = (await status(finished)).FinalImagesURL[0] ?? "";
    expect((await fetch(fresh)).status).toBe(200);

    t.clock.advance(30 * DAY + 2 * 3_600_000);
    const removed = await waitFor("999", async () => {
      const s = await status(finished);
      return s.StatusId === 999 ? s : undefined;
    });
    expect(removed.FinalImagesURL).toEqual([]);
    // The old link is past its lifetime and the file is gone anyway.
    expect((await fetch(finalUrl ?? "")).status).toBe(403);
    await waitFor("every image's files removed", async () => {
      const rows = await t.app.database.kysely
        .selectFrom("studio_images")
        .select(["status", "files_removed_at"])
        .execute();
      return rows.every((r) => r.files_removed_at !== null && r.status === 999) ? rows : undefined;
    });
    for (const row of keys)
      for (const key of JSON.parse(row.source_keys) as string[])
        expect(await t.app.blobs.find(key)).toBeUndefined();
  });

  it(
    "removes a deleted image's files after 30 days and keeps its status 0",
    { timeout: 30_000 },
    async () => {
      const ticket = (
        await t.call("POST", "WhiteGloveService", { ...creds(), imageURL: "http://127.0.0.1:1/never.jpg" })
      ).body["ImageTicket"] as string;
      expect((await t.call("DELETE", `Image/${ticket}`, creds())).body.ErrorCode).toBe("NoError");
      await t.app.startWorker();
      t.clock.advance(31 * DAY);
      await waitFor("files removed", async () => {
        const row = await t.app.database.kysely
          .selectFrom("studio_images")
          .select(["status", "files_removed_at"])
          .executeTakeFirstOrThrow();
        return row.files_removed_at !== null ? row : undefined;
      });
      expect((await status(ticket)).StatusId).toBe(0);
    },
  );

  it(
    "ends an image whose job is gone (a worker crashed on its last attempt) and gives its reservation back",
    { timeout: 30_000 },
    async () => {
      const db = t.app.database.kysely;
      const post = async () =>
        (await t.call("POST", "WhiteGloveService", { ...creds(), imageURL: "http://127.0.0.1:1/x.jpg" }))
          .body["ImageTicket"] as string;
      const lost = await post();
      const waiting = await post();
      const old = t.clock.now() - 2 * 3_600_000;
      const lostRow = await db
        .selectFrom("studio_images")
        .select("id")
        .where("ticket", "=", lost)
        .executeTakeFirstOrThrow();
      await db
        .updateTable("studio_images")
        .set({ status: 62, updated_at: old })
        .where("ticket", "=", lost)
        .execute();
      await db.deleteFrom("jobs").where("key", "=", `studio.download:${lostRow.id}`).execute();
      await db.updateTable("studio_images").set({ updated_at: old }).where("ticket", "=", waiting).execute();
      await t.app.startWorker();
      const ended = await waitFor("90", async () => {
        const r = (await t.call("GET", `Image/${lost}`, creds())).body as unknown as {
          Message: string;
          ImageStatus: { StatusId: number };
        };
        return r.ImageStatus.StatusId === 90 ? r : undefined;
      });
      expect(ended.Message).toBe("The production stopped unexpectedly; please send the image again.");
      // The other image still has its (retrying) download job: left alone.
      expect((await status(waiting)).StatusId).toBe(10);
      const contact = await db
        .selectFrom("studio_contacts")
        .select("reserved")
        .where("id", "=", c.id)
        .executeTakeFirstOrThrow();
      expect(contact.reserved).toBe(100);
    },
  );
});
