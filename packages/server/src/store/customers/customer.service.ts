// Customers: detail, create (publishes customer.created), update; shared by the orders feature.
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import type { Store } from "../stores/store.repository.js";
import type { PublishEvent } from "../store-api.deps.js";
import { invalidField } from "../shared/validation.js";
import { findCustomerSubscriptions } from "../subscriptions/subscription.repository.js";
import {
  findCustomer,
  findCustomerIdByEmail,
  insertCustomer,
  updateCustomerRow,
  type CustomerRecord,
} from "./customer.repository.js";
import {
  toCustomerDetailJson,
  type CreateCustomerBody,
  type CustomerDetailJson,
  type UpdateCustomerBody,
} from "./customer.schema.js";

export async function getCustomer(db: Executor, storeId: number, id: number): Promise<CustomerRecord> {
  const c = await findCustomer(db, storeId, id);
  if (!c) throw new AppError("not_found", "Customer not found");
  return c;
}

export async function getCustomerDetail(db: Executor, store: Store, id: number): Promise<CustomerDetailJson> {
  const customer = await getCustomer(db, store.id, id);
  return toCustomerDetailJson(customer, store.currency, await findCustomerSubscriptions(db, store.id, id));
}

const taken = () => invalidField("email", "The email has already been taken.");

/** Creates a customer in `db`'s transaction and publishes `customer.created` there. 422 on a taken email. */
export async function createCustomer(
  db: Executor,
  store: Store,
  body: CreateCustomerBody,
  deps: { clock: Clock; publish: PublishEvent },
): Promise<CustomerDetailJson> {
  const email = body.email.toLowerCase();
  if ((await findCustomerIdByEmail(db, store.id, email)) !== undefined) throw taken();
  const now = deps.clock.now();
  const id = await insertCustomer(db, {
    store_id: store.id,
    email,
    username: body.username ?? null,
    discord_id: body.discord_id ?? null,
    discord_username: body.discord_username ?? null,
    minecraft_username: body.game_usernames?.minecraft ?? null,
    steam_id: body.game_usernames?.steam_id ?? null,
    created_at: now,
    updated_at: now,
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) ? taken() : e;
  });
  const detail = await getCustomerDetail(db, store, id);
  await deps.publish(db, store.id, "customer.created", detail);
  return detail;
}

export async function updateCustomer(
  db: Executor,
  store: Store,
  id: number,
  body: UpdateCustomerBody,
  clock: Clock,
): Promise<CustomerDetailJson> {
  await getCustomer(db, store.id, id);
  const email = body.email?.toLowerCase();
  if (email !== undefined) {
    const owner = await findCustomerIdByEmail(db, store.id, email);
    if (owner !== undefined && owner !== id) throw taken();
  }
  await updateCustomerRow(db, store.id, id, {
    ...(email === undefined ? {} : { email }),
    ...(body.username === undefined ? {} : { username: body.username }),
    ...(body.discord_id === undefined ? {} : { discord_id: body.discord_id }),
    ...(body.discord_username === undefined ? {} : { discord_username: body.discord_username }),
    ...(body.game_usernames?.minecraft === undefined
      ? {}
      : { minecraft_username: body.game_usernames.minecraft }),
    ...(body.game_usernames?.steam_id === undefined ? {} : { steam_id: body.game_usernames.steam_id }),
    updated_at: clock.now(),
  }).catch((e: unknown) => {
    throw isUniqueViolation(e) ? taken() : e;
  });
  return getCustomerDetail(db, store, id);
}
