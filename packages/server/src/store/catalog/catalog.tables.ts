// Tables of the catalogue: categories, products, delivery servers and which servers deliver which product.
import type { ColumnType, Generated } from "kysely";

export type ProductType = "digital" | "subscription" | "physical";
export type BillingInterval = "day" | "week" | "month" | "year";

export interface StoreCategoriesTable {
  id: Generated<number>;
  store_id: number;
  name: string;
  /** Unique per store. */
  slug: string;
  description: string | null;
  /** The uploaded image's public URL (see store/images); null when none. */
  image_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: number;
  updated_at: number;
}

export interface StoreProductsTable {
  id: Generated<number>;
  store_id: number;
  category_id: number | null;
  name: string;
  /** Unique per store. */
  slug: string;
  description: string;
  /** Minor units of the store currency. */
  price: number;
  compare_price: number | null;
  type: ProductType;
  is_active: number;
  /** Null: unlimited. */
  stock: number | null;
  /** JSON array of `{url, is_primary}`; uploaded images (store/images) also carry their `id`. */
  images: string;
  /** Subscription products: one period is `billing_interval_count` × `billing_interval`, after `trial_days`. */
  billing_interval: ColumnType<BillingInterval, BillingInterval | undefined, BillingInterval>;
  billing_interval_count: ColumnType<number, number | undefined, number>;
  trial_days: ColumnType<number, number | undefined, number>;
  created_at: number;
  updated_at: number;
}

/** A game server that runs delivery commands; its agent authenticates with the server secret (deliveries/). */
export interface StoreDeliveryServersTable {
  id: Generated<number>;
  store_id: number;
  name: string;
  /** SHA-256 hex of the server secret (`srv_…`, shown once); null until one is issued. Unique. */
  secret_hash: ColumnType<string | null, string | null | undefined, string | null>;
  secret_prefix: ColumnType<string | null, string | null | undefined, string | null>;
  /** Agent API requests per minute for this server. */
  rate_limit: ColumnType<number, number | undefined, number>;
  last_polled_at: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: number;
  updated_at: number;
}

export interface StoreProductServersTable {
  product_id: number;
  server_id: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_categories: StoreCategoriesTable;
    store_products: StoreProductsTable;
    store_delivery_servers: StoreDeliveryServersTable;
    store_product_servers: StoreProductServersTable;
  }
}
