// The API console in Chromium: credentials entered once, a Studio method and a Store endpoint sent through
// their generated forms, the exact request and the raw response shown (markup in answers stays text), the
// reference generated from the Studio, editor and Store OpenAPI documents; axe on each screen and 375 px layouts.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoreWithToken } from "../../server/src/store/stores/store.service.js";
import {
  createStudioTestApp,
  type StudioAccount,
  type StudioTestApp,
} from "../../server/test/fixtures/studio-harness.js";
import {
  browserProblem,
  expectAccessible,
  expectNoSidewaysScroll,
  launchBrowser,
  screenshot,
} from "./support/browser.js";
import { ensureWebBuilt } from "./support/web-build.js";

describe.skipIf(browserProblem !== undefined)("API console in Chromium", { timeout: 30_000 }, () => {
  let t: StudioTestApp;
  let contact: StudioAccount;
  let token: string;
  let browser: Browser;
  let page: Page;

  async function checkScreen(name: string): Promise<void> {
    await expectAccessible(page, name);
    await screenshot(page, `api-console-${name}`);
  }

  async function chooseMethod(label: string): Promise<void> {
    await page.getByRole("combobox", { name: "Operation" }).click();
    await page.getByRole("option", { name: label, exact: true }).click();
  }

  beforeAll(async () => {
    // Build first: a server reads the console's files when it starts, and a build replaces them.
    await ensureWebBuilt();
    t = await createStudioTestApp("sqlite", { start: Date.now() });
    await t.listen();
    contact = await t.createContact("dev@example.test");
    token = (await createStoreWithToken(t.app.database, { subdomain: "demo-shop" }, t.clock)).token;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 30_000);
  afterAll(async () => {
    await browser.close();
    await t.close();
  });

  it("sends a Studio method from its form and shows the exact request and the raw response", async () => {
    await page.goto(`${t.baseUrl}/api-console`);
    await page.getByLabel("Studio contact email").fill(contact.email);
    await page.getByLabel("Studio API key").fill(contact.key);
    await page.getByLabel("Store API token").fill(token);
    await page.getByRole("button", { name: "Use these credentials" }).click();
    await chooseMethod("GET /Contact");
    const request = page.getByTestId("request-raw");
    await expect
      .poll(() => request.textContent())
      .toContain(
        `GET /REST.svc/JSON/Contact?contactEmail=${encodeURIComponent(contact.email)}&contactAPIkey=${contact.key}`,
      );
    await page.getByRole("button", { name: "Send request" }).click();
    const raw = page.getByTestId("response-raw");
    await raw.waitFor();
    const text = (await raw.textContent()) ?? "";
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\n/);
    expect(text).toMatch(/content-type: application\/json/);
    const body = JSON.parse(text.slice(text.indexOf("\n\n") + 2)) as {
      ErrorCode: string;
      Contact: { ContactEmail: string };
    };
    expect(body).toMatchObject({ ErrorCode: "NoError", Contact: { ContactEmail: contact.email } });
    await checkScreen("studio-contact");

    // A POST with markup in a member: the JSON body as sent, the server's refusal shown as text.
    await chooseMethod("POST /Template");
    await page.getByLabel("templateName *").fill("<img src=x onerror=window.__xss=1>");
    await page.getByLabel("templateOutputFormat *").fill("JPG");
    await page.getByLabel("deliveryTimeInHour *").fill("72");
    await page.getByLabel("backgroundType *").fill("1");
    await expect
      .poll(() => request.textContent())
      .toContain('"templateName": "<img src=x onerror=window.__xss=1>"');
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => raw.textContent()).toContain('"ErrorCode":"InvalidParameter"');
    expect(await page.evaluate("window.__xss")).toBeUndefined();
  });

  it("sends a Store endpoint with the bearer token", async () => {
    await page.locator("label", { hasText: /^Store$/ }).click();
    await page.getByRole("heading", { name: "Store API console" }).waitFor();
    await chooseMethod("GET /products");
    const request = page.getByTestId("request-raw");
    await expect.poll(() => request.textContent()).toContain(`authorization: Bearer ${token}`);
    await page.getByLabel("per_page").fill("5");
    await expect
      .poll(() => request.textContent())
      .toContain("GET /api/external/v1/products?per_page=5 HTTP/1.1");
    await page.getByRole("button", { name: "Send request" }).click();
    const raw = page.getByTestId("response-raw");
    await expect.poll(() => raw.textContent()).toMatch(/^HTTP\/1\.1 200 OK\n[\s\S]*"data":\[\]/);
    await checkScreen("store-products");
  });

  it(
    "renders the reference from the Studio, editor and Store documents, links back to the forms, and fits 375 px",
    { timeout: 90_000 },
    async () => {
      await page.goto(`${t.baseUrl}/api-console/reference?api=studio`);
      await page.getByRole("heading", { name: "/REST.svc/JSON/Image/Reject/{imageTicket}" }).waitFor();
      await page.getByRole("heading", { name: "/api/studio/v1/previews" }).waitFor();
      await checkScreen("reference-studio");
      await page.getByRole("link", { name: "Try GET /Images in the console" }).click();
      await expect
        .poll(() => page.getByTestId("request-raw").textContent())
        .toContain("GET /REST.svc/JSON/Images?");
      await page.goto(`${t.baseUrl}/api-console/reference?api=editor`);
      await page.getByRole("heading", { name: "Editor API reference" }).waitFor();
      await page
        .getByRole("heading", { name: "/studio/editor/images/{ticket}/versions/{position}" })
        .waitFor();
      await checkScreen("reference-editor");
      await page.goto(`${t.baseUrl}/api-console/reference?api=store`);
      await page.getByRole("heading", { name: "/api/external/v1/orders/{id}/fulfill" }).waitFor();
      // The same pages at 375 px: nothing wider than the screen.
      await page.setViewportSize({ width: 375, height: 800 });
      await expectNoSidewaysScroll(page, "store reference");
      await screenshot(page, "api-console-reference-375");
      await page.getByRole("link", { name: "Test forms" }).click();
      await page.getByTestId("request-raw").waitFor();
      await expectNoSidewaysScroll(page, "console forms");
      await screenshot(page, "api-console-forms-375");
    },
  );
});
