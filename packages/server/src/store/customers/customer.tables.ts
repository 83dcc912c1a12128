// The customers of a store (buyers; identified by email within the store).
import type { Generated } from "kysely";

export interface StoreCustomersTable {
  id: Generated<number>;
  store_id: number;
  /** Lower-cased; unique per store. */
  email: string;
  username: string | null;
  /** Discord snowflake, as a string. */
  discord_id: string | null;
  discord_username: string | null;
  minecraft_username: string | null;
  steam_id: string | null;
  created_at: number;
  updated_at: number;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_customers: StoreCustomersTable;
  }
}
