// The API console in Chromium with a console session (no token): pick a Store endpoint, send it as the
// session (X-Pixl-Store, CSRF on changes), read the exact request and the raw response; the Studio switch
// lists the Studio methods from their OpenAPI document. api-console.browser.test.ts covers keys and tokens.
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
    await page.locator("label", { hasText: /^Store$/ }).click();
    await page.getByRole("heading", { name: "Store API console" }).waitFor();

    await page.getByRole("combobox", { name: "Operation" }).click();
    await page.getByRole("option", { name: "GET /categories", exact: true }).click();
    await page.getByLabel("per_page", { exact: true }).fill("5");
    await page.getByRole("button", { name: "Send request" }).click();
    const request = page.getByTestId("request-raw");
    await request.waitFor();
    expect(await request.textContent()).toContain("GET /api/external/v1/categories?per_page=5 HTTP/1.1");
    expect(await request.textContent()).toContain("x-pixl-store: alpha");
    const raw = page.getByTestId("response-raw");
    await expect.poll(() => raw.textContent()).toContain("HTTP/1.1 200");
    const response = await raw.textContent();
    expect(response).toContain("HTTP/1.1 200");
    expect(response).toContain("Kits <b>bold</b>");
    expect(await page.locator("main b").count()).toBe(0);
    await screenshot(page, "api-console-store");

    // An unsafe request carries the CSRF token without showing it.
    await page.getByRole("combobox", { name: "Operation" }).click();
    await page.getByRole("option", { name: "POST /categories", exact: true }).click();
    await page.getByLabel("name *", { exact: true }).fill("Capes");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => raw.textContent()).toContain("HTTP/1.1 201");
    expect(await request.textContent()).toMatch(/\nx-csrf-token: \S+\n/);

    await page.locator("label", { hasText: /^Studio$/ }).click();
    await page.getByRole("combobox", { name: "Operation" }).click();
    await page.getByRole("option", { name: "GET /Images", exact: true }).waitFor();
    await screenshot(page, "api-console-studio");
  });
});
