// Reads and writes of `store_images`, scoped to one store (the public route looks up by public id).
import type { Insertable, Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { StoreImagesTable } from "./image.tables.js";

export type ImageRecord = Selectable<StoreImagesTable>;

export async function insertImage(db: Executor, values: Insertable<StoreImagesTable>): Promise<ImageRecord> {
  return db.insertInto("store_images").values(values).returningAll().executeTakeFirstOrThrow();
}

/** The image `id` of the store's product `productId`, or undefined. */
export async function findProductImage(
  db: Executor,
  storeId: number,
  productId: number,
  id: number,
): Promise<ImageRecord | undefined> {
  return db
    .selectFrom("store_images")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("product_id", "=", productId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function findCategoryImages(
  db: Executor,
  storeId: number,
  categoryId: number,
): Promise<ImageRecord[]> {
  return db
    .selectFrom("store_images")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("category_id", "=", categoryId)
    .execute();
}

/** An image still owned by a product or category, by the file name of its public URL. */
export async function findOwnedImageByPublicId(
  db: Executor,
  publicId: string,
): Promise<ImageRecord | undefined> {
  return db
    .selectFrom("store_images")
    .selectAll()
    .where("public_id", "=", publicId)
    .where((eb) => eb.or([eb("product_id", "is not", null), eb("category_id", "is not", null)]))
    .executeTakeFirst();
}

/** Detaches images from their owner; the sweep then deletes their blobs and rows. */
export async function orphanImages(db: Executor, storeId: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable("store_images")
    .set({ product_id: null, category_id: null })
    .where("store_id", "=", storeId)
    .where("id", "in", [...ids])
    .execute();
}

/** Up to `limit` images of the store that no product or category owns any more. */
export async function listOrphanImages(db: Executor, storeId: number, limit: number): Promise<ImageRecord[]> {
  return db
    .selectFrom("store_images")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("product_id", "is", null)
    .where("category_id", "is", null)
    .orderBy("id")
    .limit(limit)
    .execute();
}

export async function deleteImageRow(db: Executor, id: number): Promise<void> {
  await db.deleteFrom("store_images").where("id", "=", id).execute();
}
