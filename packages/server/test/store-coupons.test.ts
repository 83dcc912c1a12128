// Coupons over the Store API on both engines: CRUD, computed status, filters, sorts, paging, validation,
// code uniqueness ignoring case (also under concurrency), scopes and tenant isolation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";

interface Coupon {
  id: number;
  code: string;
  name: string;
  type: string;
  value: string;
  status: string;
  maximum_discount: string | null;
  expires_at: string | null;
  applicable_products?: number[] | null;
}
interface Page<T> {
  data: T[];
  meta: { current_page: number; last_page: number; per_page: number; total: number };
}

describe.each(testDialects)("Store API coupons on %s", (dialect) => {
  let t: StoreTestApp;
  let token: string;
  let vip: number;
  let key: number;
  let category: number;
  const ids: Record<string, number> = {};

  async function create(body: Record<string, unknown>, as = token): Promise<Coupon> {
    const r = await t.call("POST", "/coupons", { token: as, body });
    if (r.status !== 201) throw new Error(`coupon: ${r.status} ${r.body}`);
    return (r.json() as { data: Coupon }).data;
  }
  async function list(query: Record<string, string> = {}): Promise<Page<Coupon>> {
    const r = await t.call("GET", "/coupons", { token, query });
    expect(r.status, r.body).toBe(200);
    return r.json() as Page<Coupon>;
  }
  const codes = async (query: Record<string, string> = {}) => (await list(query)).data.map((c) => c.code);
  const errorsOf = (r: { json: () => unknown }) => (r.json() as { errors: Record<string, string[]> }).errors;

  beforeEach(async () => {
    t = await createStoreTestApp(dialect);
    token = (await t.createStore({ subdomain: "alpha" })).token;
    const post = async (path: string, body: unknown) =>
      ((await t.call("POST", path, { token, body })).json() as { data: { id: number } }).data.id;
    category = await post("/categories", { name: "Ranks" });
    vip = await post("/products", { name: "VIP", price: "10.00", category_id: category });
    key = await post("/products", { name: "Key", price: "1.00" });
    // Created a minute apart so created_at orders them; codes, names and expiries order differently.
    const specs: [string, Record<string, unknown>][] = [
      [
        "SUMMER25",
        { type: "percentage", value: "25", name: "Summer sale", expires_at: "2025-08-31T23:59:59Z" },
      ],
      ["fixed5", { type: "fixed_amount", value: 5, name: "five off" }],
      ["FREESHIP", { type: "free_shipping", name: "Alpha ship", starts_at: "2025-02-01T00:00:00Z" }],
      ["old10", { type: "percentage", value: "10.5", name: "Old", expires_at: "2025-01-01T00:00:00Z" }],
      ["OFF1", { type: "fixed_amount", value: "1.00", name: "zzz", is_active: false }],
    ];
    for (const [code, body] of specs) {
      ids[code] = (await create({ code, ...body })).id;
      t.clock.advance(60_000);
    }
    t.published.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  it("creates a coupon and shows the documented shape, with restrictions in the detail", async () => {
    const r = await t.call("POST", "/coupons", {
      token,
      body: {
        code: "Spring-20",
        name: "Spring",
        description: "20% off ranks",
        type: "percentage",
        value: 20,
        minimum_order_amount: "10",
        maximum_discount: "50.00",
        usage_limit: 100,
        usage_limit_per_customer: 1,
        first_order_only: true,
        starts_at: "2025-03-01T00:00:00+01:00",
        expires_at: "2025-05-31T23:59:59Z",
        applicable_categories: [category],
        applicable_products: [vip, vip],
        excluded_products: [key],
      },
    });
    expect(r.status, r.body).toBe(201);
    expect(r.json()).toMatchObject({ success: true, message: "Coupon created successfully" });
    const coupon = (r.json() as { data: Coupon }).data;
    expect(coupon).toEqual({
      id: coupon.id,
      code: "Spring-20",
      name: "Spring",
      description: "20% off ranks",
      type: "percentage",
      value: "20.00",
      minimum_order_amount: "10.00",
      maximum_discount: "50.00",
      usage_limit: 100,
      usage_limit_per_customer: 1,
      times_used: 0,
      is_active: true,
      first_order_only: true,
      status: "scheduled",
      starts_at: "2025-02-28T23:00:00Z",
      expires_at: "2025-05-31T23:59:59Z",
      created_at: "2025-01-20T12:05:00Z",
      updated_at: "2025-01-20T12:05:00Z",
      applicable_products: [vip],
      applicable_categories: [category],
      excluded_products: [key],
    });
    const detail = await t.call("GET", `/coupons/${coupon.id}`, { token });
    expect((detail.json() as { data: Coupon }).data).toEqual(coupon);
    const listed = (await list({ search: "spring" })).data[0];
    expect(listed).not.toHaveProperty("applicable_products");
    expect(listed).toMatchObject({ code: "Spring-20", value: "20.00" });
    const fixed = (await list({ search: "fixed5" })).data[0];
    expect(fixed).toMatchObject({
      name: "five off",
      value: "5.00",
      type: "fixed_amount",
      minimum_order_amount: null,
    });
    expect(t.published).toEqual([]);
  });

  it("filters by computed status, type and search (literal % and _), alone and together", async () => {
    expect(await codes({ status: "active", sort: "code", order: "asc" })).toEqual(["fixed5", "SUMMER25"]);
    expect(await codes({ status: "scheduled" })).toEqual(["FREESHIP"]);
    expect(await codes({ status: "expired" })).toEqual(["old10"]);
    expect(await codes({ status: "inactive" })).toEqual(["OFF1"]);
    expect(await codes({ type: "percentage" })).toEqual(["old10", "SUMMER25"]);
    expect(await codes({ type: "fixed_amount" })).toEqual(["OFF1", "fixed5"]);
    expect(await codes({ type: "free_shipping" })).toEqual(["FREESHIP"]);
    expect(await codes({ type: "percentage", status: "active" })).toEqual(["SUMMER25"]);
    expect(await codes({ search: "summer" })).toEqual(["SUMMER25"]);
    expect(await codes({ search: "ALPHA" })).toEqual(["FREESHIP"]); // by name
    // A coupon used up is expired; time moving on changes statuses without any write.
    await t.db.database.kysely
      .updateTable("store_coupons")
      .set({ usage_limit: 3, times_used: 3 })
      .where("id", "=", ids["fixed5"] ?? 0)
      .execute();
    expect(await codes({ status: "expired" })).toEqual(["old10", "fixed5"]);
    t.clock.set(Date.UTC(2025, 1, 1));
    expect(await codes({ status: "active" })).toEqual(["FREESHIP", "SUMMER25"]);
    await create({ code: "HALF_OFF", type: "percentage", value: 50 });
    await create({ code: "HALFXOFF", type: "percentage", value: 50 });
    expect(await codes({ search: "f_o" })).toEqual(["HALF_OFF"]);
    expect(await codes({ search: "%" })).toEqual([]);
    for (const query of [{ status: "gone" }, { type: "bogo" }, { search: "x".repeat(201) }] as Record<
      string,
      string
    >[]) {
      const r = await t.call("GET", "/coupons", { token, query });
      expect(r.status, JSON.stringify(query)).toBe(422);
      expect(Object.keys(errorsOf(r))).toEqual(Object.keys(query));
    }
  });

  it("sorts by created_at, code, name and expires_at both ways; unknown sort is 422", async () => {
    const created = ["SUMMER25", "fixed5", "FREESHIP", "old10", "OFF1"];
    expect(await codes({ sort: "created_at", order: "asc" })).toEqual(created);
    expect(await codes()).toEqual([...created].reverse());
    const byCode = ["fixed5", "FREESHIP", "OFF1", "old10", "SUMMER25"];
    expect(await codes({ sort: "code", order: "asc" })).toEqual(byCode);
    expect(await codes({ sort_by: "code", sort_order: "desc" })).toEqual([...byCode].reverse());
    const byName = ["FREESHIP", "fixed5", "old10", "SUMMER25", "OFF1"]; // Alpha ship, five off, Old, Summer, zzz
    expect(await codes({ sort: "name", order: "asc" })).toEqual(byName);
    expect(await codes({ sort: "name", order: "desc" })).toEqual([...byName].reverse());
    // No expiry sorts as the far future: last ascending, first descending (ties by id).
    expect(await codes({ sort: "expires_at", order: "asc" })).toEqual([
      "old10",
      "SUMMER25",
      "fixed5",
      "FREESHIP",
      "OFF1",
    ]);
    expect(await codes({ sort: "expires_at", order: "desc" })).toEqual([
      "OFF1",
      "FREESHIP",
      "fixed5",
      "SUMMER25",
      "old10",
    ]);
    for (const query of [{ sort: "value" }, { order: "up" }] as Record<string, string>[]) {
      const r = await t.call("GET", "/coupons", { token, query });
      expect(r.status).toBe(422);
      expect(r.json()).toMatchObject({ error: "VALIDATION_ERROR" });
    }
  });

  it("pages: per_page 2, past the end, 101 clamped; 0, negative and non-numeric are 422", async () => {
    const second = await list({ per_page: "2", page: "2", sort: "code", order: "asc" });
    expect(second.data.map((c) => c.code)).toEqual(["OFF1", "old10"]);
    expect(second.meta).toEqual({ current_page: 2, last_page: 3, per_page: 2, total: 5 });
    const past = await list({ page: "9" });
    expect(past.data).toEqual([]);
    expect(past.meta).toEqual({ current_page: 9, last_page: 1, per_page: 15, total: 5 });
    expect((await list({ per_page: "101" })).meta.per_page).toBe(100);
    for (const query of [
      { per_page: "0" },
      { per_page: "-1" },
      { per_page: "ten" },
      { page: "0" },
      { page: "1.5" },
    ] as Record<string, string>[]) {
      const r = await t.call("GET", "/coupons", { token, query });
      expect(r.status, JSON.stringify(query)).toBe(422);
    }
  });

  it("refuses invalid coupons with per-field 422s and changes nothing", async () => {
    const beta = await t.createStore({ subdomain: "beta" });
    const theirProduct = (
      (await t.call("POST", "/products", { token: beta.token, body: { name: "X", price: "1" } })).json() as {
        data: { id: number };
      }
    ).data.id;
    const base = { code: "NEWONE", type: "percentage", value: 10 };
    const cases: [Record<string, unknown>, Record<string, string[]>][] = [
      [{ type: "percentage" }, { code: ["The code field is required."] }],
      [
        { ...base, code: "a b" },
        { code: ["The code must be 3 to 50 letters, digits, dashes or underscores."] },
      ],
      [{ ...base, code: "summer25" }, { code: ["The code has already been taken."] }],
      [{ ...base, type: "bogo" }, { type: ["The selected type is invalid."] }],
      [
        { code: "NEWONE", type: "fixed_amount" },
        { value: ["The value field is required unless type is free_shipping."] },
      ],
      [{ ...base, value: 150 }, { value: ["The value must be a percentage between 0.01 and 100."] }],
      [{ ...base, value: "0.001" }, { value: ["The value must be a percentage between 0.01 and 100."] }],
      [
        { ...base, type: "fixed_amount", value: 0 },
        { value: ["The value must be an amount in USD greater than 0."] },
      ],
      [
        { ...base, type: "free_shipping", value: 5 },
        { value: ["The value must be 0 for a free_shipping coupon."] },
      ],
      [{ ...base, value: true }, { value: ["The value must be a non-negative amount like 29.99."] }],
      [
        { ...base, type: "fixed_amount", maximum_discount: "5" },
        { maximum_discount: ["The maximum discount is only allowed on percentage coupons."] },
      ],
      [
        { ...base, minimum_order_amount: "1.001" },
        { minimum_order_amount: ["The minimum order amount must be an amount in USD."] },
      ],
      [
        { ...base, usage_limit: "many" },
        { usage_limit: ["The usage limit must be a positive integer, or null for no limit."] },
      ],
      [
        { ...base, usage_limit: 0 },
        { usage_limit: ["The usage limit must be a positive integer, or null for no limit."] },
      ],
      [
        { ...base, usage_limit: 1, usage_limit_per_customer: 2 },
        {
          usage_limit_per_customer: ["The usage limit per customer may not be greater than the usage limit."],
        },
      ],
      [{ ...base, is_active: "yes" }, { is_active: ["The is active field must be true or false."] }],
      [
        { ...base, starts_at: "yesterday" },
        { starts_at: ["The starts at must be an ISO-8601 date-time like 2025-06-01T00:00:00Z, or null."] },
      ],
      [
        { ...base, starts_at: "2025-13-01T00:00:00Z" },
        { starts_at: ["The starts at is not a valid date-time."] },
      ],
      [
        { ...base, starts_at: "2025-06-01T00:00:00Z", expires_at: "2025-05-01T00:00:00Z" },
        { expires_at: ["The expires at must be a date after starts at."] },
      ],
      [
        { ...base, applicable_products: [vip, theirProduct, 999_999] },
        {
          "applicable_products.1": ["The selected applicable products.1 is invalid."],
          "applicable_products.2": ["The selected applicable products.2 is invalid."],
        },
      ],
      [
        { ...base, applicable_products: ["a"] },
        { "applicable_products.0": ["The applicable products.0 must be an integer."] },
      ],
      [
        { ...base, applicable_categories: [999_999] },
        { "applicable_categories.0": ["The selected applicable categories.0 is invalid."] },
      ],
      [
        { ...base, applicable_products: [vip], excluded_products: [vip] },
        { excluded_products: ["A product cannot be both applicable and excluded."] },
      ],
      [{ ...base, name: "" }, { name: ["The name field is required."] }],
      [
        { ...base, description: "d".repeat(2001) },
        { description: ["The description may not be greater than 2000 characters."] },
      ],
    ];
    for (const [body, errors] of cases) {
      const r = await t.call("POST", "/coupons", { token, body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(errorsOf(r), JSON.stringify(body)).toEqual(errors);
    }
    expect((await t.call("POST", "/coupons", { token, rawBody: "{" })).status).toBe(400);
    const huge = { code: "BIG", type: "free_shipping", description: "x".repeat(70_000) };
    expect((await t.call("POST", "/coupons", { token, body: huge })).status).toBe(413);
    const poisoned = '{"code":"EVIL","type":"free_shipping","__proto__":{"is_active":false}}';
    expect((await t.call("POST", "/coupons", { token, rawBody: poisoned })).status).toBe(400);
    expect((await list()).meta.total).toBe(5);
  });

  it("updates partially, validating the merged coupon; PUT and PATCH both work", async () => {
    const id = ids["SUMMER25"] ?? 0;
    t.clock.set(Date.UTC(2025, 1, 1));
    const renamed = await t.call("PATCH", `/coupons/${id}`, {
      token,
      body: { name: "Summer!", maximum_discount: "20" },
    });
    expect(renamed.status, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({
      message: "Coupon updated successfully",
      data: {
        name: "Summer!",
        value: "25.00",
        maximum_discount: "20.00",
        updated_at: "2025-02-01T00:00:00Z",
      },
    });
    const noValue = await t.call("PUT", `/coupons/${id}`, { token, body: { type: "fixed_amount" } });
    expect(errorsOf(noValue)).toEqual({ value: ["The value field is required when the type changes."] });
    const retyped = await t.call("PUT", `/coupons/${id}`, {
      token,
      body: { type: "fixed_amount", value: "7.5" },
    });
    expect((retyped.json() as { data: Coupon }).data).toMatchObject({
      type: "fixed_amount",
      value: "7.50",
      maximum_discount: null,
    });
    const clash = await t.call("PATCH", `/coupons/${id}`, { token, body: { code: "FIXED5" } });
    expect(errorsOf(clash)).toEqual({ code: ["The code has already been taken."] });
    const recased = await t.call("PATCH", `/coupons/${id}`, {
      token,
      body: { code: "summer25", expires_at: null },
    });
    expect((recased.json() as { data: Coupon }).data).toMatchObject({ code: "summer25", expires_at: null });
    const badDates = await t.call("PATCH", `/coupons/${ids["FREESHIP"] ?? 0}`, {
      token,
      body: { expires_at: "2025-01-15T00:00:00Z" },
    });
    expect(errorsOf(badDates)).toEqual({ expires_at: ["The expires at must be a date after starts at."] });
    const wrongType = await t.call("PATCH", `/coupons/${id}`, {
      token,
      body: { usage_limit: "x", first_order_only: 1 },
    });
    expect(Object.keys(errorsOf(wrongType)).sort()).toEqual(["first_order_only", "usage_limit"]);
    const after = await t.call("GET", `/coupons/${id}`, { token });
    expect((after.json() as { data: Coupon }).data).toMatchObject({ code: "summer25", type: "fixed_amount" });
  });

  it("deletes; unknown, malformed and other stores' ids are 404; scopes are products:read/write", async () => {
    const id = ids["old10"] ?? 0;
    const beta = await t.createStore({ subdomain: "beta" });
    const notFound = { success: false, error: "Not Found", message: "Coupon not found" };
    for (const [method, path] of [
      ["GET", `/coupons/${id}`],
      ["PATCH", `/coupons/${id}`],
      ["PUT", `/coupons/${id}`],
      ["DELETE", `/coupons/${id}`],
    ] as const) {
      const r = await t.call(method, path, {
        token: beta.token,
        ...(method === "GET" || method === "DELETE" ? {} : { body: { name: "x" } }),
      });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.json()).toEqual(notFound);
    }
    expect((await t.call("GET", "/coupons", { token: beta.token })).json()).toMatchObject({
      data: [],
      meta: { total: 0 },
    });
    expect((await t.call("GET", "/coupons/abc", { token })).json()).toEqual(notFound);
    expect((await t.call("GET", "/coupons/999999", { token })).status).toBe(404);

    const scoped = async (scopes: string[]) =>
      (
        (await t.call("POST", "/tokens", { token, body: { name: "s", scopes } })).json() as {
          data: { token: string };
        }
      ).data.token;
    const reader = await scoped(["products:read"]);
    expect((await t.call("GET", "/coupons", { token: reader })).status).toBe(200);
    expect((await t.call("GET", `/coupons/${id}`, { token: reader })).status).toBe(200);
    for (const [method, body] of [
      ["POST", { code: "NOPE", type: "free_shipping" }],
      ["PATCH", { name: "n" }],
      ["DELETE", undefined],
    ] as const) {
      const r = await t.call(method, method === "POST" ? "/coupons" : `/coupons/${id}`, {
        token: reader,
        ...(body ? { body } : {}),
      });
      expect(r.status).toBe(403);
      expect(r.json()).toMatchObject({ message: "Token does not have the required scope: products:write" });
    }
    const ordersOnly = await scoped(["orders:read"]);
    expect((await t.call("GET", "/coupons", { token: ordersOnly })).status).toBe(403);

    const del = await t.call("DELETE", `/coupons/${id}`, { token });
    expect(del.json()).toEqual({ success: true, message: "Coupon deleted successfully" });
    expect((await t.call("GET", `/coupons/${id}`, { token })).status).toBe(404);
    expect((await t.call("DELETE", `/coupons/${id}`, { token })).status).toBe(404);
    expect((await list()).meta.total).toBe(4);
  });

  it("lets exactly one of concurrent creates with the same code (any case) through", async () => {
    const results = await Promise.all(
      ["WINTER", "winter", "Winter", "WINTER"].map((code) =>
        t.call("POST", "/coupons", { token, body: { code, type: "percentage", value: 15 } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) {
      expect(errorsOf(r)).toEqual({ code: ["The code has already been taken."] });
    }
    expect(await codes({ search: "winter" })).toHaveLength(1);
    // Another store may use the same code.
    const beta = await t.createStore({ subdomain: "beta" });
    expect((await create({ code: "WINTER", type: "free_shipping" }, beta.token)).code).toBe("WINTER");
  });
});
