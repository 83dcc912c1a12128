// The studio console in Chromium with a console account (session cookie, no key): a customer signs in,
// uploads two photos (presigned upload with progress), and finds them in the image list and on their detail
// page; file names with markup stay text. studio.browser.test.ts covers the same screens signed in by key.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProblem, expectAccessible, launchBrowser, screenshot } from "./support/browser.js";
import { addStudioCustomer, startConsoleServer, type ConsoleServer } from "./support/console-server.js";

// A 2×2 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  "base64",
);

describe.skipIf(browserProblem !== undefined)("studio flow in the browser", { timeout: 60_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let login: { email: string; password: string };
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    login = await addStudioCustomer(server);
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("uploads two photos and lists them", async () => {
    const page = await (await browser.newContext({ baseURL: server.base })).newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto("/login");
    await page.getByLabel("Email").fill(login.email);
    await page.getByLabel(/^Password/).fill(login.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Images" }).waitFor();

    await page.getByRole("link", { name: "Upload", exact: true }).click();
    await page.getByRole("heading", { name: "Upload photos" }).waitFor();
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-studio-"));
    const files = ["shoe-1.png", "<img src=x onerror=alert(1)>.png"].map((name) => {
      const file = path.join(dir, name);
      writeFileSync(file, PNG);
      return file;
    });
    await page.getByLabel("Drop photos here, or choose files").setInputFiles(files);
    await page.getByRole("button", { name: "Upload 2 photos" }).click();
    await expect
      .poll(
        () => page.getByRole("link", { name: /^(shoe-1\.png|<img src=x onerror=alert\(1\)>\.png)$/ }).count(),
        {
          timeout: 20_000,
        },
      )
      .toBe(2);
    await expect
      .poll(() => {
        const bars = page.getByRole("progressbar");
        return Promise.all([0, 1].map((i) => bars.nth(i).getAttribute("aria-valuenow")));
      })
      .toEqual(["100", "100"]);
    await expectAccessible(page, "/studio/upload");
    await screenshot(page, "studio-upload");

    await page.getByRole("link", { name: "Images", exact: true }).click();
    await page.getByText("shoe-1.png").waitFor();
    await page.getByText("<img src=x onerror=alert(1)>.png").waitFor();
    expect(await page.locator("main img[src=x]").count()).toBe(0);
    await expectAccessible(page, "/studio");
    await screenshot(page, "studio-images");

    await page.getByRole("link", { name: "shoe-1.png" }).click();
    await page.getByRole("heading", { name: "shoe-1.png" }).waitFor();
    await expectAccessible(page, "/studio/images/…");
    await screenshot(page, "studio-image");
    expect(dialogs).toEqual([]);
  });
});
