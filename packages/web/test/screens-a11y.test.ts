// Every console screen in Chromium has no serious or critical axe-core violation (under the real CSP).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProblem, expectAccessible, launchBrowser, screenshot } from "./support/browser.js";
import { startConsoleServer, type ConsoleServer } from "./support/console-server.js";
import { openScreen, SCREENS, screenName, seedScreens, signedInPage } from "./support/screens.js";

describe.skipIf(browserProblem !== undefined)("console screens: accessibility", { timeout: 180_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await seedScreens(server);
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("has no serious accessibility violations on any screen", async () => {
    const dialogs: string[] = [];
    const page = await signedInPage(browser, server, 1280, dialogs);
    for (const path of SCREENS) {
      await openScreen(page, path);
      await expectAccessible(page, path);
      await screenshot(page, `desktop-${screenName(path)}`);
    }
    await page.context().clearCookies();
    await openScreen(page, "/login");
    await expectAccessible(page, "/login");
    expect(dialogs).toEqual([]);
  });
});
