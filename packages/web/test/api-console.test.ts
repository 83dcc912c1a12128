// The API console in Chromium: pick a Store endpoint, send it with the session, read the exact request and
// the raw response; the Studio tab lists the Studio methods from their OpenAPI document.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProblem, launchBrowser, screenshot } from "./support/browser.js";
import { startConsoleServer, storeApi, type ConsoleServer } from "./support/console-server.js";

describe.skipIf(browserProblem !== undefined)("API console in the browser", { timeout: 60_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    await storeApi(server, "POST", "/categories", { name: "Kits <b>bold</b>" });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it("sends a Store request with the session and shows request and response", async () => {
    const page = await (await browser.newContext({ baseURL: server.base })).newPage();
    await page.goto("/login?next=/api-console");
    await page.getByLabel("Email").fill(server.owner.email);
    await page.getByLabel(/^Password/).fill(server.owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "API console" }).waitFor();

    await page
      .getByRole("textbox", { name: "Operation" })
      .or(page.getByRole("combobox", { name: "Operation" }))
      .first()
      .click();
    await page.getByRole("option", { name: "GET /categories", exact: true }).click();
    await page.getByLabel("per_page (query)").fill("5");
    await page.getByRole("button", { name: "Send request" }).click();
    const request = page.getByLabel("Request sent");
    await request.waitFor();
    expect(await request.textContent()).toContain("GET /api/external/v1/categories?per_page=5 HTTP/1.1");
    expect(await request.textContent()).toContain("x-pixl-store: alpha");
    const response = await page.getByLabel("Response received").textContent();
    expect(response).toContain("HTTP/1.1 200");
    expect(response).toContain("Kits <b>bold</b>");
    expect(await page.locator("main b").count()).toBe(0);
    await screenshot(page, "api-console-store");

    // An unsafe request carries the CSRF token without showing it.
    await page
      .getByRole("textbox", { name: "Operation" })
      .or(page.getByRole("combobox", { name: "Operation" }))
      .first()
      .click();
    await page.getByRole("option", { name: "POST /categories", exact: true }).click();
    await page.getByLabel("Body (JSON)").fill(JSON.stringify({ name: "Capes" }));
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => page.getByLabel("Response received").textContent()).toContain("HTTP/1.1 201");
    expect(await page.getByLabel("Request sent").textContent()).toContain(
      "x-csrf-token: … (your session's CSRF token)",
    );

    await page.getByText("Studio API").click();
    await page
      .getByRole("textbox", { name: "Operation" })
      .or(page.getByRole("combobox", { name: "Operation" }))
      .first()
      .click();
    await page.getByRole("option", { name: "GET /Images", exact: true }).waitFor();
    await screenshot(page, "api-console-studio");
  });
});
