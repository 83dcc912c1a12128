// Editor accounts over real HTTP on both engines: a console session of an account with the role editor works
// the editor API (no key), each step recorded under its editor; CSRF is required on unsafe calls; store
// owners and studio customers are refused; a disabled editor is refused; after sign-out the cookie is dead;
// `pixl user create --role editor` needs the contact whose queue it is.
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addMembership, createUser } from "../src/console/account.service.js";
import { registerUserCommands } from "../src/console/user-cli.js";
import { disableEditor } from "../src/studio/editor/editor-account.js";
import { sendToEditor } from "../src/studio/editor/editor-queue.js";
import { createStore } from "../src/store/stores/store.service.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createProductPhoto } from "./support/studio-photos.js";

const PASSWORD = "a long editor password";

interface Signed {
  cookie: string;
  csrf: string;
}

describe.each(testDialects)("editor accounts in the editor API on %s", (dialect) => {
  let t: StudioTestApp;
  let shop: StudioAccount;

  beforeEach(async () => {
    t = await createStudioTestApp(dialect);
    await t.listen();
    shop = await t.createContact("queue@shop.test", { creditLimit: 10_000 });
    await t.createContact("elsewhere@shop.test");
    const db = t.app.database.kysely;
    const account = async (email: string, name: string) =>
      (await createUser(db, t.clock, { email, name, password: PASSWORD })).id;
    await addMembership(
      db,
      t.clock,
      await account("eve@edit.test", "Eve"),
      { contact: shop.email },
      "editor",
    );
    await addMembership(
      db,
      t.clock,
      await account("fay@edit.test", "Fay"),
      { contact: shop.email },
      "editor",
    );
    await addMembership(
      db,
      t.clock,
      await account("cus@shop.test", "Cus"),
      { contact: shop.email },
      "customer",
    );
    await createStore(db, { subdomain: "alpha", name: "Alpha" }, t.clock);
    await addMembership(db, t.clock, await account("own@store.test", "Own"), { store: "alpha" }, "owner");
  });
  afterEach(() => t.close());

  async function signIn(email: string): Promise<Signed> {
    const r = await fetch(`${t.baseUrl}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(r.status).toBe(200);
    return {
      cookie: (r.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
      csrf: ((await r.json()) as { data: { csrf_token: string } }).data.csrf_token,
    };
  }
  async function editor(
    as: Signed | undefined,
    method: string,
    path: string,
    options: { csrf?: boolean; upload?: Buffer } = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const r = await fetch(`${t.baseUrl}/studio/editor${path}`, {
      method,
      headers: {
        ...(as ? { cookie: as.cookie } : {}),
        ...(as && options.csrf !== false && method !== "GET" ? { "x-csrf-token": as.csrf } : {}),
        ...(options.upload ? { "content-type": "image/jpeg" } : {}),
      },
      ...(options.upload ? { body: options.upload } : {}),
    });
    const text = await r.text();
    return { status: r.status, json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }
  async function queued(): Promise<string> {
    const templateId = String(
      (
        await t.call("POST", "Template", {
          contactEmail: shop.email,
          contactAPIkey: shop.key,
          templateName: "Plain",
          templateOutputFormat: "JPG",
          deliveryTimeInHour: "72",
          backgroundType: "0",
        })
      ).body["TemplateId"],
    );
    const posted = await t.call("POST", "Image", {
      contactEmail: shop.email,
      contactAPIkey: shop.key,
      templateId,
      imageURL: "http://127.0.0.1:9/shirt.jpg",
    });
    const ticket = String(posted.body["ImageTicket"]);
    const db = t.app.database.kysely;
    const image = await db
      .selectFrom("studio_images")
      .select("id")
      .where("ticket", "=", ticket)
      .executeTakeFirstOrThrow();
    await db
      .transaction()
      .execute((trx) =>
        sendToEditor(
          trx,
          {
            imageId: image.id,
            contactId: shop.id,
            fromStatuses: [10],
            round: 1,
            reason: "check",
            source: "confidence",
          },
          t.clock.now(),
        ),
      );
    return ticket;
  }

  it("works the queue as the signed-in editor, recording which editor did each step", async () => {
    const ticket = await queued();
    const eve = await signIn("eve@edit.test");
    const fay = await signIn("fay@edit.test");
    expect(await editor(eve, "GET", "/me")).toMatchObject({
      status: 200,
      json: { name: "Eve", contactId: shop.id, via: "session" },
    });
    const queue = await editor(eve, "GET", "/queue");
    expect(queue.json["items"]).toMatchObject([{ ticket, state: "queued" }]);
    expect(await editor(eve, "POST", `/images/${ticket}/claim`)).toMatchObject({
      status: 200,
      json: { claimedBy: "Eve", statusId: 64 },
    });
    // Another editor account cannot upload Eve's result; Eve can.
    const photo = await createProductPhoto(40, 30);
    expect((await editor(fay, "PUT", `/images/${ticket}/result`, { upload: photo })).status).toBe(409);
    expect((await editor(eve, "PUT", `/images/${ticket}/result`, { upload: photo })).status).toBe(200);
    const files = (await editor(fay, "GET", `/images/${ticket}`)).json["files"] as {
      name: string;
      url: string;
    }[];
    const result = await fetch(`${t.baseUrl}${files.find((f) => f.name === "result")?.url ?? ""}`, {
      headers: { cookie: fay.cookie },
    });
    expect(Buffer.from(await result.arrayBuffer()).equals(photo)).toBe(true);
    expect(await editor(fay, "POST", `/images/${ticket}/approve`)).toMatchObject({
      status: 200,
      json: { statusId: 70 },
    });
    const events = await t.app.database.kysely
      .selectFrom("studio_editor_events as e")
      .leftJoin("console_memberships as m", "m.editor_id", "e.editor_id")
      .leftJoin("console_users as u", "u.id", "m.user_id")
      .select(["e.action", "e.actor", "u.email"])
      .orderBy("e.id")
      .execute();
    expect(events).toEqual([
      { action: "queued", actor: "automatic editor", email: null },
      { action: "claimed", actor: "Eve", email: "eve@edit.test" },
      { action: "submitted", actor: "Eve", email: "eve@edit.test" },
      { action: "approved", actor: "Fay", email: "fay@edit.test" },
    ]);
  });

  it("refuses a missing CSRF token, other roles, a disabled editor and a signed-out session", async () => {
    const ticket = await queued();
    const eve = await signIn("eve@edit.test");
    const noCsrf = await editor(eve, "POST", `/images/${ticket}/claim`, { csrf: false });
    expect(noCsrf).toMatchObject({ status: 403, json: { error: "forbidden" } });
    expect(noCsrf.json["message"]).toMatch(/CSRF/);
    const wrong = await editor({ ...eve, csrf: "x".repeat(64) }, "POST", `/images/${ticket}/claim`);
    expect(wrong.status).toBe(403);
    expect((await editor(undefined, "GET", `/queue`)).status).toBe(401);
    expect((await editor({ cookie: "pixl_session=forged", csrf: "" }, "GET", "/queue")).status).toBe(401);

    for (const email of ["own@store.test", "cus@shop.test"]) {
      const other = await signIn(email);
      for (const [method, path] of [
        ["GET", "/queue"],
        ["GET", `/images/${ticket}`],
        ["POST", `/images/${ticket}/claim`],
      ] as const) {
        const r = await editor(other, method, path);
        expect(r, `${email} ${method} ${path}`).toMatchObject({ status: 403, json: { error: "forbidden" } });
        expect(r.json["message"]).toMatch(/not an editor/);
      }
    }
    // The customer's session still works the Studio console, not the queue: nothing moved.
    expect((await editor(eve, "GET", `/images/${ticket}`)).json).toMatchObject({ state: "queued" });

    // Disabled (pixl studio editor disable): refused at once, on the open session too.
    expect(await disableEditor(t.app.database.kysely, t.clock, shop.id, "Eve")).toBe(true);
    const disabled = await editor(eve, "GET", "/queue");
    expect(disabled).toMatchObject({
      status: 403,
      json: { message: "Your editor access has been disabled." },
    });

    // Signed out: the old cookie is worth nothing.
    const fay = await signIn("fay@edit.test");
    expect((await editor(fay, "GET", "/queue")).status).toBe(200);
    const out = await fetch(`${t.baseUrl}/api/console/v1/session`, {
      method: "DELETE",
      headers: { cookie: fay.cookie, "x-csrf-token": fay.csrf },
    });
    expect(out.status).toBe(204);
    expect((await editor(fay, "GET", "/queue")).status).toBe(401);
    expect((await editor(fay, "POST", `/images/${ticket}/claim`)).status).toBe(401);
    // A key still works for scripts alongside sessions, and wins over a cookie.
    const me = await fetch(`${t.baseUrl}/studio/editor/me`, {
      headers: { cookie: fay.cookie, authorization: "Bearer pxe_wrong" },
    });
    expect(me.status).toBe(401);
  });

  it("pixl user create --role editor needs the contact, and names the account's editor", async () => {
    const out: string[] = [];
    const run = async (...args: string[]) => {
      const program = new Command().exitOverride();
      registerUserCommands(program, (fn) => fn(t.app), {
        env: { PIXL_USER_PASSWORD: PASSWORD },
        stdin: new PassThrough(),
        stdout: { write: (s: string) => out.push(s) },
      });
      await program.parseAsync(["node", "pixl", "user", "create", ...args]);
    };
    await expect(run("--email", "gil@edit.test", "--role", "editor")).rejects.toThrow(
      /An editor works one studio contact's queue: give --contact <email>/,
    );
    await run("--email", "gil@edit.test", "--name", "Eve", "--role", "editor", "--contact", shop.email);
    // "Eve" is taken among the contact's editors: the account's editor is named by its email.
    expect(out.join("")).toMatch(/Created console user gil@edit\.test .*editor of queue@shop\.test/);
    await expect(
      run("--email", "gil@edit.test", "--role", "editor", "--contact", shop.email),
    ).rejects.toThrow(/already is editor of queue@shop\.test/);
    const gil = await signIn("gil@edit.test");
    expect((await editor(gil, "GET", "/me")).json).toMatchObject({ name: "gil@edit.test", via: "session" });
  });
});
