// Delivery servers (game servers) and their agent credentials: server secrets and the store secret.
import type { Selectable } from "kysely";
import type { Clock } from "../../core/clock.js";
import type { Kysely } from "kysely";
import type { Executor, Tables } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { StoreDeliveryServersTable } from "../catalog/catalog.tables.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import {
  createAgentSecret,
  hashAgentSecret,
  secretPrefix,
  SERVER_SECRET_PREFIX,
  STORE_SECRET_PREFIX,
} from "./agent-secret.js";
import type { CreateServerBody, DeliveryServerJson, UpdateServerBody } from "./delivery.schema.js";

type ServerRow = Selectable<StoreDeliveryServersTable>;

export function toServerJson(s: ServerRow): DeliveryServerJson {
  return {
    id: s.id,
    name: s.name,
    rate_limit: s.rate_limit,
    secret_prefix: s.secret_prefix,
    last_polled_at: formatOptionalTimestamp(s.last_polled_at),
    created_at: formatTimestamp(s.created_at),
    updated_at: formatTimestamp(s.updated_at),
  };
}

export async function listServers(db: Executor, storeId: number): Promise<ServerRow[]> {
  return db
    .selectFrom("store_delivery_servers")
    .selectAll()
    .where("store_id", "=", storeId)
    .orderBy("id")
    .execute();
}

export async function getServer(db: Executor, storeId: number, id: number): Promise<ServerRow> {
  const s = await db
    .selectFrom("store_delivery_servers")
    .selectAll()
    .where("store_id", "=", storeId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!s) throw new AppError("not_found", "Delivery server not found");
  return s;
}

/** Issues a new store secret (the old one stops working at once). Shown once. */
export async function rotateStoreSecret(
  db: Executor,
  storeId: number,
  clock: Clock,
): Promise<{ secret: string; createdAt: number }> {
  const secret = createAgentSecret(STORE_SECRET_PREFIX);
  const row = {
    secret_hash: hashAgentSecret(secret),
    secret_prefix: secretPrefix(secret),
    created_at: clock.now(),
  };
  await db
    .insertInto("store_agent_secrets")
    .values({ store_id: storeId, ...row })
    .onConflict((oc) => oc.column("store_id").doUpdateSet(row))
    .execute();
  return { secret, createdAt: row.created_at };
}

/**
 * Creates a server with its own secret (shown once). The store's first server also issues the store secret
 * (shown once too; rotate it with POST /agent-secret).
 */
export async function createServer(
  db: Kysely<Tables>,
  storeId: number,
  body: CreateServerBody,
  clock: Clock,
) {
  return db.transaction().execute(async (trx) => {
    const now = clock.now();
    const secret = createAgentSecret(SERVER_SECRET_PREFIX);
    const server = await trx
      .insertInto("store_delivery_servers")
      .values({
        store_id: storeId,
        name: body.name.trim(),
        secret_hash: hashAgentSecret(secret),
        secret_prefix: secretPrefix(secret),
        rate_limit: body.rate_limit ?? 120,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const hasStoreSecret = await trx
      .selectFrom("store_agent_secrets")
      .select("store_id")
      .where("store_id", "=", storeId)
      .executeTakeFirst();
    const storeSecret = hasStoreSecret ? undefined : (await rotateStoreSecret(trx, storeId, clock)).secret;
    return {
      ...toServerJson(server),
      server_secret: secret,
      ...(storeSecret === undefined ? {} : { store_secret: storeSecret }),
    };
  });
}

export async function updateServer(
  db: Executor,
  storeId: number,
  id: number,
  body: UpdateServerBody,
  clock: Clock,
) {
  await getServer(db, storeId, id);
  await db
    .updateTable("store_delivery_servers")
    .set({
      ...(body.name === undefined ? {} : { name: body.name.trim() }),
      ...(body.rate_limit === undefined ? {} : { rate_limit: body.rate_limit }),
      updated_at: clock.now(),
    })
    .where("id", "=", id)
    .execute();
  return toServerJson(await getServer(db, storeId, id));
}

/** A new server secret; the old one stops working at once. */
export async function rotateServerSecret(db: Executor, storeId: number, id: number, clock: Clock) {
  await getServer(db, storeId, id);
  const secret = createAgentSecret(SERVER_SECRET_PREFIX);
  await db
    .updateTable("store_delivery_servers")
    .set({
      secret_hash: hashAgentSecret(secret),
      secret_prefix: secretPrefix(secret),
      updated_at: clock.now(),
    })
    .where("id", "=", id)
    .execute();
  return { ...toServerJson(await getServer(db, storeId, id)), server_secret: secret };
}

/** Deletes a server with its product commands and queued commands (and their log). */
export async function deleteServer(db: Kysely<Tables>, storeId: number, id: number): Promise<void> {
  await getServer(db, storeId, id);
  await db.transaction().execute(async (trx) => {
    const ids = trx.selectFrom("store_delivery_commands").select("id").where("server_id", "=", id);
    await trx
      .deleteFrom("store_delivery_log")
      .where("target", "=", "server")
      .where("command_id", "in", ids)
      .execute();
    await trx.deleteFrom("store_delivery_servers").where("id", "=", id).execute();
  });
}
