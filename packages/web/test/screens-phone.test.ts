// Every console screen in Chromium at 375 px (no sideways scrolling, navigation behind a menu button),
// and markup in names, descriptions and usernames shown as text.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProblem, expectNoSidewaysScroll, launchBrowser, screenshot } from "./support/browser.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";
import { openScreen, SCREENS, screenName, seedScreens, signedInPage } from "./support/screens.js";

describe.skipIf(browserProblem !== undefined)(
  "console screens: phones and hostile text",
  { timeout: 180_000 },
  () => {
    let server: ConsoleServer;
    let browser: Browser;
    const dialogs: string[] = [];
    beforeAll(async () => {
      [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
      await seedScreens(server);
    });
    afterAll(async () => {
      await browser.close();
      await server.close();
    });

    it("fits a 375 px phone, with the navigation behind a menu button", async () => {
      const page = await signedInPage(browser, server, 375, dialogs);
      for (const path of SCREENS) {
        await openScreen(page, path);
        await expectNoSidewaysScroll(page, path);
        await screenshot(page, `phone-${screenName(path)}`);
      }
      await openScreen(page, "/admin/alpha");
      await page.getByRole("button", { name: "Toggle navigation" }).click();
      await page.getByRole("link", { name: "Customers" }).click();
      await page.getByRole("heading", { name: "Customers" }).waitFor();
    });

    it("shows names, descriptions and usernames containing markup as text", async () => {
      const page = await signedInPage(browser, server, 1280, dialogs);
      for (const path of [
        "/admin/alpha/customers",
        "/admin/alpha/products",
        "/admin/alpha/orders/1",
        "/admin/alpha/subscriptions",
        "/admin/alpha/subscriptions/1",
        "/admin/alpha/game-servers",
        "/admin/alpha/game-servers/1",
        "/admin/alpha/staff",
        "/shop/alpha",
      ]) {
        await openScreen(page, path);
        await page.getByText("<img src=x", { exact: false }).first().waitFor();
        expect(await page.locator("img[src=x], main script").count(), path).toBe(0);
      }
      expect(dialogs).toEqual([]);
    });
  },
);
