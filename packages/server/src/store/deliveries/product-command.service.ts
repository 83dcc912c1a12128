// A product's delivery commands (per server and kind) and Discord roles, managed through the Store API.
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { findProduct } from "../catalog/product.repository.js";
import { formatTimestamp } from "../shared/timestamps.js";
import { invalidField } from "../shared/validation.js";
import { templateProblem } from "./command-template.js";
import type {
  CreateDiscordRoleBody,
  CreateProductCommandBody,
  ProductCommandJson,
  ServerCommandJson,
  UpdateProductCommandBody,
} from "./delivery.schema.js";

/** Most commands and roles one product may carry. */
const MAX_PER_PRODUCT = 100;
/** Most commands a server's list shows (products × kinds; a store rarely has more). */
const MAX_SERVER_COMMANDS_LISTED = 1000;

async function assertProduct(db: Executor, storeId: number, productId: number): Promise<void> {
  if (!(await findProduct(db, storeId, productId))) throw new AppError("not_found", "Product not found");
}

async function assertServer(db: Executor, storeId: number, serverId: number): Promise<void> {
  const s = await db
    .selectFrom("store_delivery_servers")
    .select("id")
    .where("store_id", "=", storeId)
    .where("id", "=", serverId)
    .executeTakeFirst();
  if (!s) throw invalidField("server_id", "The selected server id is invalid.");
}

function assertTemplate(command: string): void {
  const problem = templateProblem(command);
  if (problem !== undefined) throw invalidField("command", problem);
}

export async function listProductCommands(
  db: Executor,
  storeId: number,
  productId: number,
): Promise<ProductCommandJson[]> {
  await assertProduct(db, storeId, productId);
  const rows = await db
    .selectFrom("store_product_commands as c")
    .innerJoin("store_delivery_servers as s", "s.id", "c.server_id")
    .selectAll("c")
    .select("s.name as server_name")
    .where("c.store_id", "=", storeId)
    .where("c.product_id", "=", productId)
    .orderBy("c.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    product_id: r.product_id,
    server: { id: r.server_id, name: r.server_name },
    kind: r.kind,
    command: r.command,
    require_online: r.require_online === 1,
    created_at: formatTimestamp(r.created_at),
    updated_at: formatTimestamp(r.updated_at),
  }));
}

async function getCommandJson(db: Executor, storeId: number, productId: number, id: number) {
  const found = (await listProductCommands(db, storeId, productId)).find((c) => c.id === id);
  if (!found) throw new AppError("not_found", "Command not found");
  return found;
}

/** Adds a command; the server becomes one of the product's delivery servers. */
export async function createProductCommand(
  db: Executor,
  storeId: number,
  productId: number,
  body: CreateProductCommandBody,
  clock: Clock,
): Promise<ProductCommandJson> {
  await assertProduct(db, storeId, productId);
  await assertServer(db, storeId, body.server_id);
  assertTemplate(body.command);
  const { n } = await db
    .selectFrom("store_product_commands")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("product_id", "=", productId)
    .executeTakeFirstOrThrow();
  if (n >= MAX_PER_PRODUCT)
    throw invalidField("command", `A product may have at most ${MAX_PER_PRODUCT} commands.`);
  const now = clock.now();
  const { id } = await db
    .insertInto("store_product_commands")
    .values({
      store_id: storeId,
      product_id: productId,
      server_id: body.server_id,
      kind: body.kind ?? "purchase",
      command: body.command.trim(),
      require_online: body.require_online === true ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("store_product_servers")
    .values({ product_id: productId, server_id: body.server_id })
    .onConflict((oc) => oc.columns(["product_id", "server_id"]).doNothing())
    .execute();
  return getCommandJson(db, storeId, productId, id);
}

export async function updateProductCommand(
  db: Executor,
  storeId: number,
  productId: number,
  id: number,
  body: UpdateProductCommandBody,
  clock: Clock,
): Promise<ProductCommandJson> {
  await getCommandJson(db, storeId, productId, id);
  if (body.server_id !== undefined) await assertServer(db, storeId, body.server_id);
  if (body.command !== undefined) assertTemplate(body.command);
  await db
    .updateTable("store_product_commands")
    .set({
      ...(body.server_id === undefined ? {} : { server_id: body.server_id }),
      ...(body.kind === undefined ? {} : { kind: body.kind }),
      ...(body.command === undefined ? {} : { command: body.command.trim() }),
      ...(body.require_online === undefined ? {} : { require_online: body.require_online ? 1 : 0 }),
      updated_at: clock.now(),
    })
    .where("id", "=", id)
    .execute();
  if (body.server_id !== undefined) {
    await db
      .insertInto("store_product_servers")
      .values({ product_id: productId, server_id: body.server_id })
      .onConflict((oc) => oc.columns(["product_id", "server_id"]).doNothing())
      .execute();
  }
  return getCommandJson(db, storeId, productId, id);
}

/** Deletes a command template (commands already queued stay queued). */
export async function deleteProductCommand(db: Executor, storeId: number, productId: number, id: number) {
  await getCommandJson(db, storeId, productId, id);
  await db.deleteFrom("store_product_commands").where("id", "=", id).execute();
}

export async function listDiscordRoles(db: Executor, storeId: number, productId: number) {
  await assertProduct(db, storeId, productId);
  const rows = await db
    .selectFrom("store_discord_roles")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("product_id", "=", productId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    product_id: r.product_id,
    guild_id: r.guild_id,
    role_id: r.role_id,
    role_name: r.role_name,
    created_at: formatTimestamp(r.created_at),
  }));
}

export async function createDiscordRole(
  db: Executor,
  storeId: number,
  productId: number,
  body: CreateDiscordRoleBody,
  clock: Clock,
) {
  const existing = await listDiscordRoles(db, storeId, productId);
  if (existing.length >= MAX_PER_PRODUCT)
    throw invalidField("role_id", `A product may have at most ${MAX_PER_PRODUCT} roles.`);
  const { id } = await db
    .insertInto("store_discord_roles")
    .values({
      store_id: storeId,
      product_id: productId,
      guild_id: body.guild_id,
      role_id: body.role_id,
      role_name: body.role_name.trim(),
      created_at: clock.now(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const created = (await listDiscordRoles(db, storeId, productId)).find((r) => r.id === id);
  if (!created) throw new AppError("internal", "role vanished");
  return created;
}

export async function deleteDiscordRole(db: Executor, storeId: number, productId: number, id: number) {
  const found = (await listDiscordRoles(db, storeId, productId)).find((r) => r.id === id);
  if (!found) throw new AppError("not_found", "Role not found");
  await db.deleteFrom("store_discord_roles").where("id", "=", id).execute();
}

/** Every product command that runs on one server, with its product's name (the game server's screen). */
export async function listServerCommands(
  db: Executor,
  storeId: number,
  serverId: number,
): Promise<ServerCommandJson[]> {
  const rows = await db
    .selectFrom("store_product_commands as c")
    .innerJoin("store_delivery_servers as s", "s.id", "c.server_id")
    .innerJoin("store_products as p", "p.id", "c.product_id")
    .selectAll("c")
    .select(["s.name as server_name", "p.name as product_name"])
    .where("c.store_id", "=", storeId)
    .where("c.server_id", "=", serverId)
    .orderBy("c.product_id")
    .orderBy("c.id")
    .limit(MAX_SERVER_COMMANDS_LISTED)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    product_id: r.product_id,
    product: { id: r.product_id, name: r.product_name },
    server: { id: r.server_id, name: r.server_name },
    kind: r.kind,
    command: r.command,
    require_online: r.require_online === 1,
    created_at: formatTimestamp(r.created_at),
    updated_at: formatTimestamp(r.updated_at),
  }));
}
