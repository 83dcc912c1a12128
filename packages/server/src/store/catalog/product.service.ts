// Products: listing, detail, and writes that publish product.created/updated/deleted in the same transaction.
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Database, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import type { PublishEvent } from "../store-api.deps.js";
import { parseMoney } from "../shared/money.js";
import { invalidField, invalidFields } from "../shared/validation.js";
import type { Updateable } from "kysely";
import type { StoreProductsTable } from "./catalog.tables.js";
import { findCategory } from "./category.repository.js";
import {
  deleteProductRow,
  findProduct,
  findProductServers,
  findStoreServerIds,
  insertProduct,
  isProductSlugTaken,
  setProductServers,
  updateProductRow,
  type ProductRecord,
} from "./product.repository.js";
import {
  toProductDetailJson,
  type CreateProductBody,
  type ProductDetailJson,
  type UpdateProductBody,
} from "./product.schema.js";
import { slugify, uniqueSlug } from "./slug.js";
import { mergeUrlImages } from "../images/image.schema.js";

export interface ProductServiceDeps {
  database: Database;
  clock: Clock;
  publish: PublishEvent;
}

export async function getProduct(db: Executor, storeId: number, id: number): Promise<ProductRecord> {
  const p = await findProduct(db, storeId, id);
  if (!p) throw new AppError("not_found", "Product not found");
  return p;
}

/** The detail object (with delivery servers), as GET /products/{id} and the product.* events carry it. */
export async function getProductDetail(db: Executor, store: Store, id: number): Promise<ProductDetailJson> {
  const p = await getProduct(db, store.id, id);
  return toProductDetailJson(p, store.currency, await findProductServers(db, p.id));
}

type ProductWrite = Omit<Updateable<StoreProductsTable>, "id" | "store_id" | "created_at">;

/**
 * Validates a body against the store (money, aliases, category, servers) and maps it to columns.
 * `currentImages`: the product's image list before an update (its uploads are kept).
 */
async function toColumns(
  db: Executor,
  store: Store,
  body: UpdateProductBody,
  currentImages?: string,
): Promise<{ columns: ProductWrite; serverIds: number[] | undefined }> {
  const errors: Record<string, string[]> = {};
  const money = (field: string, v: string | number | null | undefined): number | null | undefined => {
    if (v === undefined || v === null) return v;
    const minor = parseMoney(v, store.currency);
    if (minor === undefined)
      errors[field] = [`The ${field.replace(/_/g, " ")} must be an amount in ${store.currency}.`];
    return minor;
  };
  const columns: ProductWrite = {};
  if (body.name !== undefined) columns.name = body.name;
  if (body.description !== undefined) columns.description = body.description;
  if (body.type !== undefined) columns.type = body.type;
  if (body.is_active !== undefined) columns.is_active = body.is_active ? 1 : 0;
  const price = money("price", body.price);
  if (price !== undefined && price !== null) columns.price = price;
  const compareField = body.compare_price !== undefined ? "compare_price" : "compare_at_price";
  const compare = money(compareField, body.compare_price ?? body.compare_at_price);
  if (body.compare_price !== undefined || body.compare_at_price !== undefined)
    columns.compare_price = compare ?? null;
  const stock = body.stock !== undefined ? body.stock : body.stock_quantity;
  if (stock !== undefined) columns.stock = stock;
  if (body.images !== undefined) columns.images = mergeUrlImages(currentImages, body.images);
  if (body.category_id !== undefined) {
    if (body.category_id !== null && !(await findCategory(db, store.id, body.category_id))) {
      errors["category_id"] = ["The selected category id is invalid."];
    }
    columns.category_id = body.category_id;
  }
  let serverIds: number[] | undefined;
  if (body.delivery_server_ids !== undefined) {
    const found = new Set(await findStoreServerIds(db, store.id, body.delivery_server_ids));
    body.delivery_server_ids.forEach((id, i) => {
      if (!found.has(id))
        errors[`delivery_server_ids.${i}`] = [`The selected delivery server ids.${i} is invalid.`];
    });
    serverIds = body.delivery_server_ids;
  }
  if (body.slug !== undefined) columns.slug = body.slug;
  if (body.billing_interval !== undefined) columns.billing_interval = body.billing_interval;
  if (body.billing_interval_count !== undefined) columns.billing_interval_count = body.billing_interval_count;
  if (body.trial_days !== undefined) columns.trial_days = body.trial_days;
  if (Object.keys(errors).length > 0) throw invalidFields(errors);
  return { columns, serverIds };
}

function rethrowSlugRace(e: unknown): never {
  if (isUniqueViolation(e)) throw invalidField("slug", "The slug has already been taken.");
  throw e;
}

export async function createProduct(deps: ProductServiceDeps, store: Store, body: CreateProductBody) {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const { columns, serverIds } = await toColumns(trx, store, body);
    let slug = body.slug;
    if (slug === undefined)
      slug = await uniqueSlug(slugify(body.name), (s) => isProductSlugTaken(trx, store.id, s));
    else if (await isProductSlugTaken(trx, store.id, slug))
      throw invalidField("slug", "The slug has already been taken.");
    const now = deps.clock.now();
    const id = await insertProduct(trx, {
      store_id: store.id,
      category_id: columns.category_id ?? null,
      name: body.name,
      slug,
      description: columns.description ?? "",
      price: columns.price ?? 0,
      compare_price: columns.compare_price ?? null,
      type: columns.type ?? "digital",
      is_active: columns.is_active ?? 1,
      stock: columns.stock ?? null,
      images: columns.images ?? "[]",
      billing_interval: columns.billing_interval ?? "month",
      billing_interval_count: columns.billing_interval_count ?? 1,
      trial_days: columns.trial_days ?? 0,
      created_at: now,
      updated_at: now,
    }).catch(rethrowSlugRace);
    if (serverIds) await setProductServers(trx, id, serverIds);
    const detail = await getProductDetail(trx, store, id);
    await deps.publish(trx, store.id, "product.created", detail);
    return detail;
  });
}

export async function updateProduct(
  deps: ProductServiceDeps,
  store: Store,
  id: number,
  body: UpdateProductBody,
) {
  return deps.database.kysely.transaction().execute(async (trx) => {
    const current = await getProduct(trx, store.id, id);
    const { columns, serverIds } = await toColumns(trx, store, body, current.images);
    if (columns.slug !== undefined && (await isProductSlugTaken(trx, store.id, columns.slug, id))) {
      throw invalidField("slug", "The slug has already been taken.");
    }
    await updateProductRow(trx, store.id, id, { ...columns, updated_at: deps.clock.now() }).catch(
      rethrowSlugRace,
    );
    if (serverIds) await setProductServers(trx, id, serverIds);
    const detail = await getProductDetail(trx, store, id);
    await deps.publish(trx, store.id, "product.updated", detail);
    return detail;
  });
}

export async function deleteProduct(deps: ProductServiceDeps, store: Store, id: number): Promise<void> {
  await deps.database.kysely.transaction().execute(async (trx) => {
    const detail = await getProductDetail(trx, store, id);
    await deleteProductRow(trx, store.id, id);
    await deps.publish(trx, store.id, "product.deleted", detail);
  });
}
