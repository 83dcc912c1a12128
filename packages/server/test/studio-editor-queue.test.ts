// The editor queue over real HTTP on both engines: a rejected image with a comment waits at 62; editors
// claim (64), upload (66), approve (70) or return it, each step recorded; one winner among concurrent
// claims; tenants isolated; malformed, hostile and oversized input refused in Pixl's JSON error shape.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEditor, disableEditor } from "../src/studio/editor/editor-account.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createProductPhoto, readImageSize } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

const plainTemplate = {
  templateName: "Plain",
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
};

describe.each(testDialects)("Studio editor queue on %s", (dialect) => {
  let t: StudioTestApp;
  let server: http.Server;
  let photo: Buffer;
  let photoUrl: string;
  let shop: StudioAccount;
  let keys: Record<string, string>;
  const as = (c: StudioAccount) => ({ contactEmail: c.email, contactAPIkey: c.key });

  async function editor(
    who: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const key = keys[who];
    const r = await fetch(`${t.baseUrl}/studio/editor${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined || Buffer.isBuffer(body) ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? body : JSON.stringify(body) }),
    });
    const text = await r.text();
    return { status: r.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
  const studioStatus = async (ticket: string) => {
    const r = await t.call("GET", `Image/${ticket}`, as(shop));
    return {
      message: r.body.Message,
      ...(r.body["ImageStatus"] as { StatusId: number; FinalImagesURL: string[] }),
    };
  };

  /** A finished image the customer rejected with a comment: waiting in the queue. */
  async function queuedImage(comment = "The collar is creased; please smooth it."): Promise<string> {
    const templateId = String(
      (await t.call("POST", "Template", { ...as(shop), ...plainTemplate })).body["TemplateId"],
    );
    const posted = await t.call("POST", "Image", { ...as(shop), templateId, imageURL: photoUrl });
    const ticket = String(posted.body["ImageTicket"]);
    await waitFor("70", async () => ((await studioStatus(ticket)).StatusId === 70 ? true : undefined));
    const reject = await t.call("PUT", `Image/Reject/${ticket}`, { ...as(shop), comment });
    expect(reject.body.ErrorCode).toBe("NoError");
    return ticket;
  }

  beforeEach(async () => {
    t = await createStudioTestApp(dialect, { env: { PIXL_MAX_UPLOAD_BYTES: "200000" } });
    await t.listen();
    photo = await createProductPhoto(80, 60);
    server = http.createServer((_req, res) =>
      res.writeHead(200, { "content-type": "image/jpeg" }).end(photo),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    photoUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shirt.jpg`;
    shop = await t.createContact("shop@example.test", { creditLimit: 100_000 });
    const other = await t.createContact("other@example.test", { creditLimit: 100_000 });
    const db = t.app.database.kysely;
    keys = {};
    for (const name of ["Ann", "Bob", "Cy", "Di", "Ed", "Flo"])
      keys[name] = (await createEditor(db, t.clock, shop.id, name)).key;
    keys["Mallory"] = (await createEditor(db, t.clock, other.id, "Mallory")).key;
    await t.app.startWorker();
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it("takes an image through 62 → 64 → 66 → 70, recording who did what", { timeout: 60_000 }, async () => {
    const ticket = await queuedImage();
    expect(await studioStatus(ticket)).toMatchObject({
      StatusId: 62,
      message: 'Sent to an editor: rejected by the customer: "The collar is creased; please smooth it."',
    });
    const queue = await editor("Ann", "GET", "/queue");
    expect(queue.status).toBe(200);
    expect(queue.json["items"]).toMatchObject([
      { ticket, statusId: 62, state: "queued", source: "rejection" },
    ]);

    const claimed = await editor("Ann", "POST", `/images/${ticket}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.json).toMatchObject({ statusId: 64, state: "claimed", claimedBy: "Ann" });
    expect((await studioStatus(ticket)).StatusId).toBe(64);
    const files = claimed.json["files"] as { name: string; url: string }[];
    expect(files.map((f) => f.name)).toEqual(["source-1", "draft"]);
    const source = await fetch(`${t.baseUrl}${files[0]?.url ?? ""}`, {
      headers: { authorization: `Bearer ${keys["Ann"] ?? ""}` },
    });
    expect(Buffer.from(await source.arrayBuffer()).equals(photo)).toBe(true);
    // Files need an editor's key.
    expect((await fetch(`${t.baseUrl}${files[0]?.url ?? ""}`)).status).toBe(401);

    const edited = await createProductPhoto(80, 60);
    const uploaded = await editor("Ann", "PUT", `/images/${ticket}/result`, edited, {
      "content-type": "image/jpeg",
    });
    expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(200);
    expect(uploaded.json).toMatchObject({ statusId: 66, state: "submitted" });
    expect((await studioStatus(ticket)).StatusId).toBe(66);

    const approved = await editor("Bob", "POST", `/images/${ticket}/approve`);
    expect(approved).toMatchObject({ status: 200, json: { statusId: 70 } });
    const done = await studioStatus(ticket);
    expect(done).toMatchObject({ StatusId: 70, message: "" });
    const final = Buffer.from(await (await fetch(done.FinalImagesURL[0] ?? "")).arrayBuffer());
    expect(final.equals(edited)).toBe(true);
    expect(await readImageSize(final)).toMatchObject({ width: 80, height: 60 });

    const events = await t.app.database.kysely
      .selectFrom("studio_editor_events")
      .select(["actor", "action", "from_status", "to_status"])
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { actor: "customer", action: "queued", from_status: null, to_status: 62 },
      { actor: "Ann", action: "claimed", from_status: 62, to_status: 64 },
      { actor: "Ann", action: "submitted", from_status: 64, to_status: 66 },
      { actor: "Bob", action: "approved", from_status: 66, to_status: 70 },
    ]);
    // Charged once, for the first production; the redo is free.
    const ledger = await t.app.database.kysely.selectFrom("studio_ledger").select("amount").execute();
    expect(ledger).toEqual([{ amount: -50 }]);
    expect((await editor("Ann", "GET", "/queue?state=open")).json["items"]).toEqual([]);
  });

  it(
    "returns an image to the queue: released by its editor, or sent back by QA with a note",
    { timeout: 60_000 },
    async () => {
      const ticket = await queuedImage();
      expect((await editor("Ann", "POST", `/images/${ticket}/claim`)).status).toBe(200);
      const released = await editor("Ann", "POST", `/images/${ticket}/return`, {
        note: "Not my kind of job",
      });
      expect(released.json).toMatchObject({ statusId: 62, state: "queued", claimedBy: null });
      expect((await editor("Bob", "POST", `/images/${ticket}/claim`)).status).toBe(200);
      // Only the editor holding it may upload.
      const jpeg = await createProductPhoto(80, 60);
      expect(
        (await editor("Ann", "PUT", `/images/${ticket}/result`, jpeg, { "content-type": "image/jpeg" }))
          .status,
      ).toBe(409);
      expect(
        (await editor("Bob", "PUT", `/images/${ticket}/result`, jpeg, { "content-type": "image/jpeg" }))
          .status,
      ).toBe(200);
      const sentBack = await editor("Ann", "POST", `/images/${ticket}/return`, {
        note: "A halo is left on the left",
      });
      expect(sentBack.json).toMatchObject({ statusId: 62, state: "queued" });
      const history = sentBack.json["history"] as { actor: string; action: string; note: string | null }[];
      expect(history.filter((h) => h.action === "returned")).toEqual([
        expect.objectContaining({ actor: "Ann", note: "Not my kind of job" }),
        expect.objectContaining({ actor: "Ann", note: "A halo is left on the left" }),
      ]);
      expect((await studioStatus(ticket)).StatusId).toBe(62);
    },
  );

  it("lets exactly one of six editors claiming at once win", { timeout: 60_000 }, async () => {
    const ticket = await queuedImage();
    const names = ["Ann", "Bob", "Cy", "Di", "Ed", "Flo"];
    const results = await Promise.all(names.map((n) => editor(n, "POST", `/images/${ticket}/claim`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(5);
    expect(losers[0]?.json).toMatchObject({
      error: "conflict",
      message: expect.stringMatching(/claimed by/) as string,
    });
    const claims = await t.app.database.kysely
      .selectFrom("studio_editor_events")
      .select("actor")
      .where("action", "=", "claimed")
      .execute();
    expect(claims).toHaveLength(1);
    expect((await studioStatus(ticket)).StatusId).toBe(64);
  });

  it(
    "keeps tenants apart and refuses malformed, hostile and oversized input",
    { timeout: 60_000 },
    async () => {
      const ticket = await queuedImage();
      // Another contact's editor sees nothing of it.
      expect((await editor("Mallory", "GET", "/queue?state=open")).json["items"]).toEqual([]);
      for (const [method, path] of [
        ["GET", `/images/${ticket}`],
        ["POST", `/images/${ticket}/claim`],
        ["GET", `/images/${ticket}/files/source-1`],
      ] as const)
        expect((await editor("Mallory", method, path)).status, path).toBe(404);
      // No key, a wrong key, a disabled editor.
      expect((await editor("nobody", "GET", "/queue")).json).toMatchObject({ error: "unauthorized" });
      keys["forged"] = "pxe_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
      expect((await editor("forged", "GET", "/queue")).status).toBe(401);
      await disableEditor(t.app.database.kysely, t.clock, shop.id, "Flo");
      expect((await editor("Flo", "GET", "/queue")).status).toBe(401);
      // Malformed ticket, unknown file, bad query.
      expect((await editor("Ann", "GET", "/images/..%2F..%2Fetc%2Fpasswd")).status).toBe(404);
      expect((await editor("Ann", "GET", "/queue?state=everything")).status).toBe(422);
      expect((await editor("Ann", "GET", "/queue?limit=100000")).status).toBe(422);
      // Out of order: approve before anything was uploaded, upload before claiming.
      expect((await editor("Ann", "POST", `/images/${ticket}/approve`)).status).toBe(409);
      const jpeg = await createProductPhoto(80, 60);
      expect(
        (await editor("Ann", "PUT", `/images/${ticket}/result`, jpeg, { "content-type": "image/jpeg" }))
          .status,
      ).toBe(409);
      expect((await editor("Ann", "POST", `/images/${ticket}/claim`)).status).toBe(200);
      expect((await editor("Ann", "GET", `/images/${ticket}/files/secrets`)).status).toBe(404);
      // Not an image, the wrong format for the template (JPG), too large, a note too long.
      const html = Buffer.from("<!doctype html><script>alert(1)</script>");
      expect(
        (await editor("Ann", "PUT", `/images/${ticket}/result`, html, { "content-type": "image/jpeg" }))
          .status,
      ).toBe(415);
      const png = await createProductPhoto(80, 60, "png");
      const wrong = await editor("Ann", "PUT", `/images/${ticket}/result`, png, {
        "content-type": "image/png",
      });
      expect(wrong).toMatchObject({
        status: 415,
        json: {
          message: expect.stringMatching(/upload a JPG file \(image\/jpeg\); this is image\/png/) as string,
        },
      });
      const huge = Buffer.alloc(300_000, 0xff);
      expect(
        (await editor("Ann", "PUT", `/images/${ticket}/result`, huge, { "content-type": "image/jpeg" }))
          .status,
      ).toBe(413);
      expect(
        (await editor("Ann", "PUT", `/images/${ticket}/result`, jpeg, { "content-type": "text/plain" }))
          .status,
      ).toBe(415);
      const long = await editor("Ann", "POST", `/images/${ticket}/return`, { note: "x".repeat(4001) });
      expect(long).toMatchObject({ status: 422, json: { error: "validation_failed" } });
      expect((await editor("Ann", "POST", `/images/${ticket}/return`, [1, 2])).status).toBe(422);
      // Still held by Ann, untouched by all of the above.
      expect((await studioStatus(ticket)).StatusId).toBe(64);
    },
  );
});
