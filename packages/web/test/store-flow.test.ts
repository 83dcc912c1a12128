// The store end to end in Chromium: the owner signs in and creates a product with an image, a buyer
// checks out on the storefront with the sandbox card, the owner sees the order.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProblem, launchBrowser, screenshot } from "./support/browser.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";

// A 2×2 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  "base64",
);

describe.skipIf(browserProblem !== undefined)("store flow in the browser", { timeout: 60_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("takes an order from a new product to the owner's order list", async () => {
    const owner = await browser.newContext({ baseURL: server.base });
    const page = await owner.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    // Sign in (coming from a protected page, the console returns there).
    await page.goto("/admin/alpha/products");
    await expect.poll(() => page.url()).toContain("/login?next=");
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel(/^Password/).fill(server.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Products" }).waitFor();
    await screenshot(page, "admin-products-empty");

    // A product whose name carries markup, with an image.
    const name = `Sword <img src=x onerror="alert('xss')">`;
    const imageFile = path.join(tmpdir(), `pixl-sword-${process.pid}.png`);
    writeFileSync(imageFile, PNG);
    await page.getByRole("button", { name: "New product" }).click();
    const form = page.getByRole("form", { name: "New product" });
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Price").fill("4.99");
    await form
      .getByLabel("Image")
      .click()
      .catch(() => undefined);
    await page.locator('input[type="file"]').setInputFiles(imageFile);
    await form.getByRole("button", { name: "Create product" }).click();
    const row = page.getByRole("row").filter({ hasText: "Sword <img" });
    await row.waitFor();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(await row.locator("img[src=x]").count()).toBe(0);
    await expect.poll(() => row.locator("img").getAttribute("src")).toMatch(/\/media\/images\//);
    await screenshot(page, "admin-products");

    // A buyer (no session) buys it on the storefront and pays on the sandbox page.
    const buyerContext = await browser.newContext({ baseURL: server.base });
    const shop = await buyerContext.newPage();
    shop.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await shop.goto("/shop/alpha");
    await shop.getByRole("heading", { name }).waitFor();
    await shop.getByRole("button", { name: `Add to basket: ${name}` }).click();
    await shop.getByRole("link", { name: /Basket, 1 item/ }).click();
    await shop.getByLabel("Email").fill("buyer@example.test");
    await shop.getByLabel("Player name").fill("Steve_1");
    await screenshot(shop, "shop-basket");
    await shop.getByRole("button", { name: "Place order" }).click();
    const payNow = shop.getByRole("link", { name: "Pay now" });
    await payNow.waitFor();
    await screenshot(shop, "shop-order-due");
    const [payment] = await Promise.all([buyerContext.waitForEvent("page"), payNow.click()]);
    await payment.getByLabel("Card number").fill("4242 4242 4242 4242");
    await payment.getByLabel("Expiry (MM/YY)").fill("12/34");
    await payment.getByLabel("CVC").fill("123");
    await payment.getByRole("button", { name: /^Pay / }).click();
    await payment.waitForLoadState();
    await shop.getByText("Thank you! Your order is complete.").waitFor();
    await screenshot(shop, "shop-order-complete");

    // The owner sees the paid order.
    await page.goto("/admin/alpha/orders");
    const orderRow = page.getByRole("row").filter({ hasText: "buyer@example.test" });
    await orderRow.waitFor();
    await expect.poll(() => orderRow.textContent()).toMatch(/paid/);
    await orderRow.getByRole("link").click();
    await page.getByRole("cell", { name }).waitFor();
    await screenshot(page, "admin-order");
    expect(dialogs).toEqual([]);
  });
});
