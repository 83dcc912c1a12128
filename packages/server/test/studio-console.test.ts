// The studio console's JSON endpoints over real HTTP on both engines: image detail, template previews on
// the contact's own photo, finals as a ZIP (read back by Python's zipfile), with hostile and concurrent input.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembership, createUser } from "../src/console/account.service.js";
import { deposit } from "../src/studio/billing/billing.service.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";
import { createProductPhoto, readImageSize } from "./support/studio-photos.js";
import { waitFor } from "./support/wait.js";

const run = promisify(execFile);
const API = "/api/studio/v1";

const plainTemplate = {
  templateOutputFormat: "JPG",
  deliveryTimeInHour: "72",
  backgroundType: "0",
  resizeType: "2",
  resizeWidth: "200",
  resizeHeight: "150",
};

describe.each(testDialects)("studio console endpoints on %s", { timeout: 60_000 }, (dialect) => {
  let t: StudioTestApp;
  let alice: StudioAccount;
  let bob: StudioAccount;
  let finished: string;
  let pending: string;
  let upload: string;

  const headers = (a: StudioAccount, extra: Record<string, string> = {}) => ({
    "x-pixl-contact-email": a.email,
    "x-pixl-contact-key": a.key,
    ...extra,
  });
  const post = (url: string, a: StudioAccount, body: unknown) =>
    fetch(`${t.baseUrl}${API}${url}`, {
      method: "POST",
      headers: headers(a, { "content-type": "application/json" }),
      body: JSON.stringify(body),
    });

  async function uploadPhoto(a: StudioAccount, name: string): Promise<string> {
    const presign = await t.call("POST", "RequestPresignUrls", {
      contactEmail: a.email,
      contactAPIkey: a.key,
      imageNames: [name],
    });
    const [pair] = presign.body["PostingUrls"] as { DownloadUrl: string; UploadUrl: string }[];
    const put = await fetch(pair?.UploadUrl ?? "", {
      method: "PUT",
      body: await createProductPhoto(640, 480),
    });
    expect(put.status).toBeLessThan(300);
    return pair?.DownloadUrl ?? "";
  }

  beforeAll(async () => {
    t = await createStudioTestApp(dialect, { start: Date.now() });
    await t.listen();
    alice = await t.createContact("alice@shop.test", { directUpload: true });
    bob = await t.createContact("bob@other.test", { directUpload: true });
    await t.app.database.kysely
      .transaction()
      .execute((trx) => deposit(trx, alice.id, 1000, "Deposit", t.clock.now()));
    const creds = { contactEmail: alice.email, contactAPIkey: alice.key };
    const template = await t.call("POST", "Template", { ...creds, templateName: "Plain", ...plainTemplate });
    upload = await uploadPhoto(alice, "shirt <i>1.jpg");
    const posted = await t.call("POST", "Image", {
      ...creds,
      templateId: String(template.body["TemplateId"]),
      imageURL: upload,
      customerImageId: "<img src=x onerror=alert(1)>",
    });
    finished = String(posted.body["ImageTicket"]);
    await t.app.startWorker();
    await waitFor("the image to finish", async () => {
      const s = await t.call("GET", `Image/${finished}`, creds);
      return (s.body["ImageStatus"] as { StatusId: number }).StatusId === 70 ? true : undefined;
    });
    // A second image whose upload was never PUT: it waits at 10 (download retried) and has no files.
    const presign = await t.call("POST", "RequestPresignUrls", { ...creds, imageNames: ["never.jpg"] });
    const [pair] = presign.body["PostingUrls"] as { DownloadUrl: string }[];
    const second = await t.call("POST", "Image", { ...creds, imageURL: pair?.DownloadUrl ?? "" });
    pending = String(second.body["ImageTicket"]);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it("answers an image's detail with its source and final links, and only to its owner", async () => {
    const r = await fetch(`${t.baseUrl}${API}/images/${finished}`, { headers: headers(alice) });
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const { data } = (await r.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      ticket: finished,
      status: 70,
      statusName: "Production Finished",
      customerImageId: "<img src=x onerror=alert(1)>",
      sourceName: "shirt_i_1.jpg",
      rejections: [],
    });
    const finals = data["finals"] as { url: string; width: number }[];
    expect(finals).toMatchObject([{ width: 200, height: 150, contentType: "image/jpeg" }]);
    const source = await fetch(String(data["sourceUrl"]));
    expect(await readImageSize(Buffer.from(await source.arrayBuffer()))).toMatchObject({ width: 640 });

    const other = await fetch(`${t.baseUrl}${API}/images/${finished}`, { headers: headers(bob) });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: "not_found" });
    const none = await fetch(`${t.baseUrl}${API}/images/${finished}`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${t.baseUrl}${API}/images/${finished}`, {
      headers: { ...headers(alice), "x-pixl-contact-key": "00000000-0000-0000-0000-000000000000" },
    });
    expect(wrong.status).toBe(401);
    const junk = await fetch(`${t.baseUrl}${API}/images/not-a-ticket`, { headers: headers(alice) });
    expect(junk.status).toBe(422);
  });

  it("previews a template on the contact's own upload and image, scaled to at most 800 px", async () => {
    const fixed = { ...plainTemplate, resizeWidth: "4000", resizeHeight: "3000" };
    const r = await post("/previews", alice, { template: fixed, uploadUrl: upload });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("image/jpeg");
    expect(r.headers.get("x-pixl-preview-size")).toBe("800x600");
    expect(r.headers.get("x-pixl-preview-scale")).toBe("0.2000");
    expect(await readImageSize(Buffer.from(await r.arrayBuffer()))).toEqual({
      width: 800,
      height: 600,
      format: "jpeg",
    });
    const transparent = { ...plainTemplate, templateOutputFormat: "PNG", backgroundType: "2" };
    const byTicket = await post("/previews", alice, { template: transparent, imageTicket: finished });
    expect(byTicket.status).toBe(200);
    expect(byTicket.headers.get("content-type")).toBe("image/png");
    expect(byTicket.headers.get("x-pixl-preview-size")).toBe("200x150");
  });

  it("refuses previews of another contact's photos, bad templates and malformed bodies", async () => {
    expect((await post("/previews", bob, { template: plainTemplate, uploadUrl: upload })).status).toBe(404);
    expect((await post("/previews", bob, { template: plainTemplate, imageTicket: finished })).status).toBe(
      404,
    );
    const badFormat = await post("/previews", alice, {
      template: { ...plainTemplate, templateOutputFormat: "GIF" },
      uploadUrl: upload,
    });
    expect(badFormat.status).toBe(422);
    expect(((await badFormat.json()) as { message: string }).message).toContain("templateOutputFormat");
    const both = await post("/previews", alice, {
      template: plainTemplate,
      uploadUrl: upload,
      imageTicket: finished,
    });
    expect(both.status).toBe(422);
    const notUploaded = await post("/previews", alice, { template: plainTemplate, imageTicket: pending });
    expect(notUploaded.status).toBe(409);
    const malformed = await fetch(`${t.baseUrl}${API}/previews`, {
      method: "POST",
      headers: headers(alice, { "content-type": "application/json" }),
      body: '{"template": {',
    });
    expect(malformed.status).toBe(400);
    const huge = await post("/previews", alice, { template: plainTemplate, uploadUrl: "x".repeat(70_000) });
    expect(huge.status).toBe(413);
    const nested = await post("/previews", alice, { template: { a: { b: 1 } }, uploadUrl: upload });
    expect(nested.status).toBe(422);
  });

  it("answers concurrent previews with images or a clear 503, never a failure", async () => {
    const all = await Promise.all(
      Array.from({ length: 8 }, () =>
        post("/previews", alice, { template: plainTemplate, uploadUrl: upload }),
      ),
    );
    for (const r of all) {
      expect([200, 503]).toContain(r.status);
      if (r.status === 200) expect(r.headers.get("content-type")).toBe("image/jpeg");
      else expect(await r.json()).toMatchObject({ error: "unavailable", details: { retry_after: 2 } });
    }
    expect(all.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
  });

  it("limits previews per contact per minute (429 with retry_after), other contacts unaffected", async () => {
    t.clock.set(Math.ceil(t.clock.now() / 60_000) * 60_000 + 1_000);
    const bad = { template: { templateOutputFormat: "GIF" }, uploadUrl: upload };
    const codes = [];
    for (let i = 0; i < 31; i++) codes.push((await post("/previews", alice, bad)).status);
    expect(codes.slice(0, 30).every((c) => c === 422)).toBe(true);
    const limited = await post("/previews", alice, bad);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: "rate_limited" });
    expect((await post("/previews", bob, bad)).status).toBe(422);
  });

  it("streams the finals as a ZIP that Python reads back, and counts them as downloaded", async () => {
    const r = await post("/finals.zip", alice, { imageTickets: [finished, finished.toUpperCase()] });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/zip");
    expect(r.headers.get("content-disposition")).toMatch(
      /^attachment; filename="pixl-finals-\d{4}-\d\d-\d\d\.zip"$/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-finals-"));
    const file = path.join(dir, "f.zip");
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    const { stdout } = await run("python3", [
      "-c",
      "import sys,zipfile,json;z=zipfile.ZipFile(sys.argv[1]);print(json.dumps([z.testzip(),z.namelist()]))",
      file,
    ]);
    expect(JSON.parse(stdout)).toEqual([null, ["shirt_i_1.jpg"]]);
    const s = await t.call("GET", `Image/${finished}`, {
      contactEmail: alice.email,
      contactAPIkey: alice.key,
    });
    expect((s.body["ImageStatus"] as { StatusId: number }).StatusId).toBe(80);
  });

  it("takes a console session instead of a key (CSRF on POST), for the session's own contacts only", async () => {
    const password = "alice's console password";
    const user = await createUser(t.app.database.kysely, t.clock, { email: "ann@shop.test", password });
    await addMembership(t.app.database.kysely, t.clock, user.id, { contact: alice.email }, "customer");
    const signIn = await fetch(`${t.baseUrl}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ann@shop.test", password }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const csrf = ((await signIn.json()) as { data: { csrf_token: string } }).data.csrf_token;
    const detail = await fetch(`${t.baseUrl}${API}/images/${finished}`, { headers: { cookie } });
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as { data: { ticket: string } }).data.ticket).toBe(finished);
    const asBob = await fetch(`${t.baseUrl}${API}/images/${finished}`, {
      headers: { cookie, "x-pixl-contact-email": bob.email },
    });
    expect(asBob.status).toBe(401);
    // A fresh minute: the rate-limit test spent this contact's preview budget.
    t.clock.set(Math.ceil(t.clock.now() / 60_000) * 60_000 + 1_000);
    const body = JSON.stringify({ template: plainTemplate, imageTicket: finished });
    const json = { "content-type": "application/json", cookie };
    const noCsrf = await fetch(`${t.baseUrl}${API}/previews`, { method: "POST", headers: json, body });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await fetch(`${t.baseUrl}${API}/previews`, {
      method: "POST",
      headers: { ...json, "x-csrf-token": csrf },
      body,
    });
    expect(withCsrf.status).toBe(200);
    expect(withCsrf.headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuses ZIPs of unfinished, unknown or another contact's images, and oversized lists", async () => {
    const unfinished = await post("/finals.zip", alice, { imageTickets: [pending] });
    expect(unfinished.status).toBe(409);
    const refused = (await unfinished.json()) as { error: string; details: { status: number } };
    expect(refused.error).toBe("conflict");
    expect([10, 12]).toContain(refused.details.status);
    expect((await post("/finals.zip", bob, { imageTickets: [finished] })).status).toBe(404);
    expect((await post("/finals.zip", alice, { imageTickets: ["../../etc/passwd"] })).status).toBe(422);
    expect((await post("/finals.zip", alice, { imageTickets: [] })).status).toBe(422);
    const many = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    );
    const tooMany = await post("/finals.zip", alice, { imageTickets: many });
    expect(tooMany.status).toBe(422);
    expect(await tooMany.json()).toMatchObject({ message: "At most 100 images per archive." });
  });
});
