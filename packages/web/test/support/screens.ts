// The console's screens and their test data: every admin screen and the public ones, seeded with markup.
import type { Browser, Page } from "playwright-core";
import { addMembership, createUser } from "../../../server/src/console/account.service.js";
import { inviteStaff } from "../../../server/src/console/staff.service.js";
import { storeApi, type ConsoleServer } from "./console-server.js";

/** Markup a hostile customer or product name could carry; it must always render as text. */
export const HOSTILE = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>`;

/** Admin screens under /admin/alpha (ids are the first of each seeded record) and the public screens. */
export const SCREENS = [
  ...[
    "",
    "/orders",
    "/orders/1",
    "/products",
    "/products/1",
    "/categories",
    "/customers",
    "/subscriptions",
    "/subscriptions/1",
    "/coupons",
    "/gift-cards",
    "/game-servers",
    "/game-servers/1",
    "/webhooks",
    "/tokens",
    "/staff",
    "/settings",
  ].map((p) => `/admin/alpha${p}`),
  "/",
  "/invite",
  "/shop/alpha",
  "/shop/alpha/basket",
  "/api-console",
  "/workbench",
];

/**
 * A category, a product, a customer and an order (names full of markup), a coupon and a gift card; a
 * subscription, a game server with a command and a queued delivery, a staff member and an invitation.
 */
export async function seedScreens(server: ConsoleServer): Promise<void> {
  await storeApi(server, "POST", "/categories", { name: "Ranks" });
  await storeApi(server, "POST", "/products", {
    name: `VIP ${HOSTILE}`,
    price: "9.99",
    description: HOSTILE,
    category_id: 1,
  });
  await storeApi(server, "POST", "/customers", { email: "mallory@example.test", username: HOSTILE });
  await storeApi(server, "POST", "/orders", {
    customer: { email: "mallory@example.test" },
    items: [{ product_id: 1, quantity: 2 }],
  });
  await storeApi(server, "POST", "/coupons", { code: "SPRING10", type: "percentage", value: "10" });
  await storeApi(server, "POST", "/gift-cards", { initial_balance: "25.00" });
  await storeApi(server, "POST", "/products", {
    name: `Monthly ${HOSTILE}`,
    price: "4.99",
    type: "subscription",
    billing_interval: "month",
  });
  await storeApi(server, "POST", "/subscriptions", { customer_id: 1, product_id: 2 });
  await storeApi(server, "POST", "/delivery-servers", { name: `Survival ${HOSTILE}` });
  await storeApi(server, "POST", "/products/1/commands", { server_id: 1, command: "give {player} diamond" });
  await storeApi(server, "POST", "/orders", {
    customer: { email: "mallory@example.test" },
    items: [{ product_id: 1, quantity: 1 }],
    payment_status: "paid",
    status: "processing",
    metadata: { player: "Notch" },
  });
  const db = server.app.database.kysely;
  const clock = server.app.clock;
  const staff = await createUser(db, clock, {
    email: "helper@alpha.test",
    name: `Helper ${HOSTILE}`,
    password: "helper password 1",
  });
  await addMembership(db, clock, staff.id, { store: "alpha" }, "support");
  await inviteStaff(db, clock, {
    storeId: 1,
    email: "new.manager@alpha.test",
    role: "manager",
    invitedBy: null,
  });
}

/** A page of a new browser context at `width`, signed in as the owner; dialogs (alerts) are collected. */
export async function signedInPage(
  browser: Browser,
  server: ConsoleServer,
  width: number,
  dialogs: string[],
): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.base, viewport: { width, height: 800 } });
  const page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto("/login");
  await page.getByLabel("Email").fill(server.owner.email);
  await page.getByLabel(/^Password/).fill(server.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  return page;
}

/** Opens a screen and waits until its data has arrived (its h1 shown, the network quiet). */
export async function openScreen(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await page.waitForLoadState("networkidle");
}

/** `/admin/alpha/orders/1` → `admin-alpha-orders-1`. */
export const screenName = (path: string) => path.replace(/^\//, "").replace(/\//g, "-") || "home";
