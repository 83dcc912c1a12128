// Product and category images: attach an uploaded blob (product.updated published in the same transaction),
// detach one, and sweep the blobs of images nothing owns any more.
import type { BlobStore } from "../../core/blobs/index.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { getCategory } from "../catalog/category.service.js";
import { updateCategoryRow } from "../catalog/category.repository.js";
import { updateProductRow } from "../catalog/product.repository.js";
import { getProduct, getProductDetail } from "../catalog/product.service.js";
import type { Store } from "../stores/store.repository.js";
import type { StoreRouteDeps } from "../store-api.deps.js";
import { invalidField } from "../shared/validation.js";
import type { StoredImage } from "./image-upload.js";
import {
  deleteImageRow,
  findCategoryImages,
  findProductImage,
  insertImage,
  listOrphanImages,
  orphanImages,
} from "./image.repository.js";
import { parseProductImages, toImageJson, type ImageJson } from "./image.schema.js";

/** Images a product may have (uploads and URL images together) when another is uploaded. */
export const MAX_PRODUCT_IMAGES = 20;
/** Where public image URLs point: `{publicUrl}/media/images/{publicId}` (see media.routes.ts). */
export const MEDIA_PATH = "/media/images/";

export interface ImageDeps extends StoreRouteDeps {
  blobs: BlobStore;
  /** `PIXL_PUBLIC_URL`. */
  publicUrl: string;
}

/**
 * The public URL of an image. Trade-off: it is absolute and stored in the product's `images` as the docs
 * shape them (so reading a product costs nothing extra); moving Pixl to another `PIXL_PUBLIC_URL` leaves
 * existing image URLs on the old host until the images are uploaded again.
 */
export function imageUrl(publicUrl: string, publicId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}${MEDIA_PATH}${publicId}`;
}

/** Locks the product row for this transaction (PostgreSQL: concurrent uploads queue here). 404 when absent. */
async function touchProduct(db: Executor, storeId: number, id: number, now: number): Promise<void> {
  const r = await db
    .updateTable("store_products")
    .set({ updated_at: now })
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError("not_found", "Product not found");
}

/**
 * Attaches a stored blob to a product: appended to `images`, primary when asked or when the product has
 * no primary image yet. On any failure the blob is deleted.
 */
export async function addProductImage(
  deps: ImageDeps,
  store: Store,
  productId: number,
  stored: StoredImage,
  isPrimary: boolean,
): Promise<ImageJson> {
  const url = imageUrl(deps.publicUrl, stored.publicId);
  try {
    return await deps.database.kysely.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      await touchProduct(trx, store.id, productId, now);
      const images = parseProductImages((await getProduct(trx, store.id, productId)).images);
      if (images.length >= MAX_PRODUCT_IMAGES)
        throw invalidField("image", `A product can have at most ${MAX_PRODUCT_IMAGES} images.`);
      const row = await insertImage(trx, {
        store_id: store.id,
        product_id: productId,
        category_id: null,
        public_id: stored.publicId,
        blob_key: stored.key,
        content_type: stored.contentType,
        size: stored.size,
        created_at: now,
      });
      const primary = isPrimary || !images.some((i) => i.is_primary);
      const next = images.map((i) => (primary ? { ...i, is_primary: false } : i));
      next.push({ id: row.id, url, is_primary: primary });
      await updateProductRow(trx, store.id, productId, { images: JSON.stringify(next) });
      await deps.publish(trx, store.id, "product.updated", await getProductDetail(trx, store, productId));
      return toImageJson(row, url, primary);
    });
  } catch (e) {
    await deps.blobs.delete(stored.key).catch(() => undefined);
    throw e;
  }
}

/** Removes an uploaded image from its product (the next image becomes primary if it was), then its blob. */
export async function deleteProductImage(
  deps: ImageDeps,
  store: Store,
  productId: number,
  imageId: number,
): Promise<void> {
  await deps.database.kysely.transaction().execute(async (trx) => {
    await touchProduct(trx, store.id, productId, deps.clock.now());
    const image = await findProductImage(trx, store.id, productId, imageId);
    if (!image) throw new AppError("not_found", "Image not found");
    const images = parseProductImages((await getProduct(trx, store.id, productId)).images);
    const next = images.filter((i) => i.id !== imageId);
    const first = next[0];
    if (first && !next.some((i) => i.is_primary)) first.is_primary = true;
    await updateProductRow(trx, store.id, productId, { images: JSON.stringify(next) });
    await orphanImages(trx, store.id, [imageId]);
    await deps.publish(trx, store.id, "product.updated", await getProductDetail(trx, store, productId));
  });
  await sweepOrphanImages(deps.database.kysely, deps.blobs, store.id);
}

/** Sets (or replaces) a category's image; the replaced image's blob is deleted. */
export async function setCategoryImage(
  deps: ImageDeps,
  store: Store,
  categoryId: number,
  stored: StoredImage,
): Promise<ImageJson> {
  const url = imageUrl(deps.publicUrl, stored.publicId);
  try {
    const image = await deps.database.kysely.transaction().execute(async (trx) => {
      const now = deps.clock.now();
      const updated = await updateCategoryRow(trx, store.id, categoryId, { image_url: url, updated_at: now });
      if (!updated) throw new AppError("not_found", "Category not found");
      const previous = await findCategoryImages(trx, store.id, categoryId);
      await orphanImages(
        trx,
        store.id,
        previous.map((p) => p.id),
      );
      const row = await insertImage(trx, {
        store_id: store.id,
        product_id: null,
        category_id: categoryId,
        public_id: stored.publicId,
        blob_key: stored.key,
        content_type: stored.contentType,
        size: stored.size,
        created_at: now,
      });
      return toImageJson(row, url, true);
    });
    await sweepOrphanImages(deps.database.kysely, deps.blobs, store.id);
    return image;
  } catch (e) {
    await deps.blobs.delete(stored.key).catch(() => undefined);
    throw e;
  }
}

/** Removes a category's image; 404 when it has none. */
export async function deleteCategoryImage(deps: ImageDeps, store: Store, categoryId: number): Promise<void> {
  await deps.database.kysely.transaction().execute(async (trx) => {
    await getCategory(trx, store.id, categoryId);
    const images = await findCategoryImages(trx, store.id, categoryId);
    if (images.length === 0) throw new AppError("not_found", "Image not found");
    await orphanImages(
      trx,
      store.id,
      images.map((i) => i.id),
    );
    await updateCategoryRow(trx, store.id, categoryId, { image_url: null, updated_at: deps.clock.now() });
  });
  await sweepOrphanImages(deps.database.kysely, deps.blobs, store.id);
}

/**
 * Deletes the blobs and rows of the store's images nothing owns (removed images, deleted products and
 * categories), a batch at a time. Best effort: a blob that cannot be deleted keeps its row for the next
 * sweep; orphans are never served meanwhile.
 */
export async function sweepOrphanImages(db: Executor, blobs: BlobStore, storeId: number): Promise<void> {
  for (const image of await listOrphanImages(db, storeId, 100)) {
    try {
      await blobs.delete(image.blob_key);
      await deleteImageRow(db, image.id);
    } catch {
      // Left for the next sweep.
    }
  }
}
