// The editor workbench in Chromium: an image the customer rejected with a comment and a markup waits in the
// queue (62); an editor account signs in with email and password on the console's sign-in page (a wrong
// password and a customer account are refused), reads the instructions (markup in the comment stays text),
// claims it (64), downloads the source, uploads the edited result (66) and approves it (70); every step is in
// the history under that editor, and the customer sees the image finished again. axe and 375 px on each
// screen.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deposit } from "../../server/src/studio/billing/billing.service.js";
import { addMembership, createUser } from "../../server/src/console/account.service.js";
import { createEditor } from "../../server/src/studio/editor/editor-account.js";
import {
  createStudioTestApp,
  type StudioAccount,
  type StudioTestApp,
} from "../../server/test/fixtures/studio-harness.js";
import { createProductPhoto } from "../../server/test/support/studio-photos.js";
import { waitFor } from "../../server/test/support/wait.js";
import {
  browserProblem,
  expectAccessible,
  expectNoSidewaysScroll,
  launchBrowser,
  screenshot,
} from "./support/browser.js";
import { ensureWebBuilt } from "./support/web-build.js";

const PASSWORD = "the editor's long password";
const COMMENT = `<img src=x onerror="window.__xss=1"> Make the shirt <b>brighter</b>`;

describe.skipIf(browserProblem !== undefined)("editor workbench in Chromium", { timeout: 90_000 }, () => {
  let t: StudioTestApp;
  let contact: StudioAccount;
  let editorKey: string;
  let ticket: string;
  let browser: Browser;
  let page: Page;
  const creds = () => ({ contactEmail: contact.email, contactAPIkey: contact.key });
  const status = async () =>
    ((await t.call("GET", `Image/${ticket}`, creds())).body["ImageStatus"] as { StatusId: number }).StatusId;

  async function check(name: string): Promise<void> {
    await expectAccessible(page, name);
    await screenshot(page, `editor-${name}`);
    await page.setViewportSize({ width: 375, height: 800 });
    await expectNoSidewaysScroll(page, `${name} at 375 px`);
    await screenshot(page, `editor-${name}-375`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function upload(name: string, bytes: Buffer): Promise<string> {
    const presign = await t.call("POST", "RequestPresignUrls", { ...creds(), imageNames: [name] });
    const [pair] = presign.body["PostingUrls"] as { DownloadUrl: string; UploadUrl: string }[];
    await fetch(pair?.UploadUrl ?? "", { method: "PUT", body: bytes });
    return pair?.DownloadUrl ?? "";
  }

  beforeAll(async () => {
    // Build first: a server reads the console's files when it starts, and a build replaces them.
    await ensureWebBuilt();
    t = await createStudioTestApp("sqlite", { start: Date.now() });
    await t.listen();
    contact = await t.createContact("shop@example.test", { directUpload: true });
    await t.app.database.kysely
      .transaction()
      .execute((trx) => deposit(trx, contact.id, 2000, "Deposit", t.clock.now()));
    const template = await t.call("POST", "Template", {
      ...creds(),
      templateName: "Plain",
      templateOutputFormat: "JPG",
      deliveryTimeInHour: "72",
      backgroundType: "0",
      resizeType: "2",
      resizeWidth: "200",
      resizeHeight: "150",
    });
    await t.app.startWorker();
    const posted = await t.call("POST", "Image", {
      ...creds(),
      templateId: String(template.body["TemplateId"]),
      imageURL: await upload("shirt.jpg", await createProductPhoto(400, 300)),
      customerImageId: "shirt.jpg",
    });
    ticket = String(posted.body["ImageTicket"]);
    await waitFor("the image to finish", async () => ((await status()) === 70 ? true : undefined));
    const markupImageUrl = await upload("markup.png", await createProductPhoto(200, 150, "png"));
    const rejected = await t.call("PUT", `Image/Reject/${ticket}`, {
      ...creds(),
      comment: COMMENT,
      markupImageUrl,
    });
    expect(rejected.body.ErrorCode).toBe("NoError");
    expect(await status()).toBe(62);
    const db = t.app.database.kysely;
    // Scripts keep an editor key; the person signs in with an account that has the role editor.
    editorKey = (await createEditor(db, t.clock, contact.id, "Script")).key;
    const ana = await createUser(db, t.clock, {
      email: "ana@editors.test",
      name: "Ana Editor",
      password: PASSWORD,
    });
    await addMembership(db, t.clock, ana.id, { contact: contact.email }, "editor");
    const cus = await createUser(db, t.clock, { email: "cus@shop.test", password: PASSWORD });
    await addMembership(db, t.clock, cus.id, { contact: contact.email }, "customer");
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // Under a full parallel run (another browser suite beside this one) a sign-in round trip can take long.
    page.setDefaultTimeout(60_000);
  }, 30_000);
  afterAll(async () => {
    await browser.close();
    await t.close();
  });

  it(
    "shows the queue of images waiting for a person, with the customer's reason as text",
    { timeout: 150_000 },
    async () => {
      const signIn = async (email: string, password: string) => {
        await page.getByLabel("Email").fill(email);
        await page.getByLabel(/^Password/).fill(password);
        await page.getByRole("button", { name: "Sign in" }).click();
      };
      // The workbench sends a visitor to the console's sign-in page and back.
      await page.goto(`${t.baseUrl}/editor`);
      await page.waitForURL(/\/login\?next=%2Feditor$/);
      await signIn("ana@editors.test", "not the password");
      await page.getByRole("alert").waitFor();
      // A studio customer is signed in, but is no editor.
      await signIn("cus@shop.test", PASSWORD);
      await page.getByRole("heading", { name: "Editor workbench" }).waitFor();
      await page.getByText("cus@shop.test has no editor role").waitFor();
      await check("not-an-editor");
      await page.getByRole("button", { name: "Sign in with another account" }).click();
      await page.waitForURL(/\/login\?next=(%2F|\/)editor$/);
      await signIn("ana@editors.test", PASSWORD);
      await page.waitForURL(/\/editor$/);
      await page.getByText("Ana Editor").waitFor();
      const reason = page.getByTestId("queue-reason");
      await expect.poll(() => reason.textContent()).toContain(COMMENT);
      await page.getByText("Assigned to editor (62)").waitFor();
      await check("queue");
    },
  );

  it("claims, downloads the source, uploads the result and approves it: 62 → 64 → 66 → 70", async () => {
    await page.getByRole("link", { name: "shirt.jpg" }).click();
    await expect.poll(() => page.getByTestId("instruction-comment").textContent()).toBe(COMMENT);
    await page.getByRole("img", { name: "The customer's markup" }).waitFor();
    await check("item-queued");

    await page.getByRole("button", { name: "Claim this image" }).click();
    await page.getByText("Downloaded by editor (64)").waitFor();
    expect(await status()).toBe(64);
    await page.getByRole("img", { name: "The source photo" }).waitFor();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download the source" }).click();
    const source = await (await download).createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of source) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 2).toString("hex")).toBe("ffd8");
    await check("item-claimed");

    await page.locator('input[type="file"]').setInputFiles({
      name: "edited.jpg",
      mimeType: "image/jpeg",
      buffer: await createProductPhoto(200, 150),
    });
    await page.getByText("Quality Assurance (66)").waitFor();
    expect(await status()).toBe(66);
    await page.getByRole("img", { name: "The edited result" }).waitFor();
    await check("item-qa");

    await page.getByRole("button", { name: "Approve (QA passed)" }).click();
    await page.getByText("The image is finished (70)").waitFor();
    expect(await status()).toBe(70);
    const item = (await (
      await fetch(`${t.baseUrl}/studio/editor/queue?state=open`, {
        headers: { authorization: `Bearer ${editorKey}` },
      })
    ).json()) as { items: unknown[] };
    expect(item.items).toEqual([]);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
  });

  it("shows the customer the image finished again, with the steps recorded", async () => {
    const events = await t.app.database.kysely
      .selectFrom("studio_editor_events")
      .select(["action", "actor", "from_status", "to_status"])
      .orderBy("id")
      .execute();
    expect(events.map((e) => `${e.action} by ${e.actor}: ${e.from_status ?? ""}->${e.to_status}`)).toEqual([
      "queued by customer: ->62",
      "claimed by Ana Editor: 62->64",
      "submitted by Ana Editor: 64->66",
      "approved by Ana Editor: 66->70",
    ]);
    await page.evaluate(
      `sessionStorage.setItem("pixl.studio.credentials", ${JSON.stringify(JSON.stringify(creds()))})`,
    );
    await page.goto(`${t.baseUrl}/studio/images/${ticket}`);
    await page.getByText("Production Finished (70)").waitFor();
    await page.getByRole("img", { name: "After: shirt.jpg, as edited" }).waitFor();
  });
});
