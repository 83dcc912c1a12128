// Reads and writes of `store_products` (with their category and delivery servers), scoped to one store.
import { sql, type Insertable, type Selectable, type Updateable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { compileOnce } from "../../core/db/compiled-query.js";
import { columnContains, type PageRequest } from "../shared/list-query.js";
import type { ProductType, StoreProductsTable } from "./catalog.tables.js";

/** A product row with its category's name and slug (null when uncategorised). */
export type ProductRecord = Selectable<StoreProductsTable> & {
  category_name: string | null;
  category_slug: string | null;
};

export interface ProductListOptions {
  categorySlug?: string | undefined;
  categoryId?: number | undefined;
  type?: ProductType | undefined;
  isActive?: boolean | undefined;
  search?: string | undefined;
  sort: "name" | "price" | "created_at";
  direction: "asc" | "desc";
  page: PageRequest;
}

function baseQuery(db: Executor, storeId: number) {
  return db
    .selectFrom("store_products as p")
    .leftJoin("store_categories as c", "c.id", "p.category_id")
    .where("p.store_id", "=", storeId);
}

function withProductColumns(q: ReturnType<typeof baseQuery>) {
  return q.selectAll("p").select(["c.name as category_name", "c.slug as category_slug"]);
}

export async function listProducts(
  db: Executor,
  storeId: number,
  o: ProductListOptions,
): Promise<{ rows: ProductRecord[]; total: number }> {
  let q = baseQuery(db, storeId);
  if (o.categorySlug !== undefined) q = q.where("c.slug", "=", o.categorySlug);
  if (o.categoryId !== undefined) q = q.where("p.category_id", "=", o.categoryId);
  if (o.type !== undefined) q = q.where("p.type", "=", o.type);
  if (o.isActive !== undefined) q = q.where("p.is_active", "=", o.isActive ? 1 : 0);
  if (o.search !== undefined && o.search !== "") {
    const term = o.search;
    q = q.where((eb) => eb.or([columnContains("p.name", term), columnContains("p.description", term)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  // Names sort case-insensitively on both engines (SQLite's default collation is binary).
  const order = o.sort === "name" ? sql`lower(p.name)` : sql.ref(`p.${o.sort}`);
  const rows = await withProductColumns(q)
    .orderBy(order, o.direction)
    .orderBy("p.id", o.direction)
    .limit(o.page.perPage)
    .offset(o.page.offset)
    .execute();
  return { rows, total };
}

// GET /products/{id} runs these two: compiled once.
const selectProduct = compileOnce((db, p: { storeId: number; id: number }) =>
  withProductColumns(baseQuery(db, p.storeId)).where("p.id", "=", p.id),
);
const selectProductServers = compileOnce((db, p: { productId: number }) =>
  db
    .selectFrom("store_product_servers as ps")
    .innerJoin("store_delivery_servers as s", "s.id", "ps.server_id")
    .select(["s.id", "s.name"])
    .where("ps.product_id", "=", p.productId)
    .orderBy("s.id"),
);

export async function findProduct(
  db: Executor,
  storeId: number,
  id: number,
): Promise<ProductRecord | undefined> {
  const [row] = await selectProduct(db, { storeId, id });
  return row;
}

export async function findProductServers(
  db: Executor,
  productId: number,
): Promise<{ id: number; name: string }[]> {
  return selectProductServers(db, { productId });
}

/** The ids among `ids` that are delivery servers of the store. */
export async function findStoreServerIds(
  db: Executor,
  storeId: number,
  ids: readonly number[],
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("store_delivery_servers")
    .select("id")
    .where("store_id", "=", storeId)
    .where("id", "in", [...ids])
    .execute();
  return rows.map((r) => r.id);
}

export async function setProductServers(
  db: Executor,
  productId: number,
  serverIds: readonly number[],
): Promise<void> {
  await db.deleteFrom("store_product_servers").where("product_id", "=", productId).execute();
  if (serverIds.length === 0) return;
  await db
    .insertInto("store_product_servers")
    .values([...new Set(serverIds)].map((server_id) => ({ product_id: productId, server_id })))
    .execute();
}

export async function isProductSlugTaken(db: Executor, storeId: number, slug: string, exceptId?: number) {
  let q = db
    .selectFrom("store_products")
    .select("id")
    .where("store_id", "=", storeId)
    .where("slug", "=", slug);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertProduct(db: Executor, values: Insertable<StoreProductsTable>): Promise<number> {
  const row = await db.insertInto("store_products").values(values).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProductRow(
  db: Executor,
  storeId: number,
  id: number,
  values: Updateable<StoreProductsTable>,
): Promise<void> {
  await db
    .updateTable("store_products")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .execute();
}

export async function deleteProductRow(db: Executor, storeId: number, id: number): Promise<void> {
  await db.deleteFrom("store_products").where("store_id", "=", storeId).where("id", "=", id).execute();
}
