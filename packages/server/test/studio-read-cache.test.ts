// Status polls answered from the response cache must never be stale or cross contacts: every change made by
// another process (a worker, the CLI) or by this one shows on the very next poll.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";

describe.each(testDialects)("Studio read cache on %s", (dialect) => {
  let t: StudioTestApp;
  let contact: StudioAccount;
  let ticket: string;
  const creds = () => ({ contactEmail: contact.email, contactAPIkey: contact.key });
  const status = async (c = creds()) => (await t.call("GET", `Image/${ticket}`, c)).body;
  /** Another process's connection: the test database handle is not the app's. */
  const otherProcess = () => t.db.database.kysely;

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    contact = await t.createContact("poller@example.test", { creditLimit: 100_000 });
    const posted = await t.call("POST", "Image", { ...creds(), imageURL: "http://images.example/a.jpg" });
    expect(posted.body).toMatchObject({ ErrorCode: "NoError" });
    ticket = String(posted.body["ImageTicket"]);
  });
  afterEach(async () => {
    await t.close();
  });

  it("shows a status another process set on the very next poll", async () => {
    for (let i = 0; i < 3; i++) expect(await status()).toMatchObject({ ImageStatus: { StatusId: 10 } });
    await otherProcess()
      .updateTable("studio_images")
      .set({ status: 30 })
      .where("ticket", "=", ticket)
      .execute();
    expect(await status()).toMatchObject({ ImageStatus: { StatusId: 30 } });
    await otherProcess()
      .updateTable("studio_images")
      .set({ status: 60 })
      .where("ticket", "=", ticket)
      .execute();
    expect(await status()).toMatchObject({ ImageStatus: { StatusId: 60 } });
  });

  it("shows a change made through this process's own connection at once", async () => {
    await status();
    await t.app.database.kysely
      .updateTable("studio_images")
      .set({ status: 30 })
      .where("ticket", "=", ticket)
      .execute();
    expect(await status()).toMatchObject({ ImageStatus: { StatusId: 30 } });
  });

  it("answers XML and JSON each in their own format from the same image", async () => {
    const query = new URLSearchParams(creds()).toString();
    for (let i = 0; i < 2; i++) {
      const xml = await t.app.http.app.inject({ method: "GET", url: `/REST.svc/Image/${ticket}?${query}` });
      expect(xml.headers["content-type"]).toContain("xml");
      expect(xml.body).toContain("<a:StatusId>10</a:StatusId>");
      const json = await t.app.http.app.inject({
        method: "GET",
        url: `/REST.svc/JSON/Image/${ticket}?${query}`,
      });
      expect(json.headers["content-type"]).toContain("json");
      expect(json.json()).toMatchObject({ ImageStatus: { StatusId: 10 } });
    }
  });

  it("never answers another contact, a wrong key, or a key revoked since the last poll", async () => {
    await status();
    const other = await t.createContact("other@example.test");
    expect(await status({ contactEmail: other.email, contactAPIkey: other.key })).toMatchObject({
      ErrorCode: "ImageNotFound",
    });
    expect(await status({ contactEmail: contact.email, contactAPIkey: other.key })).toMatchObject({
      ErrorCode: "InvalidContact",
    });
    await status();
    // The key is replaced (as `pixl studio contact` would, from another process): refused once the
    // authentication cache's second is over, however often the cached answer was served before.
    await otherProcess()
      .updateTable("studio_contacts")
      .set({ key_hash: "replaced" })
      .where("id", "=", contact.id)
      .execute();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await status()).toMatchObject({ ErrorCode: "InvalidContact" });
  });

  it("keeps answering correctly with the cache turned off", async () => {
    await t.close();
    t = await createStudioTestApp(dialect, { env: { PIXL_STUDIO_READ_CACHE_MB: "0" } });
    contact = await t.createContact("poller@example.test", { creditLimit: 100_000 });
    const posted = await t.call("POST", "Image", { ...creds(), imageURL: "http://images.example/a.jpg" });
    ticket = String(posted.body["ImageTicket"]);
    await status();
    await otherProcess()
      .updateTable("studio_images")
      .set({ status: 30 })
      .where("ticket", "=", ticket)
      .execute();
    expect(await status()).toMatchObject({ ImageStatus: { StatusId: 30 } });
  });
});
