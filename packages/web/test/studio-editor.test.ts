// The studio lifecycle in Chromium: a customer uploads a photo, watches it finish, compares before/after,
// rejects it with a comment and a drawn markup; an editor claims it on the workbench (62 → 64), uploads the
// edited result (66) and approves it (70); the customer sees it finished again.
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembership, createUser } from "../../server/src/console/account.service.js";
import { createEditor } from "../../server/src/studio/editor/editor-account.js";
import { createProductPhoto } from "../../server/test/support/studio-photos.js";
import { browserProblem, launchBrowser, screenshot } from "./support/browser.js";
import { addStudioCustomer, startConsoleServer, type ConsoleServer } from "./support/console-server.js";

async function signIn(
  browser: Browser,
  server: ConsoleServer,
  email: string,
  password: string,
): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: server.base })).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  return page;
}

describe.skipIf(browserProblem !== undefined)("studio lifecycle in the browser", { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let customer: { email: string; password: string; contactId: number };
  let editorKey: string;
  const editorLogin = { email: "eddie@studio.test", password: "editor password 1" };
  let dir: string;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer("alpha", { worker: true }), launchBrowser()]);
    customer = await addStudioCustomer(server);
    const { app } = server;
    editorKey = (await createEditor(app.database.kysely, app.clock, customer.contactId, "Eddie")).key;
    const user = await createUser(app.database.kysely, app.clock, editorLogin);
    await addMembership(app.database.kysely, app.clock, user.id, { editor: true }, "editor");
    dir = mkdtempSync(path.join(tmpdir(), "pixl-studio-life-"));
    writeFileSync(path.join(dir, "shirt.jpg"), await createProductPhoto(120, 90));
    writeFileSync(path.join(dir, "edited.jpg"), await createProductPhoto(120, 90));
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("goes from upload to rejection to an editor's approved result", async () => {
    const page = await signIn(browser, server, customer.email, customer.password);
    await page.goto("/studio/upload");
    await page.getByLabel("Photos to upload").setInputFiles(path.join(dir, "shirt.jpg"));
    await page.getByRole("link", { name: "Submitted" }).click();
    await page.getByRole("heading", { name: "Ask for changes" }).waitFor({ timeout: 60_000 });
    await page.getByRole("img", { name: "shirt.jpg before editing" }).waitFor();
    await page.getByRole("img", { name: "shirt.jpg after editing" }).waitFor();
    await screenshot(page, "studio-before-after");

    const canvas = page.getByLabel("Markup drawing area");
    const box = await canvas.boundingBox();
    if (!box) throw new Error("the markup canvas is not shown");
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 8 });
    await page.mouse.up();
    await page.getByLabel(/What should change/).fill("The collar is creased <b>here</b>");
    await page.getByRole("button", { name: "Reject with this comment" }).click();
    await page.getByText("Sent back for changes.").waitFor();
    await screenshot(page, "studio-rejected");

    const bench = await signIn(browser, server, editorLogin.email, editorLogin.password);
    await bench.getByLabel("Editor key").fill(editorKey);
    await bench.getByRole("button", { name: "Open the queue" }).click();
    await bench.getByRole("button", { name: "shirt.jpg" }).click();
    await bench.getByText("Rejected: The collar is creased <b>here</b>").waitFor();
    expect(await bench.locator("main b").count()).toBe(0);
    await bench.getByRole("img", { name: "The customer's markup (rejection 1)" }).waitFor();
    await bench.getByRole("button", { name: "Claim and start" }).click();
    await bench.getByText(/Claimed: status 64/).waitFor();
    const [chooser] = await Promise.all([
      bench.waitForEvent("filechooser"),
      bench.getByRole("button", { name: "Upload edited result" }).click(),
    ]);
    await chooser.setFiles(path.join(dir, "edited.jpg"));
    await bench.getByText(/Result uploaded: status 66/).waitFor();
    await bench.getByRole("button", { name: "Approve" }).click();
    await bench.getByText(/Approved: status 70/).waitFor();
    await screenshot(bench, "workbench-approved");

    await page.reload();
    await expect
      .poll(() => page.getByText("Production Finished").count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
  });
});
