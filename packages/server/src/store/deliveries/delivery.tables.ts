// Tables of in-game delivery: store agent secrets, product commands, the command queue, its log, Discord roles.
import type { ColumnType, Generated } from "kysely";
import type { CommandKind } from "./delivery-scheduler.js";

/** pending → processing (claimed, leased) → delivered | failed; a processing row whose lease ran out is offered again. */
export type QueueStatus = "pending" | "processing" | "delivered" | "failed";

/** The store half of an agent's credentials (`X-Store-Secret`): one per store, rotated by API. */
export interface StoreAgentSecretsTable {
  store_id: number;
  /** SHA-256 hex of the secret. */
  secret_hash: string;
  secret_prefix: string;
  created_at: number;
}

/** A product's command template for one server and kind. */
export interface StoreProductCommandsTable {
  id: Generated<number>;
  store_id: number;
  product_id: number;
  server_id: number;
  kind: CommandKind;
  /** Template with `{placeholders}` (deliveries/command-template.ts). */
  command: string;
  require_online: number;
  created_at: number;
  updated_at: number;
}

/** One rendered command for one server: what an agent claims, runs and confirms. */
export interface StoreDeliveryCommandsTable {
  id: Generated<number>;
  store_id: number;
  server_id: number;
  order_id: number | null;
  order_item_id: number | null;
  subscription_id: number | null;
  product_id: number | null;
  /** The command this one re-sends (POST /deliveries/{id}/resend). */
  resend_of: number | null;
  kind: CommandKind;
  command: string;
  /** The in-game name the command is for (agents check it is online when `require_online`). */
  player: string | null;
  require_online: number;
  status: QueueStatus;
  /** Times claimed. */
  attempts: ColumnType<number, number | undefined, number>;
  /** Random per claim; null when not claimed. */
  lease_token: string | null;
  lease_expires_at: number | null;
  /** A pending command deferred by its agent (player offline) is not offered before this. */
  available_at: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
  failed_at: number | null;
}

/** Every state change of a command or Discord operation. */
export interface StoreDeliveryLogTable {
  id: Generated<number>;
  store_id: number;
  command_id: number;
  target: "server" | "discord";
  event: "queued" | "claimed" | "delivered" | "failed" | "deferred" | "resent";
  message: string | null;
  created_at: number;
}

/** A Discord role a product grants. */
export interface StoreDiscordRolesTable {
  id: Generated<number>;
  store_id: number;
  product_id: number;
  guild_id: string;
  role_id: string;
  role_name: string;
  created_at: number;
}

/** One role assignment or removal for the Discord agent. */
export interface StoreDiscordOperationsTable {
  id: Generated<number>;
  store_id: number;
  operation: "assign" | "remove";
  kind: CommandKind;
  guild_id: string;
  discord_user_id: string;
  role_id: string;
  role_name: string;
  order_id: number | null;
  order_item_id: number | null;
  order_number: string | null;
  subscription_id: number | null;
  status: QueueStatus;
  attempts: ColumnType<number, number | undefined, number>;
  lease_token: string | null;
  lease_expires_at: number | null;
  /** A pending operation deferred by the Discord agent is not offered before this. */
  available_at: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}

declare module "../../core/db/tables.js" {
  interface Tables {
    store_agent_secrets: StoreAgentSecretsTable;
    store_product_commands: StoreProductCommandsTable;
    store_delivery_commands: StoreDeliveryCommandsTable;
    store_delivery_log: StoreDeliveryLogTable;
    store_discord_roles: StoreDiscordRolesTable;
    store_discord_operations: StoreDiscordOperationsTable;
  }
}
