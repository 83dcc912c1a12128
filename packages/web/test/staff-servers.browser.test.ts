// Store admin in Chromium: the owner invites a manager by a one-time link, who joins, signs in again and
// sees only what a manager may; the owner adds a game server and its command, and watches a delivery of
// an API-created order appear in the live log and turn delivered when the agent confirms it; the owner
// cancels a subscription (at the period's end, then now) and sets the store's time zone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserProblem, launchBrowser, screenshot } from "./support/browser.js";
import { startConsoleServer, storeApi, type ConsoleServer } from "./support/console-server.js";
import { signedInPage } from "./support/screens.js";

const MANAGER = { email: "mia@alpha.test", name: "Mia <b>Manager</b>", password: "manager password 1" };

describe.skipIf(browserProblem !== undefined)(
  "staff and game servers in the browser",
  { timeout: 90_000 },
  () => {
    let server: ConsoleServer;
    let browser: Browser;
    const dialogs: string[] = [];
    beforeAll(async () => {
      [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    });
    afterAll(async () => {
      await browser.close();
      await server.close();
    });

    async function navTo(page: Page, label: string, heading = label): Promise<void> {
      await page.getByRole("navigation", { name: "Store admin" }).getByRole("link", { name: label }).click();
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    }

    it("an owner invites a manager, who joins by the link and sees only what a manager may", async () => {
      const owner = await signedInPage(browser, server, 1280, dialogs);
      await navTo(owner, "Staff");
      const form = owner.getByRole("form", { name: "Invite staff" });
      await form.getByLabel("Email").fill(MANAGER.email);
      await form.getByRole("combobox", { name: "Role" }).click();
      await owner.getByRole("option", { name: /^Manager/ }).click();
      await form.getByRole("button", { name: "Create invitation link" }).click();
      const link = (await owner.getByTestId("Invitation link").textContent()) ?? "";
      expect(link).toMatch(new RegExp(`^${server.base}/invite#pxi_\\d+\\.[A-Za-z0-9_-]{43}$`));
      await owner.getByRole("row").filter({ hasText: MANAGER.email }).getByText("pending").waitFor();
      await screenshot(owner, "admin-staff-invited");

      // The invitee, in a browser of their own.
      const invitee = await (await browser.newContext({ baseURL: server.base })).newPage();
      invitee.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await invitee.goto(link);
      await invitee.getByText(/You are invited to/).waitFor();
      expect(await invitee.getByText(/You are invited to/).textContent()).toContain(`Alpha Games as manager`);
      // The token leaves the address bar once read.
      expect(invitee.url()).toBe(`${server.base}/invite`);
      await invitee.getByLabel("Your name").fill(MANAGER.name);
      await invitee.getByLabel("Choose a password").fill(MANAGER.password);
      await invitee.getByLabel("Repeat the password").fill(MANAGER.password);
      await screenshot(invitee, "accept-invitation");
      await invitee.getByRole("button", { name: "Join Alpha Games" }).click();
      await invitee.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();

      // The link works once.
      const again = await (await browser.newContext({ baseURL: server.base })).newPage();
      await again.goto(link);
      await again
        .getByRole("alert")
        .getByText(/already been used/)
        .waitFor();

      // The manager signs in with the new password and sees a manager's console.
      const manager = await (await browser.newContext({ baseURL: server.base })).newPage();
      await manager.goto("/login");
      await manager.getByLabel("Email").fill(MANAGER.email);
      await manager.getByLabel(/^Password/).fill(MANAGER.password);
      await manager.getByRole("button", { name: "Sign in" }).click();
      await manager.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      const nav = manager.getByRole("navigation", { name: "Store admin" });
      expect(await nav.getByRole("link", { name: "Game servers" }).count()).toBe(1);
      expect(await nav.getByRole("link", { name: "Staff" }).count()).toBe(0);
      await manager.goto("/admin/alpha/staff");
      await manager.getByText("Only the store's owners manage its staff.").waitFor();
      await manager.goto("/admin/alpha/settings");
      await manager.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      expect(await manager.getByRole("button", { name: "Save store settings" }).count()).toBe(0);
      expect(await manager.getByRole("textbox", { name: "Name" }).isDisabled()).toBe(true);
      await manager.goto("/admin/alpha/products");
      await manager.getByRole("button", { name: "New product" }).waitFor();

      // The owner sees the new member (name as text) and the invitation used.
      await owner.reload();
      const row = owner.getByRole("row").filter({ hasText: MANAGER.email });
      await row.getByText(MANAGER.name).waitFor();
      expect(await row.locator("b").count()).toBe(0);
      await owner.getByRole("row").filter({ hasText: MANAGER.email }).getByText("accepted").waitFor();
      expect(dialogs).toEqual([]);
    });

    it("an owner adds a game server and its command, and sees a purchase's delivery in the live log", async () => {
      const product = (await storeApi(server, "POST", "/products", {
        name: "Diamond pack",
        price: "2.50",
      })) as {
        id: number;
      };
      const owner = await signedInPage(browser, server, 1280, dialogs);
      await navTo(owner, "Game servers");
      await owner.getByLabel("Server name").fill("Survival");
      await owner.getByRole("button", { name: "Add game server" }).click();
      const serverSecret = (await owner.getByTestId("Server secret (X-Server-Secret)").textContent()) ?? "";
      const storeSecret = (await owner.getByTestId("Store secret (X-Store-Secret)").textContent()) ?? "";
      expect(serverSecret).toMatch(/^srv_[A-Za-z0-9_-]{43}$/);
      expect(storeSecret).toMatch(/^pxs_[A-Za-z0-9_-]{43}$/);
      // The list shows only the secret's first characters.
      const serverRow = owner.getByRole("row").filter({ hasText: "Survival" });
      await serverRow.getByText(`${serverSecret.slice(0, 8)}…`).waitFor();
      await screenshot(owner, "admin-game-servers-created");

      await serverRow.getByRole("link", { name: "Survival" }).click();
      await owner.getByRole("heading", { level: 1, name: "Game server: Survival" }).waitFor();
      const commandForm = owner.getByRole("form", { name: "New delivery command" });
      await commandForm.getByRole("combobox", { name: "Product" }).fill("Diamond");
      await owner.getByRole("option", { name: "Diamond pack" }).click();
      await commandForm.getByLabel("Command").fill("give {player} diamond 64");
      await commandForm.getByRole("button", { name: "Add command" }).click();
      await owner.getByRole("row").filter({ hasText: "give {player} diamond 64" }).waitFor();
      await owner.getByText("No deliveries yet", { exact: false }).waitFor();

      // A paid order made through the API: its delivery shows up in the log without a reload.
      await storeApi(server, "POST", "/orders", {
        customer: { email: "steve@example.test" },
        items: [{ product_id: product.id, quantity: 1 }],
        payment_status: "paid",
        status: "processing",
        metadata: { player: "Steve_1" },
      });
      const delivery = owner.getByRole("row").filter({ hasText: "give Steve_1 diamond 64" });
      await delivery.getByText("pending").waitFor({ timeout: 15_000 });
      await screenshot(owner, "admin-game-server-live-log");

      // The agent claims and confirms it; the log follows.
      const agentHeaders = { "x-store-secret": storeSecret, "x-server-secret": serverSecret };
      const claim = await fetch(`${server.base}/api/v1/agent/commands/pending`, { headers: agentHeaders });
      const claimed = ((await claim.json()) as { data: { id: number; command: string }[] }).data;
      expect(claimed.map((c) => c.command)).toEqual(["give Steve_1 diamond 64"]);
      const confirm = await fetch(`${server.base}/api/v1/agent/commands/${claimed[0]?.id ?? 0}/confirm`, {
        method: "POST",
        headers: agentHeaders,
      });
      expect(confirm.status).toBe(200);
      await delivery.getByText("delivered").waitFor({ timeout: 15_000 });

      // Rotating the server secret shows the new one once and locks the old one out.
      await owner.getByRole("button", { name: "Rotate secret" }).click();
      await owner.getByRole("dialog").getByRole("button", { name: "Rotate" }).click();
      const rotated = (await owner.getByTestId("Server secret (X-Server-Secret)").textContent()) ?? "";
      expect(rotated).toMatch(/^srv_/);
      expect(rotated).not.toBe(serverSecret);
      const old = await fetch(`${server.base}/api/v1/agent/commands/pending`, { headers: agentHeaders });
      expect(old.status).toBe(401);
      expect(dialogs).toEqual([]);
    });
    it("an owner cancels a subscription at its period's end, then at once, and sets the store's time zone", async () => {
      const product = (await storeApi(server, "POST", "/products", {
        name: "VIP monthly",
        price: "4.99",
        type: "subscription",
        billing_interval: "month",
      })) as { id: number };
      const customer = (await storeApi(server, "POST", "/customers", { email: "sub@example.test" })) as {
        id: number;
      };
      await storeApi(server, "POST", "/subscriptions", { customer_id: customer.id, product_id: product.id });
      const owner = await signedInPage(browser, server, 1280, dialogs);
      await navTo(owner, "Subscriptions");
      await owner.getByText("canceled", { exact: true }).click();
      await owner.getByText("No subscriptions match.").waitFor();
      await owner.getByText("active", { exact: true }).click();
      await owner.getByRole("link", { name: /VIP monthly/ }).click();
      await owner.getByRole("heading", { level: 1, name: /^Subscription #\d+$/ }).waitFor();

      await owner.getByRole("button", { name: "Cancel subscription" }).click();
      const dialog = owner.getByRole("dialog");
      await dialog.getByLabel("Reason").fill("Asked by email");
      await dialog.getByRole("button", { name: "Cancel subscription" }).click();
      await dialog.waitFor({ state: "detached" });
      await owner.getByText("Asked by email").waitFor();
      await owner.getByText("yes", { exact: true }).waitFor(); // cancels at the period's end, still active
      await owner.getByText("active", { exact: true }).waitFor();

      await owner.getByRole("button", { name: "Cancel subscription" }).click();
      await dialog.getByRole("radio", { name: /^Now/ }).check();
      await dialog.getByRole("button", { name: "Cancel subscription" }).click();
      await owner.getByText("canceled", { exact: true }).waitFor();
      await expect.poll(() => owner.getByRole("button", { name: "Cancel subscription" }).count()).toBe(0);
      await screenshot(owner, "admin-subscription-cancelled");

      await navTo(owner, "Settings");
      const zone = owner.getByRole("combobox", { name: "Time zone" });
      await expect.poll(() => zone.inputValue()).toBe("UTC");
      await zone.fill("Europe/Berl");
      await owner.getByRole("option", { name: "Europe/Berlin" }).click();
      await owner.getByRole("button", { name: "Save store settings" }).click();
      await owner.getByRole("status").getByText("Store settings saved.").waitFor();
      const settings = (await storeApi(server, "GET", "/settings/store")) as { time_zone: string };
      expect(settings.time_zone).toBe("Europe/Berlin");
      expect(dialogs).toEqual([]);
    });
  },
);
