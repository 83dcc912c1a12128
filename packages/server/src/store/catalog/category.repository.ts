// Reads and writes of `store_categories`, always scoped to one store.
import type { Selectable, Updateable } from "kysely";
import { sql } from "kysely";
import type { Executor } from "../../core/db/index.js";
import { columnContains, type PageRequest } from "../shared/list-query.js";
import type { StoreCategoriesTable } from "./catalog.tables.js";

export type Category = Selectable<StoreCategoriesTable>;

export interface CategoryListOptions {
  search?: string | undefined;
  sort: "name" | "created_at";
  direction: "asc" | "desc";
  page: PageRequest;
}

export async function listCategories(
  db: Executor,
  storeId: number,
  options: CategoryListOptions,
): Promise<{ rows: Category[]; total: number }> {
  let q = db.selectFrom("store_categories").where("store_id", "=", storeId);
  if (options.search !== undefined && options.search !== "") {
    const term = options.search;
    q = q.where((eb) => eb.or([columnContains("name", term), columnContains("slug", term)]));
  }
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
  const order = options.sort === "name" ? sql`lower(name)` : sql.ref("created_at");
  const rows = await q
    .selectAll()
    .orderBy(order, options.direction)
    .orderBy("id", options.direction)
    .limit(options.page.perPage)
    .offset(options.page.offset)
    .execute();
  return { rows, total };
}

export async function findCategory(db: Executor, storeId: number, id: number): Promise<Category | undefined> {
  return db
    .selectFrom("store_categories")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function isCategorySlugTaken(db: Executor, storeId: number, slug: string, exceptId?: number) {
  let q = db
    .selectFrom("store_categories")
    .select("id")
    .where("store_id", "=", storeId)
    .where("slug", "=", slug);
  if (exceptId !== undefined) q = q.where("id", "!=", exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertCategory(db: Executor, values: Omit<Category, "id">): Promise<Category> {
  return db.insertInto("store_categories").values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateCategoryRow(
  db: Executor,
  storeId: number,
  id: number,
  values: Updateable<StoreCategoriesTable>,
): Promise<Category | undefined> {
  return db
    .updateTable("store_categories")
    .set(values)
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteCategoryRow(db: Executor, storeId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom("store_categories")
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
