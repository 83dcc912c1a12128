// The studio in a real browser (Debian's Chromium): a customer signs in with a contact key, uploads two
// photos (one dropped, one picked), watches them finish, compares before/after, downloads the finals as a
// ZIP, rejects one with a comment and a markup, previews a template on their photo; axe on every screen,
// 375 px layouts, and file names and comments with markup shown as text.
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deposit } from "../../server/src/studio/billing/billing.service.js";
import {
  createStudioTestApp,
  type StudioAccount,
  type StudioTestApp,
} from "../../server/test/fixtures/studio-harness.js";
import { createProductPhoto } from "../../server/test/support/studio-photos.js";
import {
  browserProblem,
  expectAccessible,
  expectNoSidewaysScroll,
  launchBrowser,
  screenshot,
} from "./support/browser.js";
import { ensureWebBuilt } from "./support/web-build.js";

const HOSTILE_NAME = `<img src=x onerror="window.__xss=1">.jpg`;
const HOSTILE_COMMENT = `<b>Too dark</b> & <script>window.__xss=2</script> "fix it"`;

describe.skipIf(browserProblem !== undefined)("studio screens in Chromium", { timeout: 30_000 }, () => {
  let t: StudioTestApp;
  let contact: StudioAccount;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let imagePath = "";

  async function checkScreen(name: string): Promise<void> {
    await expectAccessible(page, name);
    await screenshot(page, `studio-${name}`);
  }

  async function expectNarrow(url: string, name: string): Promise<void> {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 375, height: 800 });
    await narrow.goto(`${t.baseUrl}${url}`);
    await narrow.getByRole("heading", { level: 1 }).waitFor();
    await expectNoSidewaysScroll(narrow, `${name} at 375 px`);
    await screenshot(narrow, `studio-${name}-375`);
    await narrow.close();
  }

  beforeAll(async () => {
    // Build first: a server reads the console's files when it starts, and a build replaces them.
    await ensureWebBuilt();
    t = await createStudioTestApp("sqlite", { start: Date.now() });
    await t.listen();
    contact = await t.createContact("shop@example.test", { directUpload: true, trialImages: 0 });
    await t.app.database.kysely
      .transaction()
      .execute((trx) => deposit(trx, contact.id, 2000, "Deposit", t.clock.now()));
    await t.call("POST", "Template", {
      contactEmail: contact.email,
      contactAPIkey: contact.key,
      templateName: "Plain 200x150",
      templateOutputFormat: "JPG",
      deliveryTimeInHour: "72",
      backgroundType: "0",
      resizeType: "2",
      resizeWidth: "200",
      resizeHeight: "150",
    });
    await t.app.startWorker();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
  }, 30_000);
  afterAll(async () => {
    await browser.close();
    await t.close();
  });

  it("signs in, uploads two photos with progress, and watches them finish", async () => {
    await page.goto(`${t.baseUrl}/studio`);
    await page.getByLabel("Contact email").fill(contact.email);
    await page.getByLabel("API key").fill("wrong-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/key|contact/i);
    await checkScreen("sign-in");
    await page.getByLabel("API key").fill(contact.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Images", level: 1 }).waitFor();
    await checkScreen("images-empty");

    await page.getByRole("link", { name: "Upload", exact: true }).click();
    await page.getByRole("heading", { name: "Upload photos" }).waitFor();
    await page.getByRole("combobox", { name: "Template" }).click();
    await page.getByRole("option", { name: "Plain 200x150" }).click();
    // One photo dropped (a real drop event with a DataTransfer), one chosen with the file picker.
    const dropped = (await createProductPhoto(640, 480)).toString("base64");
    // A string, evaluated in the page: these tests type-check without the DOM library.
    const transfer = await page.evaluateHandle(`(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(dropped)}), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], "shirt.jpg", { type: "image/jpeg" }));
      return dt;
    })()`);
    await page.dispatchEvent('[data-testid="drop-zone"]', "drop", { dataTransfer: transfer });
    await page.locator('input[type="file"]').setInputFiles({
      name: HOSTILE_NAME,
      mimeType: "image/jpeg",
      buffer: await createProductPhoto(600, 400),
    });
    await expect.poll(() => page.getByTestId("upload-row").count()).toBe(2);
    await expect.poll(() => page.getByText(HOSTILE_NAME, { exact: true }).count()).toBe(1);
    await page.getByRole("button", { name: "Upload 2 photos" }).click();
    await expect.poll(() => page.getByText("Production Finished (70)").count(), { timeout: 20_000 }).toBe(2);
    for (const name of ["shirt.jpg", HOSTILE_NAME])
      expect(
        await page.getByRole("progressbar", { name: `Upload of ${name}` }).getAttribute("aria-valuenow"),
      ).toBe("100");
    await checkScreen("upload-done");
    expect(await page.evaluate("window.__xss")).toBeUndefined();
  });

  it("lists the images with thumbnails and filters, and downloads the finals as a ZIP", async () => {
    await page.getByRole("link", { name: "Images", exact: true }).click();
    await expect.poll(() => page.getByRole("img", { name: /^Thumbnail of / }).count()).toBe(2);
    // The hostile file name is the image's name: shown as text, never parsed.
    await page.getByRole("link", { name: HOSTILE_NAME }).waitFor();
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Delivered" }).click();
    await page.getByText("No images with this status yet.").waitFor();
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Production finished" }).click();
    await expect.poll(() => page.getByRole("article").count()).toBe(2);
    for (const box of await page.getByLabel("Select for download").all()) await box.check();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download 2 selected (ZIP)" }).click();
    const file = await (await download).path();
    const zip = readFileSync(file);
    expect(zip.subarray(0, 4).toString("latin1")).toBe("PK\x03\x04");
    expect(zip.includes(Buffer.from("shirt.jpg"))).toBe(true);
    await checkScreen("images");
  });

  it("compares before and after, and rejects an image with a comment and a drawn markup", async () => {
    await page.getByRole("link", { name: "shirt.jpg" }).click();
    await page.getByRole("img", { name: "Before: shirt.jpg, as uploaded" }).waitFor();
    await page.getByRole("img", { name: "After: shirt.jpg, as edited" }).waitFor();
    imagePath = new URL(page.url()).pathname;
    const slider = page.getByRole("slider");
    await slider.fill("20");
    expect(await slider.getAttribute("aria-valuetext")).toBe("20 percent before");
    const clip = await page
      .getByRole("img", { name: "Before: shirt.jpg, as uploaded" })
      .evaluate((el) => (el as unknown as { style: { clipPath: string } }).style.clipPath);
    expect(clip).toBe("inset(0px 80% 0px 0px)");
    await checkScreen("image-before-after");

    await page.getByLabel("What should change?").fill(HOSTILE_COMMENT);
    const canvas = page.getByTestId("markup-canvas");
    await page.getByRole("img", { name: "shirt.jpg, to mark up" }).waitFor();
    const box = await canvas.boundingBox();
    if (!box) throw new Error("the markup canvas is not shown");
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
    await page.mouse.up();
    await page.getByText("1 mark(s) drawn.").waitFor();
    await page.getByRole("button", { name: "Reject image" }).click();
    await page.getByTestId("rejection-comment").waitFor();
    expect(await page.getByTestId("rejection-comment").textContent()).toBe(HOSTILE_COMMENT);
    // A rejection with a comment waits for a person (editor.browser.test.ts finishes one).
    await page.getByText("Assigned to editor (62)").waitFor();
    const markup = await page.getByRole("link", { name: "markup" }).getAttribute("href");
    const png = await fetch(markup ?? "");
    expect(png.status).toBe(200);
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString("latin1"),
    ).toBe("PNG");
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    await checkScreen("image-rejected");
  });

  it("previews a template on the customer's own photo, shows billing, and fits 375 px screens", async () => {
    await page.getByRole("link", { name: "Templates", exact: true }).click();
    await page.getByRole("combobox", { name: "Preview on one of your photos" }).click();
    await page.getByRole("option", { name: "shirt.jpg" }).click();
    const preview = page.getByRole("img", { name: "Preview of the template on shirt.jpg" });
    await preview.waitFor({ timeout: 15_000 });
    expect(
      await preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    await checkScreen("templates");
    await page.getByRole("link", { name: "Billing", exact: true }).click();
    await expect.poll(() => page.getByTestId("Balance").textContent()).toMatch(/^\d+\.\d\d USD$/);
    await checkScreen("billing");
    for (const [url, name] of [
      ["/studio", "images"],
      ["/studio/upload", "upload"],
      ["/studio/templates", "templates"],
      ["/studio/billing", "billing"],
      [imagePath, "image"],
    ] as const)
      await expectNarrow(url, name);
  });
});
