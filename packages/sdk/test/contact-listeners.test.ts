// A contact's listeners over real HTTP: create, pull (cursor, long-poll), ack, delete; credentials, tenant
// isolation, hostile input and the per-owner limit, on both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StudioApiError, createContactListeners, type ContactListeners } from "../src/index.js";
import { startLiveServer, testDialects, type LiveContact, type LiveServer } from "./support/live-server.js";

describe.each(testDialects)("contact listeners on %s", (dialect) => {
  let server: LiveServer;
  let contact: LiveContact;
  let other: LiveContact;
  let mine: ContactListeners;
  let theirs: ContactListeners;
  const callback = (ownerId: number, ticket: string, url: string | null = null) =>
    server.app.database.kysely.transaction().execute((trx) =>
      server.app.webhooks.enqueueStudio(trx, {
        owner: { kind: "contact", id: ownerId },
        url,
        body: JSON.stringify({ imageTicket: ticket }),
        contentType: "text/plain; charset=utf-8",
        secretsSealed: "unused",
        subject: `test:${ticket}`,
        eventType: "image.processed",
        eventData: { imageTicket: ticket },
      }),
    );
  beforeAll(async () => {
    server = await startLiveServer(dialect, { worker: false });
    contact = await server.createContact("a@listen.test");
    other = await server.createContact("b@listen.test");
    mine = createContactListeners({
      url: server.url,
      contactEmail: contact.email,
      contactAPIkey: contact.apiKey,
    });
    theirs = createContactListeners({
      url: server.url,
      contactEmail: other.email,
      contactAPIkey: other.apiKey,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("keeps a contact's callbacks for its listener until acknowledged, in order, with a cursor", async () => {
    const nothing = await callback(contact.id, "before-any-listener");
    expect(nothing.deliveryIds).toEqual([]);
    const { ListenerId } = await mine.create();
    await callback(contact.id, "t1");
    await callback(contact.id, "t2", "http://127.0.0.1:9/callback");
    await callback(other.id, "someone-else");
    const first = await mine.pull(ListenerId, { limit: 1 });
    expect(first.Deliveries.map((d) => JSON.parse(d.Body) as unknown)).toEqual([{ imageTicket: "t1" }]);
    expect(first.Deliveries[0]).toMatchObject({
      EventType: "image.processed",
      ContentType: "text/plain; charset=utf-8",
    });
    const next = await mine.pull(ListenerId, { after: first.Cursor ?? "" });
    expect(next.Deliveries.map((d) => d.Body)).toEqual(['{"imageTicket":"t2"}']);
    // Nothing acknowledged yet: a pull from the start sees both again.
    const again = await mine.pull(ListenerId, {});
    expect(again.Deliveries).toHaveLength(2);
    const acks = again.Deliveries.map((d) => ({ DeliveryId: d.DeliveryId, StatusCode: 200 }));
    expect(await mine.ack(ListenerId, acks)).toBe(2);
    expect(await mine.ack(ListenerId, acks)).toBe(0);
    expect((await mine.pull(ListenerId, {})).Deliveries).toEqual([]);
    // A long-poll answers as soon as a callback arrives.
    const waiting = mine.pull(ListenerId, { wait: 5 });
    await new Promise((r) => setTimeout(r, 150));
    await callback(contact.id, "t3");
    expect((await waiting).Deliveries.map((d) => d.Body)).toEqual(['{"imageTicket":"t3"}']);
    await mine.delete(ListenerId);
  });

  it("refuses wrong credentials, another contact's listener and malformed input in the Studio's error format", async () => {
    const { ListenerId } = await mine.create();
    const wrong = createContactListeners({
      url: server.url,
      contactEmail: contact.email,
      contactAPIkey: "nope",
    });
    await expect(wrong.create()).rejects.toMatchObject({ code: "InvalidContact" });
    await expect(wrong.pull(ListenerId)).rejects.toMatchObject({ code: "InvalidContact" });
    const anonymous = await fetch(`${server.url}/studio/listeners`, { method: "POST" });
    expect(await anonymous.json()).toMatchObject({ ErrorCode: "MissingRequiredInformation" });
    const refused = await Promise.all(
      [
        theirs.pull(ListenerId),
        theirs.ack(ListenerId, [{ DeliveryId: "wh_del_x", StatusCode: 200 }]),
        theirs.delete(ListenerId),
        mine.pull(999_999),
      ].map((p) => p.catch((x: unknown) => x)),
    );
    for (const e of refused) {
      expect(e).toBeInstanceOf(StudioApiError);
      expect((e as StudioApiError).message).toBe("Listener not found.");
    }
    const headers = { "x-contact-email": contact.email, "x-contact-apikey": contact.apiKey };
    const bad = [
      fetch(`${server.url}/studio/listeners/${ListenerId}/deliveries?wait=31`, { headers }),
      fetch(`${server.url}/studio/listeners/abc/deliveries`, { headers }),
      fetch(`${server.url}/studio/listeners/${ListenerId}/ack`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ Deliveries: [{ DeliveryId: "'; drop table x;--" }] }),
      }),
      fetch(`${server.url}/studio/listeners/${ListenerId}/ack`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: "{not json",
      }),
      fetch(`${server.url}/studio/listeners/${ListenerId}/ack`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({
          Deliveries: Array.from({ length: 5000 }, () => ({ DeliveryId: "wh_del_a" })),
        }),
      }),
    ];
    for (const res of await Promise.all(bad)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await res.json()).toMatchObject({ ErrorCode: "InvalidParameter" });
    }
    const long = await fetch(`${server.url}/studio/listeners`, {
      method: "POST",
      headers: { "x-contact-email": "x".repeat(400), "x-contact-apikey": "k" },
    });
    expect(await long.json()).toMatchObject({ ErrorCode: "InvalidParameter" });
    await mine.delete(ListenerId);
  });

  it("allows ten listeners per contact at once (abandoned ones make way); a removed one drops what it had not pulled", async () => {
    const created = await Promise.all(Array.from({ length: 10 }, () => mine.create()));
    await expect(mine.create()).rejects.toMatchObject({ code: "InvalidParameter" });
    const extra = await theirs.create(); // another contact's count is its own
    await callback(contact.id, "fan-out");
    for (const l of created.slice(0, 2))
      expect((await mine.pull(l.ListenerId)).Deliveries.map((d) => d.Body)).toEqual([
        '{"imageTicket":"fan-out"}',
      ]);
    // One abandoned (a `pixl listen` killed without cleaning up: not pulled for over an hour) makes way.
    const [abandoned, ...live] = created;
    await server.app.database.kysely
      .updateTable("webhook_endpoints")
      .set({ updated_at: Date.now() - 2 * 3_600_000 })
      .where("id", "=", abandoned?.ListenerId ?? 0)
      .execute();
    const replacement = await mine.create();
    await expect(mine.pull(abandoned?.ListenerId ?? 0)).rejects.toMatchObject({
      message: "Listener not found.",
    });
    await expect(mine.create()).rejects.toMatchObject({ code: "InvalidParameter" });
    for (const l of [...live, replacement]) await mine.delete(l.ListenerId);
    const left = await server.app.database.kysely
      .selectFrom("webhook_deliveries")
      .select("status")
      .where(
        "endpoint_id",
        "in",
        created.map((l) => l.ListenerId),
      )
      .execute();
    expect(left.length).toBe(10);
    expect(left.every((d) => d.status === "cancelled")).toBe(true);
    await theirs.delete(extra.ListenerId);
  });
});
