// Products and categories over the Store API on both engines: reads per the docs, writes, events, errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Product {
  id: number;
  name: string;
  slug: string;
  price: string;
  compare_price: string | null;
  type: string;
  is_active: boolean;
  stock: number | null;
  category: { id: number; name: string; slug: string } | null;
  images: { url: string; is_primary: boolean }[];
  created_at: string;
  delivery_servers?: unknown[];
}
interface Page<T> {
  success: boolean;
  data: T[];
  meta: { current_page: number; last_page: number; per_page: number; total: number };
}

describe.each(testDialects)("Store API products on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let ranks: number;
  const minute = 60_000;

  async function post(path: string, body: unknown, as = token) {
    const r = await t.call("POST", path, { token: as, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.body}`);
    return (r.json() as { data: { id: number } }).data;
  }
  async function list(query: Record<string, string> = {}): Promise<Page<Product>> {
    const r = await t.call("GET", "/products", { token, query });
    expect(r.status, r.body).toBe(200);
    return r.json() as Page<Product>;
  }
  const names = (p: Page<Product>) => p.data.map((x) => x.name);

  beforeEach(async () => {
    t = await createStoreTestApp(dialect, { bodyLimit: 16 * 1024 });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    ranks = (await post("/categories", { name: "Ranks" })).id;
    const keys = (await post("/categories", { name: "Crate Keys", slug: "keys" })).id;
    const items: [string, string, string, number | null, boolean][] = [
      ["VIP Rank", "29.99", "digital", ranks, true],
      ["mvp rank", "49.99", "subscription", ranks, true],
      ["Legend Key", "4.50", "digital", keys, true],
      ["100% Discount Voucher", "0.99", "physical", null, true],
      ["Old_Rank", "9.99", "digital", ranks, false],
    ];
    for (const [name, price, type, category_id, is_active] of items) {
      await post("/products", { name, price, type, category_id, is_active });
      t.clock.advance(minute);
    }
    t.published.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  it("lists products in the documented envelope, newest first, with money as strings", async () => {
    const page = await list();
    expect(page.success).toBe(true);
    expect(page.meta).toEqual({ current_page: 1, last_page: 1, per_page: 15, total: 5 });
    expect(names(page)).toEqual(["Old_Rank", "100% Discount Voucher", "Legend Key", "mvp rank", "VIP Rank"]);
    const vip = page.data.find((p) => p.name === "VIP Rank");
    expect(vip).toMatchObject({
      slug: "vip-rank",
      price: "29.99",
      compare_price: null,
      type: "digital",
      is_active: true,
      stock: null,
      category: { id: ranks, name: "Ranks", slug: "ranks" },
      images: [],
      created_at: "2025-01-20T12:00:00Z",
    });
    expect(vip).not.toHaveProperty("delivery_servers");
  });

  it("filters by category slug, category_id, type, is_active and search", async () => {
    expect(names(await list({ category: "keys" }))).toEqual(["Legend Key"]);
    expect(names(await list({ category: "nope" }))).toEqual([]);
    expect((await list({ category_id: String(ranks) })).meta.total).toBe(3);
    expect(names(await list({ type: "subscription" }))).toEqual(["mvp rank"]);
    expect(names(await list({ type: "physical" }))).toEqual(["100% Discount Voucher"]);
    expect(names(await list({ is_active: "false" }))).toEqual(["Old_Rank"]);
    expect((await list({ is_active: "1" })).meta.total).toBe(4);
    expect(names(await list({ search: "RANK" })).sort()).toEqual(["Old_Rank", "VIP Rank", "mvp rank"]);
    expect(names(await list({ category: "ranks", is_active: "true", type: "digital" }))).toEqual([
      "VIP Rank",
    ]);
  });

  it("treats % and _ in search literally", async () => {
    expect(names(await list({ search: "100%" }))).toEqual(["100% Discount Voucher"]);
    expect(names(await list({ search: "%" }))).toEqual(["100% Discount Voucher"]);
    expect(names(await list({ search: "_" }))).toEqual(["Old_Rank"]);
    expect(names(await list({ search: "d_r" }))).toEqual(["Old_Rank"]);
    expect(names(await list({ search: "\\" }))).toEqual([]);
  });

  it("sorts by each field both ways, with sort_by/sort_order aliases", async () => {
    const asc = ["VIP Rank", "mvp rank", "Legend Key", "100% Discount Voucher", "Old_Rank"];
    expect(names(await list({ sort: "created_at", order: "asc" }))).toEqual(asc);
    expect(names(await list({ sort: "created_at", order: "desc" }))).toEqual([...asc].reverse());
    const byName = ["100% Discount Voucher", "Legend Key", "mvp rank", "Old_Rank", "VIP Rank"];
    expect(names(await list({ sort: "name", order: "asc" }))).toEqual(byName);
    expect(names(await list({ sort_by: "name", sort_order: "desc" }))).toEqual([...byName].reverse());
    const byPrice = ["100% Discount Voucher", "Legend Key", "Old_Rank", "VIP Rank", "mvp rank"];
    expect(names(await list({ sort: "price", order: "asc" }))).toEqual(byPrice);
    expect(names(await list({ sort: "price" }))).toEqual([...byPrice].reverse());
    // The canonical name wins over its alias.
    expect(names(await list({ sort: "price", sort_by: "name", order: "asc" }))).toEqual(byPrice);
  });

  it("rejects unknown sort fields and orders with 422", async () => {
    const queries: Record<string, string>[] = [
      { sort: "password" },
      { sort_by: "id" },
      { order: "sideways" },
    ];
    for (const query of queries) {
      const r = await t.call("GET", "/products", { token, query });
      expect(r.status).toBe(422);
      const field = "order" in query ? "order" : "sort";
      expect(r.json()).toEqual({
        success: false,
        error: "VALIDATION_ERROR",
        message: "The given data was invalid",
        errors: { [field]: [`The selected ${field} is invalid.`] },
      });
    }
  });

  it("pages: per_page 2, past the end, 101 clamped to 100; 0, negative and non-numeric are 422", async () => {
    const p1 = await list({ per_page: "2", sort: "created_at", order: "asc" });
    expect(p1.meta).toEqual({ current_page: 1, last_page: 3, per_page: 2, total: 5 });
    expect(names(p1)).toEqual(["VIP Rank", "mvp rank"]);
    const p3 = await list({ per_page: "2", page: "3", sort: "created_at", order: "asc" });
    expect(names(p3)).toEqual(["Old_Rank"]);
    const past = await list({ per_page: "2", page: "9" });
    expect(past.data).toEqual([]);
    expect(past.meta).toEqual({ current_page: 9, last_page: 3, per_page: 2, total: 5 });
    expect((await list({ per_page: "101" })).meta.per_page).toBe(100);
    const cases: [Record<string, string>, string, string][] = [
      [{ per_page: "0" }, "per_page", "The per page must be at least 1."],
      [{ per_page: "-5" }, "per_page", "The per page must be at least 1."],
      [{ per_page: "ten" }, "per_page", "The per page must be an integer."],
      [{ per_page: "1.5" }, "per_page", "The per page must be an integer."],
      [{ page: "0" }, "page", "The page must be at least 1."],
      [{ page: "x" }, "page", "The page must be an integer."],
      [{ is_active: "maybe" }, "is_active", "The is active field must be true or false."],
      [{ type: "service" }, "type", "The selected type is invalid."],
    ];
    for (const [query, field, message] of cases) {
      const r = await t.call("GET", "/products", { token, query });
      expect(r.status, JSON.stringify(query)).toBe(422);
      expect((r.json() as { errors: unknown }).errors).toEqual({ [field]: [message] });
    }
  });

  it("shows a product's detail with delivery_servers, and 404s unknown and other stores' ids", async () => {
    const vip = (await list({ search: "vip" })).data[0];
    const r = await t.call("GET", `/products/${vip?.id ?? 0}`, { token });
    expect(r.status).toBe(200);
    expect((r.json() as { data: Product }).data).toMatchObject({ name: "VIP Rank", delivery_servers: [] });
    const notFound = { success: false, error: "Not Found", message: "Product not found" };
    for (const id of ["99999", "abc", "0", "-1", "1.5"]) {
      const miss = await t.call("GET", `/products/${id}`, { token });
      expect(miss.status).toBe(404);
      expect(miss.json()).toEqual(notFound);
    }
    const beta = await t.createStore({ subdomain: "beta" });
    const cross = [
      await t.call("GET", `/products/${vip?.id ?? 0}`, { token: beta.token }),
      await t.call("PUT", `/products/${vip?.id ?? 0}`, { token: beta.token, body: { name: "Stolen" } }),
      await t.call("DELETE", `/products/${vip?.id ?? 0}`, { token: beta.token }),
    ];
    for (const r2 of cross) expect(r2.json()).toEqual(notFound);
    expect((await t.call("GET", "/products", { token: beta.token })).json()).toMatchObject({ data: [] });
    const betaCategory = await post("/categories", { name: "Theirs" }, beta.token);
    const foreign = await t.call("POST", "/products", {
      token,
      body: { name: "X", price: "1.00", category_id: betaCategory.id },
    });
    expect((foreign.json() as { errors: unknown }).errors).toEqual({
      category_id: ["The selected category id is invalid."],
    });
    expect((await list({ search: "vip" })).data[0]?.name).toBe("VIP Rank");
  });

  it("creates, updates (with input aliases) and deletes, publishing product.* events with the full object", async () => {
    const created = await t.call("POST", "/products", {
      token,
      body: {
        name: "VIP Rank",
        price: 12.5,
        compare_at_price: "20",
        stock_quantity: 3,
        images: [
          { url: "https://cdn.example/a.png" },
          { url: "https://cdn.example/b.png", is_primary: true },
        ],
      },
    });
    expect(created.status).toBe(201);
    const product = (created.json() as { data: Product; message: string }).data;
    expect(product).toMatchObject({
      slug: "vip-rank-2",
      price: "12.50",
      compare_price: "20.00",
      stock: 3,
      images: [
        { url: "https://cdn.example/a.png", is_primary: false },
        { url: "https://cdn.example/b.png", is_primary: true },
      ],
      delivery_servers: [],
    });
    const updated = await t.call("PUT", `/products/${product.id}`, {
      token,
      body: { price: "15.00", stock: null, compare_price: null, is_active: false },
    });
    expect(updated.status).toBe(200);
    expect((updated.json() as { data: Product }).data).toMatchObject({
      price: "15.00",
      stock: null,
      compare_price: null,
      is_active: false,
      name: "VIP Rank",
    });
    const deleted = await t.call("DELETE", `/products/${product.id}`, { token });
    expect(deleted.json()).toEqual({ success: true, message: "Product deleted successfully" });
    expect((await t.call("GET", `/products/${product.id}`, { token })).status).toBe(404);
    expect(t.published.map((e) => e.type)).toEqual(["product.created", "product.updated", "product.deleted"]);
    expect(t.published[1]?.data).toMatchObject({ id: product.id, price: "15.00", delivery_servers: [] });
  });

  it("refuses writes without products:write (403) and bad bodies without changing data", async () => {
    const reader = await t.call("POST", "/tokens", { token, body: { name: "r", scopes: ["products:read"] } });
    const readToken = (reader.json() as { data: { token: string } }).data.token;
    const denied = await t.call("POST", "/products", { token: readToken, body: { name: "X", price: "1" } });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({
      success: false,
      error: "Forbidden",
      message: "Token does not have the required scope: products:write",
    });
    const malformed = await t.call("POST", "/products", { token, rawBody: '{"name": "X", "price": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ success: false, error: "Bad Request" });
    const huge = await t.call("POST", "/products", {
      token,
      body: { name: "X", price: "1", description: "x".repeat(20_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.json()).toMatchObject({ success: false, error: "Payload Too Large" });
    const wrong = await t.call("POST", "/products", {
      token,
      body: {
        name: 5,
        price: "cheap",
        type: "service",
        is_active: "yes",
        stock: -1,
        images: [{ url: "ftp://x" }],
      },
    });
    expect(wrong.status).toBe(422);
    expect((wrong.json() as { errors: unknown }).errors).toEqual({
      name: ["The name must be a string."],
      price: ["The price must be a non-negative amount like 29.99."],
      type: ["The selected type is invalid."],
      is_active: ["The is active field must be true or false."],
      stock: ["The stock must be a non-negative integer, or null for unlimited."],
      "images.0.url": ["The images.0.url format is invalid."],
    });
    const tooPrecise = await t.call("POST", "/products", { token, body: { name: "X", price: "1.999" } });
    expect((tooPrecise.json() as { errors: unknown }).errors).toEqual({
      price: ["The price must be an amount in USD."],
    });
    const missing = await t.call("POST", "/products", { token });
    expect((missing.json() as { errors: unknown }).errors).toEqual({
      name: ["The name field is required."],
      price: ["The price field is required."],
    });
    const array = await t.call("POST", "/products", { token, body: [1, 2] });
    expect(array.status).toBe(422);
    const vip = (await list({ search: "vip" })).data[0];
    const badUpdate = await t.call("PUT", `/products/${vip?.id ?? 0}`, { token, rawBody: "{oops" });
    expect(badUpdate.status).toBe(400);
    expect((await list()).meta.total).toBe(5);
    expect((await list({ search: "vip" })).data[0]).toEqual(vip);
    expect(t.published).toEqual([]);
  });

  it("manages categories: slug conflicts are 422, deleting one leaves its products uncategorised", async () => {
    const dup = await t.call("POST", "/categories", { token, body: { name: "Again", slug: "ranks" } });
    expect((dup.json() as { errors: unknown }).errors).toEqual({
      slug: ["The slug has already been taken."],
    });
    const auto = await post("/categories", { name: "Ranks" });
    const got = await t.call("GET", `/categories/${auto.id}`, { token });
    expect((got.json() as { data: { slug: string } }).data.slug).toBe("ranks-2");
    const cats = await t.call("GET", "/categories", { token, query: { sort: "name", order: "desc" } });
    expect((cats.json() as Page<{ name: string }>).data.map((c) => c.name)).toEqual([
      "Ranks",
      "Ranks",
      "Crate Keys",
    ]);
    await t.call("DELETE", `/categories/${ranks}`, { token });
    expect((await list({ search: "vip" })).data[0]?.category).toBeNull();
    expect((await t.call("GET", `/categories/${ranks}`, { token })).status).toBe(404);
  });

  it("answers 500 as Server Error without internals", async () => {
    await t.db.database.kysely.schema.dropTable("store_product_servers").execute();
    const vip = (await list({ search: "vip" })).data[0];
    const r = await t.call("GET", `/products/${vip?.id ?? 0}`, { token });
    expect(r.status).toBe(500);
    expect(r.json()).toEqual({ success: false, error: "Server Error", message: "Internal server error" });
  });
});
