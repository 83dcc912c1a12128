// The Store API's read cache on both engines: repeated GETs answer the same bytes with an ETag (304 on
// If-None-Match); every kind of write — through the API, by hand-run SQL, to the store's settings — moves
// the version so the next GET shows it; stores never share entries; and every table a cached route reads
// moves its domain's version (a route reading a table without triggers would serve stale answers).
import { sql, type KyselyPlugin, type OperationNode, type RootOperationNode } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateToLatest, type Dialect } from "../src/core/db/index.js";
import { createFakeClock } from "../src/core/clock.js";
import { createHttpServer } from "../src/core/http/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { registerStoreApi, STORE_API_PREFIX } from "../src/store/store-api.js";
import { storeMigrations } from "../src/store/store.migrations.js";
import { createStoreWithToken } from "../src/store/stores/store.service.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { createTestDatabase, testDialects } from "./support/databases.js";
import type { ReadDomain } from "../src/store/http/read-versions.js";

describe.each(testDialects)("Store API read cache on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let productId: number;
  let orderId: number;

  async function post(path: string, body: unknown, as = token) {
    const r = await t.call("POST", path, { token: as, body });
    if (r.status >= 300) throw new Error(`${path}: ${String(r.status)} ${r.body}`);
    return (r.json() as { data: { id: number } }).data;
  }
  const get = (path: string, headers: Record<string, string> = {}, as = token) =>
    t.call("GET", path, { token: as, headers });

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha" })).token;
    productId = (await post("/products", { name: "VIP Rank", price: "29.99" })).id;
    orderId = (
      await post("/orders", {
        customer: { email: "steve@example.com", username: "Steve" },
        items: [{ product_id: productId, quantity: 1 }],
        payment_status: "paid",
        status: "processing",
      })
    ).id;
  });
  afterEach(async () => {
    await t.close();
  });

  it("answers a repeated GET with the same bytes and ETag, and 304 to If-None-Match", async () => {
    const first = await get("/orders?status=processing");
    const second = await get("/orders?status=processing");
    expect(first.status).toBe(200);
    expect(second.body).toBe(first.body);
    const etag = String(first.headers["etag"]);
    expect(etag).toMatch(/^"orders-\d+-\d+"$/);
    expect(second.headers["etag"]).toBe(etag);
    expect(second.headers["x-ratelimit-remaining"]).not.toBe(first.headers["x-ratelimit-remaining"]);
    const unchanged = await get("/orders?status=processing", { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBe("");
    // Errors carry no ETag and are never cached.
    const missing = await get("/orders/99999");
    expect(missing.status).toBe(404);
    expect(missing.headers["etag"]).toBeUndefined();
  });

  it("shows every kind of write at the next GET", async () => {
    const order = async () =>
      (
        (await get(`/orders/${String(orderId)}`)).json() as {
          data: { status: string; refunded_amount: string; customer: { username: string } };
        }
      ).data;
    const etags = new Set<string>();
    const seen = async () => etags.add(String((await get(`/orders/${String(orderId)}`)).headers["etag"]));
    await seen();
    expect(await order()).toMatchObject({ status: "processing", refunded_amount: "0.00" });

    await post(`/orders/${String(orderId)}/fulfill`, {});
    expect((await order()).status).toBe("completed");
    await seen();

    await post(`/orders/${String(orderId)}/refund`, { amount: "5.00" });
    expect((await order()).refunded_amount).toBe("5.00");
    await seen();

    const customer = (await order()) as unknown as { customer: { id: number } };
    const put = await t.call("PUT", `/customers/${String(customer.customer.id)}`, {
      token,
      body: { username: "Alex" },
    });
    expect(put.status, put.body).toBe(200);
    expect((await order()).customer.username).toBe("Alex");
    await seen();

    // A hand-run SQL fix, bypassing the API, is seen too.
    await t.db.database.kysely
      .updateTable("store_order_items")
      .set({ delivery_status: "failed" })
      .where("order_id", "=", orderId)
      .execute();
    const items = (
      (await get(`/orders/${String(orderId)}`)).json() as {
        data: { items: { delivery_status: string }[] };
      }
    ).data.items;
    expect(items.map((i) => i.delivery_status)).toEqual(["failed"]);
    await seen();
    expect(etags.size).toBe(5);
  });

  it("shows catalogue writes and store settings changes at the next GET", async () => {
    const product = async () =>
      ((await get(`/products/${String(productId)}`)).json() as { data: { name: string; price: string } })
        .data;
    expect((await product()).name).toBe("VIP Rank");
    const put = await t.call("PUT", `/products/${String(productId)}`, { token, body: { name: "MVP Rank" } });
    expect(put.status, put.body).toBe(200);
    expect((await product()).name).toBe("MVP Rank");

    const list = async () => ((await get("/products")).json() as { data: unknown[] }).data.length;
    expect(await list()).toBe(1);
    await post("/products", { name: "Legend Key", price: "4.50" });
    expect(await list()).toBe(2);

    // Delivery servers shown in the detail: a raw insert of a link is seen.
    const server = await t.db.database.kysely
      .insertInto("store_delivery_servers")
      .values({ store_id: 1, name: "Survival", created_at: 0, updated_at: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.database.kysely
      .insertInto("store_product_servers")
      .values({ product_id: productId, server_id: server.id })
      .execute();
    const detail = (await get(`/products/${String(productId)}`)).json() as {
      data: { delivery_servers: { name: string }[] };
    };
    expect(detail.data.delivery_servers.map((s) => s.name)).toEqual(["Survival"]);

    // The currency is the store's: changing it re-renders both domains.
    const before = (await get("/orders")).headers["etag"];
    await t.db.database.kysely.updateTable("stores").set({ currency: "EUR" }).execute();
    expect((await get("/orders")).headers["etag"]).not.toBe(before);
    const eur = (await get("/orders")).json() as { data: { currency: string }[] };
    expect(eur.data.map((o) => o.currency)).toEqual(["USD"]); // orders keep the currency they were placed in
    expect(((await get("/customers")).json() as { data: { total_spent: string }[] }).data).toHaveLength(1);
  });

  it("never serves one store's cached answer to another", async () => {
    const other = (await t.createStore({ subdomain: "beta" })).token;
    const mine = await get("/orders");
    const theirs = await get("/orders", {}, other);
    expect((mine.json() as { data: unknown[] }).data).toHaveLength(1);
    expect((theirs.json() as { data: unknown[] }).data).toHaveLength(0);
    expect(theirs.headers["etag"]).not.toBe(mine.headers["etag"]);
    // Another store's ETag proves nothing here.
    const probe = await get("/orders", { "if-none-match": String(mine.headers["etag"]) }, other);
    expect(probe.status).toBe(200);
  });
});

/** Collects the tables every query names (plain table references, joins and subqueries). */
function tableRecorder(into: Set<string>): KyselyPlugin {
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const n = node as OperationNode & { table?: { identifier?: { name?: string } } };
    if (n.kind === "TableNode" && typeof n.table?.identifier?.name === "string")
      into.add(n.table.identifier.name);
    for (const value of Object.values(n)) walk(value);
  };
  return {
    transformQuery: ({ node }: { node: RootOperationNode }) => {
      walk(node);
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
}

describe.each(testDialects)("Store API read cache coverage on %s", (dialect: Dialect) => {
  it("reads, in every cached route, only tables whose writes move the route's version", async () => {
    const t = await createTestDatabase(dialect);
    try {
      await migrateToLatest(t.database, storeMigrations);
      const read = new Set<string>();
      const database = { ...t.database, kysely: t.database.kysely.withPlugin(tableRecorder(read)) };
      const http = createHttpServer({
        logger: createLogger({ level: "silent" }),
        bodyLimit: 64 * 1024,
        readiness: () => Promise.resolve(undefined),
      });
      registerStoreApi(http, { database, clock: createFakeClock(Date.UTC(2025, 0, 20)) });
      await http.app.ready();
      const { token } = await createStoreWithToken(t.database, { subdomain: "alpha" }, createFakeClock(0));
      const paths: [string, ReadDomain][] = [
        ["/orders", "orders"],
        ["/orders/1", "orders"],
        ["/orders?from=2025-01-01&to=2025-01-31&customer_email=a@b.c", "orders"],
        ["/customers", "orders"],
        ["/customers?sort=total_spent", "orders"],
        ["/customers/1/orders", "orders"],
        ["/products", "catalog"],
        ["/products/1", "catalog"],
        ["/products?category=ranks&search=x", "catalog"],
        ["/categories", "catalog"],
        ["/categories/1", "catalog"],
        ["/deliveries?status=pending", "orders"],
      ];
      // Trigger names are `<table>_<domain>_version_<event>` (read-versions.ts).
      const names =
        dialect === "sqlite"
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(
              t.database.kysely,
            )
          : await sql<{ name: string }>`select trigger_name as name from information_schema.triggers
              where trigger_schema = current_schema()`.execute(t.database.kysely);
      const versioned = (domain: ReadDomain) =>
        new Set(
          names.rows
            .map((r) => new RegExp(`^(\\w+)_${domain}_version_(insert|update|delete)$`).exec(r.name)?.[1])
            .filter((x): x is string => x !== undefined),
        );
      // Counts kept by triggers on store_orders; the stores row (its settings trigger); the auth hook's
      // token lookup and rate-limit counter (not shown in bodies).
      const derived = ["store_order_counts", "stores", "store_api_tokens", "store_rate_limits"];
      // Column references name their table's alias (`o.id`): keep the names of real tables only.
      const tables = new Set((await t.database.kysely.introspection.getTables()).map((x) => x.name));
      expect([...versioned("orders")].sort()).toEqual([
        "store_customers",
        "store_delivery_commands",
        "store_delivery_servers",
        "store_discord_operations",
        "store_order_items",
        "store_order_refunds",
        "store_orders",
      ]);
      for (const [path, domain] of paths) {
        read.clear();
        const r = await http.app.inject({
          url: `${STORE_API_PREFIX}${path}`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect([200, 404], `${path}: ${r.body}`).toContain(r.statusCode);
        const covered = new Set([...versioned(domain), ...derived]);
        const uncovered = [...read].filter((table) => tables.has(table) && !covered.has(table));
        expect(uncovered, `${path} reads tables whose writes do not move the ${domain} version`).toEqual([]);
        expect(
          [...read].filter((x) => tables.has(x) && !derived.includes(x)),
          path,
        ).not.toEqual([]);
      }
      await http.app.close();
    } finally {
      await t.dispose();
    }
  });
});
