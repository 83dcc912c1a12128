// Demo data for a store: catalogue, customers, months of orders, refunds, subscriptions, coupons and gift cards.
import { sql } from "kysely";
import type { Clock } from "../../core/clock.js";
import type { Database, Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import type { OrderStatus, PaymentStatus } from "../orders/order.tables.js";
import { seedDemoCommerce, type DemoCommerceReport } from "./demo-commerce.js";

export interface SeedDemoOptions {
  /** Orders to create. Default 600. */
  orders?: number;
  /** Spread over this many days before now. Default 90. */
  days?: number;
  /** Same seed, same data. Default 1. */
  seed?: number;
  /** Called after each batch of orders is written, with how many of `total` are done. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeedDemoReport extends DemoCommerceReport {
  categories: number;
  products: number;
  customers: number;
  orders: number;
}

const CATALOGUE: [category: string, name: string, price: number, type: "digital" | "subscription"][] = [
  ["Ranks", "VIP Rank", 999, "digital"],
  ["Ranks", "MVP Rank", 1999, "digital"],
  ["Ranks", "Legend Rank", 2999, "digital"],
  ["Ranks", "VIP Monthly", 499, "subscription"],
  ["Crate Keys", "Vote Key", 99, "digital"],
  ["Crate Keys", "Epic Key", 299, "digital"],
  ["Crate Keys", "Legendary Key", 499, "digital"],
  ["Cosmetics", "Particle Trail", 399, "digital"],
  ["Cosmetics", "Pet Companion", 699, "digital"],
  ["Bundles", "Starter Bundle", 1499, "digital"],
  ["Bundles", "Ultimate Bundle", 4999, "digital"],
];
const NAMES = [
  "Steve",
  "Alex",
  "Creeper",
  "Notch",
  "Herobrine",
  "Ender",
  "Blaze",
  "Wither",
  "Piglin",
  "Axolotl",
];
const STATUSES: [OrderStatus, PaymentStatus, number][] = [
  ["completed", "paid", 75],
  ["processing", "paid", 7],
  ["pending", "pending", 8],
  ["refunded", "refunded", 5],
  ["cancelled", "failed", 5],
];

/** A small deterministic PRNG (mulberry32), so demo stores look the same run after run. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function hasCatalogueOrOrders(db: Executor, storeId: number): Promise<boolean> {
  const tables = ["store_categories", "store_products", "store_customers", "store_orders"] as const;
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select("id")
      .where("store_id", "=", storeId)
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  return false;
}

/**
 * Fills an empty `store` with demo data in one transaction (`conflict` when it has any categories, products,
 * customers or orders). Publishes no events (demo data must not wake webhooks)
 * and writes rows in batches, so 100,000 orders take seconds, not minutes.
 */
export async function seedDemoStore(
  database: Database,
  clock: Clock,
  store: Store,
  options: SeedDemoOptions = {},
): Promise<SeedDemoReport> {
  const random = createRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const now = clock.now();
  const span = (options.days ?? 90) * 86_400_000;
  const orderCount = options.orders ?? 600;
  const report = await database.kysely.transaction().execute(async (trx: Executor) => {
    // Demo rows mixed into a real catalogue could not be told apart later, so only an empty store is seeded
    // (which also makes a second run refuse rather than double the data).
    if (await hasCatalogueOrOrders(trx, store.id)) {
      throw new AppError(
        "conflict",
        `Store ${store.subdomain} is not empty (it has categories, products, customers or orders); seed-demo only fills an empty store`,
      );
    }
    const categoryIds = new Map<string, number>();
    for (const name of new Set(CATALOGUE.map((c) => c[0]))) {
      const slug = `demo-${name.toLowerCase().replace(/\s+/g, "-")}`;
      const row = await trx
        .insertInto("store_categories")
        .values({
          store_id: store.id,
          name,
          slug,
          description: null,
          created_at: now - span,
          updated_at: now - span,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      categoryIds.set(name, row.id);
    }
    const products: { id: number; name: string; price: number }[] = [];
    for (const [category, name, price, type] of CATALOGUE) {
      const row = await trx
        .insertInto("store_products")
        .values({
          store_id: store.id,
          category_id: categoryIds.get(category) ?? null,
          name,
          slug: `demo-${name.toLowerCase().replace(/\s+/g, "-")}`,
          description: `${name} for your server.`,
          price,
          compare_price: null,
          type,
          is_active: 1,
          stock: null,
          images: "[]",
          created_at: now - span,
          updated_at: now - span,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      products.push({ id: row.id, name, price });
    }
    const customerCount = Math.max(5, Math.ceil(orderCount / 4));
    const customerIds: number[] = [];
    const customerRows = Array.from({ length: customerCount }, (_, i) => ({
      store_id: store.id,
      email: `player${i + 1}@demo.example`,
      username: `${pick(NAMES)}${i + 1}`,
      discord_id: null,
      discord_username: null,
      minecraft_username: null,
      steam_id: null,
      created_at: now - span + Math.floor((random() * span) / 2),
      updated_at: now,
    }));
    for (const batch of chunk(customerRows, 500)) {
      const rows = await trx.insertInto("store_customers").values(batch).returning("id").execute();
      customerIds.push(...rows.map((r) => r.id));
    }
    const seq = await trx
      .selectFrom("stores")
      .select("order_seq")
      .where("id", "=", store.id)
      .executeTakeFirstOrThrow();
    const times = Array.from({ length: orderCount }, () => now - Math.floor(random() * span)).sort(
      (a, b) => a - b,
    );
    const orders = times.map((createdAt, i) => {
      let roll = random() * 100;
      const [status, paymentStatus] = STATUSES.find(([, , weight]) => (roll -= weight) < 0) ?? [
        "completed",
        "paid",
      ];
      const lines = Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({
        product: pick(products),
        quantity: random() < 0.85 ? 1 : 2,
      }));
      const subtotal = lines.reduce((s, l) => s + l.product.price * l.quantity, 0);
      const number = `ORD-${new Date(createdAt).getUTCFullYear()}-${String(seq.order_seq + i + 1).padStart(3, "0")}`;
      return { number, createdAt, status, paymentStatus, lines, subtotal, customerId: pick(customerIds) };
    });
    let done = 0;
    for (const batch of chunk(orders, 400)) {
      const rows = await trx
        .insertInto("store_orders")
        .values(
          batch.map((o) => ({
            store_id: store.id,
            order_number: o.number,
            customer_id: o.customerId,
            status: o.status,
            payment_status: o.paymentStatus,
            subtotal: o.subtotal,
            tax: 0,
            discount: 0,
            total: o.subtotal,
            currency: store.currency,
            payment_method: pick(["stripe", "paypal"]),
            metadata: "{}",
            note: null,
            created_at: o.createdAt,
            updated_at: o.createdAt,
            completed_at: o.status === "completed" ? o.createdAt + 60_000 : null,
          })),
        )
        .returning(["id", "order_number"])
        .execute();
      const ids = new Map(rows.map((r) => [r.order_number, r.id]));
      const items = batch.flatMap((o) =>
        o.lines.map((l) => ({
          order_id: ids.get(o.number) ?? 0,
          product_id: l.product.id,
          product_name: l.product.name,
          quantity: l.quantity,
          price: l.product.price,
          delivery_status: o.status === "completed" ? ("delivered" as const) : ("pending" as const),
        })),
      );
      for (const itemBatch of chunk(items, 1000))
        await trx.insertInto("store_order_items").values(itemBatch).execute();
      done += batch.length;
      options.onProgress?.(done, orderCount);
    }
    await trx
      .updateTable("stores")
      .set({ order_seq: seq.order_seq + orderCount })
      .where("id", "=", store.id)
      .execute();
    const commerce = await seedDemoCommerce(trx, { store, now, span, random, customerIds });
    return {
      categories: categoryIds.size,
      products: products.length,
      customers: customerCount,
      orders: orderCount,
      ...commerce,
    };
  });
  // A bulk insert leaves the planner without statistics until autovacuum (PostgreSQL) gets round to the
  // tables, or forever (SQLite): meanwhile it may pick an index that scans every order per request.
  for (const table of ["store_orders", "store_order_items", "store_customers"])
    await sql`analyze ${sql.table(table)}`.execute(database.kysely);
  return report;
}
