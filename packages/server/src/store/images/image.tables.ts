// Uploaded images of products and categories: one row per blob, owned by a product or a category.
import type { Generated } from "kysely";

export interface StoreImagesTable {
  id: Generated<number>;
  store_id: number;
  /** Null once the product is deleted or the image removed: the row then awaits the sweep of its blob. */
  product_id: number | null;
  category_id: number | null;
  /** The unguessable file name in the public URL, e.g. `4fQ…x.png`. Unique. */
  public_id: string;
  blob_key: string;
  /** Sniffed from the bytes, never taken from the request. */
  content_type: string;
  size: number;
  created_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_images: StoreImagesTable;
  }
}
