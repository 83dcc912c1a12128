// Creates the delivery tables: server secrets, store agent secrets, product commands, the command queue and
// its log, Discord role links and the Discord operation queue.
import type { MigrationDefinition } from "../../core/db/index.js";

export const deliveriesMigration: MigrationDefinition = {
  name: "0270_deliveries",
  async up({ db, types }) {
    await db.schema.alterTable("store_delivery_servers").addColumn("secret_hash", "text").execute();
    await db.schema.alterTable("store_delivery_servers").addColumn("secret_prefix", "text").execute();
    await db.schema
      .alterTable("store_delivery_servers")
      .addColumn("rate_limit", "integer", (c) => c.notNull().defaultTo(120))
      .execute();
    await db.schema.alterTable("store_delivery_servers").addColumn("last_polled_at", types.bigint).execute();
    await db.schema
      .createIndex("store_delivery_servers_secret")
      .unique()
      .on("store_delivery_servers")
      .column("secret_hash")
      .execute();
    await db.schema
      .createTable("store_agent_secrets")
      .addColumn("store_id", types.bigint, (c) => c.primaryKey().references("stores.id").onDelete("cascade"))
      .addColumn("secret_hash", "text", (c) => c.notNull())
      .addColumn("secret_prefix", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("store_product_commands")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("product_id", types.bigint, (c) =>
        c.notNull().references("store_products.id").onDelete("cascade"),
      )
      .addColumn("server_id", types.bigint, (c) =>
        c.notNull().references("store_delivery_servers.id").onDelete("cascade"),
      )
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("command", "text", (c) => c.notNull())
      .addColumn("require_online", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_product_commands_product")
      .on("store_product_commands")
      .columns(["product_id", "kind"])
      .execute();
    await db.schema
      .createTable("store_delivery_commands")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("server_id", types.bigint, (c) =>
        c.notNull().references("store_delivery_servers.id").onDelete("cascade"),
      )
      .addColumn("order_id", types.bigint)
      .addColumn("order_item_id", types.bigint)
      .addColumn("subscription_id", types.bigint)
      .addColumn("product_id", types.bigint)
      .addColumn("resend_of", types.bigint)
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("command", "text", (c) => c.notNull())
      .addColumn("player", "text")
      .addColumn("require_online", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("lease_token", "text")
      .addColumn("lease_expires_at", types.bigint)
      .addColumn("last_error", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addColumn("delivered_at", types.bigint)
      .addColumn("failed_at", types.bigint)
      .execute();
    // The claim scan: a server's pending rows and its leased rows, oldest first.
    await db.schema
      .createIndex("store_delivery_commands_claim")
      .on("store_delivery_commands")
      .columns(["server_id", "status", "id"])
      .execute();
    await db.schema
      .createIndex("store_delivery_commands_order")
      .on("store_delivery_commands")
      .columns(["order_id"])
      .execute();
    await db.schema
      .createIndex("store_delivery_commands_resend")
      .on("store_delivery_commands")
      .columns(["resend_of"])
      .execute();
    await db.schema
      .createIndex("store_delivery_commands_store")
      .on("store_delivery_commands")
      .columns(["store_id", "id"])
      .execute();
    await db.schema
      .createTable("store_delivery_log")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("command_id", types.bigint, (c) => c.notNull())
      .addColumn("target", "text", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("message", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_delivery_log_store")
      .on("store_delivery_log")
      .columns(["store_id", "id"])
      .execute();
    await db.schema
      .createIndex("store_delivery_log_command")
      .on("store_delivery_log")
      .columns(["target", "command_id", "id"])
      .execute();
    await db.schema
      .createTable("store_discord_roles")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("product_id", types.bigint, (c) =>
        c.notNull().references("store_products.id").onDelete("cascade"),
      )
      .addColumn("guild_id", "text", (c) => c.notNull())
      .addColumn("role_id", "text", (c) => c.notNull())
      .addColumn("role_name", "text", (c) => c.notNull())
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("store_discord_roles_product")
      .on("store_discord_roles")
      .columns(["product_id"])
      .execute();
    await db.schema
      .createTable("store_discord_operations")
      .addColumn("id", types.id, types.asId)
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("operation", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("guild_id", "text", (c) => c.notNull())
      .addColumn("discord_user_id", "text", (c) => c.notNull())
      .addColumn("role_id", "text", (c) => c.notNull())
      .addColumn("role_name", "text", (c) => c.notNull())
      .addColumn("order_id", types.bigint)
      .addColumn("order_item_id", types.bigint)
      .addColumn("order_number", "text")
      .addColumn("subscription_id", types.bigint)
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("lease_token", "text")
      .addColumn("lease_expires_at", types.bigint)
      .addColumn("last_error", "text")
      .addColumn("created_at", types.bigint, (c) => c.notNull())
      .addColumn("updated_at", types.bigint, (c) => c.notNull())
      .addColumn("completed_at", types.bigint)
      .execute();
    await db.schema
      .createIndex("store_discord_operations_claim")
      .on("store_discord_operations")
      .columns(["store_id", "status", "id"])
      .execute();
    await db.schema
      .createIndex("store_discord_operations_order")
      .on("store_discord_operations")
      .columns(["order_id"])
      .execute();
  },
};
