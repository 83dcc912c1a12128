// Wire shapes of deliveries: the Delivery object (API, delivery.* events), servers, product commands, Discord roles.
import { Type, type Static } from "@sinclair/typebox";
import { literals } from "../shared/fields.schema.js";
import { listQuery, PageQuery } from "../shared/list-query.schema.js";
import { formatOptionalTimestamp, formatTimestamp } from "../shared/timestamps.js";
import { MAX_TEMPLATE_LENGTH } from "./command-template.js";
import type { CommandRow } from "./command-queue.repository.js";
import type { DiscordOperationRow } from "./discord-operations.js";

export const commandKinds = ["purchase", "refund", "chargeback", "renewal", "expiry"] as const;
export const queueStatuses = ["pending", "processing", "delivered", "failed"] as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DeliveryJson = Type.Object({
  id: Type.Integer(),
  status: literals(queueStatuses),
  kind: literals(commandKinds),
  command: Type.String(),
  player: Nullable(Type.String()),
  require_online: Type.Boolean(),
  attempts: Type.Integer(),
  server: Type.Object({ id: Type.Integer(), name: Type.String() }),
  order_id: Nullable(Type.Integer()),
  order_number: Nullable(Type.String()),
  order_item_id: Nullable(Type.Integer()),
  product_id: Nullable(Type.Integer()),
  subscription_id: Nullable(Type.Integer()),
  resend_of: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  delivered_at: Nullable(Type.String()),
  failed_at: Nullable(Type.String()),
});
export type DeliveryJson = Static<typeof DeliveryJson>;

/** A Discord role operation as an order shows it (GET /orders/{id}). */
export const DiscordOperationJson = Type.Object({
  id: Type.Integer(),
  operation: literals(["assign", "remove"] as const),
  kind: literals(commandKinds),
  status: literals(queueStatuses),
  guild_id: Type.String(),
  role_id: Type.String(),
  role_name: Type.String(),
  order_item_id: Nullable(Type.Integer()),
  attempts: Type.Integer(),
  last_error: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
  completed_at: Nullable(Type.String()),
});
export type DiscordOperationJson = Static<typeof DiscordOperationJson>;

export function toDiscordOperationJson(o: DiscordOperationRow): DiscordOperationJson {
  return {
    id: o.id,
    operation: o.operation,
    kind: o.kind,
    status: o.status,
    guild_id: o.guild_id,
    role_id: o.role_id,
    role_name: o.role_name,
    order_item_id: o.order_item_id,
    attempts: o.attempts,
    last_error: o.last_error,
    created_at: formatTimestamp(o.created_at),
    updated_at: formatTimestamp(o.updated_at),
    completed_at: formatOptionalTimestamp(o.completed_at),
  };
}

export const DeliveryLogJson = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  message: Nullable(Type.String()),
  created_at: Type.String(),
});

export const DeliveryDetailJson = Type.Composite([
  DeliveryJson,
  Type.Object({ log: Type.Array(DeliveryLogJson) }),
]);

export function toDeliveryJson(
  r: CommandRow,
  server: { id: number; name: string },
  orderNumber: string | null,
): DeliveryJson {
  return {
    id: r.id,
    status: r.status,
    kind: r.kind,
    command: r.command,
    player: r.player,
    require_online: r.require_online === 1,
    attempts: r.attempts,
    server,
    order_id: r.order_id,
    order_number: orderNumber,
    order_item_id: r.order_item_id,
    product_id: r.product_id,
    subscription_id: r.subscription_id,
    resend_of: r.resend_of,
    last_error: r.last_error,
    created_at: formatTimestamp(r.created_at),
    updated_at: formatTimestamp(r.updated_at),
    delivered_at: formatOptionalTimestamp(r.delivered_at),
    failed_at: formatOptionalTimestamp(r.failed_at),
  };
}

export const ListDeliveriesQuery = listQuery({
  ...PageQuery,
  status: Type.Optional(literals(queueStatuses)),
  kind: Type.Optional(literals(commandKinds)),
  server_id: Type.Optional(Type.Integer({ minimum: 1 })),
  order_id: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type ListDeliveriesQuery = Static<typeof ListDeliveriesQuery>;

/** Agent API requests per minute a server may be given. */
export const MAX_SERVER_RATE_LIMIT = 60_000;

export const DeliveryServerJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  rate_limit: Type.Integer(),
  secret_prefix: Nullable(Type.String()),
  last_polled_at: Nullable(Type.String()),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type DeliveryServerJson = Static<typeof DeliveryServerJson>;

/** The create and rotate responses: the secrets are shown this once. */
export const DeliveryServerWithSecretJson = Type.Composite([
  DeliveryServerJson,
  Type.Object({ server_secret: Type.String(), store_secret: Type.Optional(Type.String()) }),
]);

const ServerName = Type.String({ minLength: 1, maxLength: 100 });
const RateLimit = Type.Integer({ minimum: 1, maximum: MAX_SERVER_RATE_LIMIT });
export const CreateServerBody = Type.Object({ name: ServerName, rate_limit: Type.Optional(RateLimit) });
export type CreateServerBody = Static<typeof CreateServerBody>;
export const UpdateServerBody = Type.Object({
  name: Type.Optional(ServerName),
  rate_limit: Type.Optional(RateLimit),
});
export type UpdateServerBody = Static<typeof UpdateServerBody>;

export const StoreSecretJson = Type.Object({ store_secret: Type.String(), created_at: Type.String() });

export const ProductCommandJson = Type.Object({
  id: Type.Integer(),
  product_id: Type.Integer(),
  server: Type.Object({ id: Type.Integer(), name: Type.String() }),
  kind: literals(commandKinds),
  command: Type.String(),
  require_online: Type.Boolean(),
  created_at: Type.String(),
  updated_at: Type.String(),
});
export type ProductCommandJson = Static<typeof ProductCommandJson>;

/** A product command as its server lists it (GET /delivery-servers/{id}/commands). */
export const ServerCommandJson = Type.Composite([
  ProductCommandJson,
  Type.Object({ product: Type.Object({ id: Type.Integer(), name: Type.String() }) }),
]);
export type ServerCommandJson = Static<typeof ServerCommandJson>;

const Template = Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_LENGTH });
export const CreateProductCommandBody = Type.Object({
  server_id: Type.Integer({ minimum: 1 }),
  kind: Type.Optional(literals(commandKinds)),
  command: Template,
  require_online: Type.Optional(Type.Boolean()),
});
export type CreateProductCommandBody = Static<typeof CreateProductCommandBody>;
export const UpdateProductCommandBody = Type.Object({
  server_id: Type.Optional(Type.Integer({ minimum: 1 })),
  kind: Type.Optional(literals(commandKinds)),
  command: Type.Optional(Template),
  require_online: Type.Optional(Type.Boolean()),
});
export type UpdateProductCommandBody = Static<typeof UpdateProductCommandBody>;

const Snowflake = Type.String({
  pattern: "^[0-9]{5,20}$",
  "x-message": "The :attribute must be a Discord id.",
});
export const DiscordRoleJson = Type.Object({
  id: Type.Integer(),
  product_id: Type.Integer(),
  guild_id: Type.String(),
  role_id: Type.String(),
  role_name: Type.String(),
  created_at: Type.String(),
});
export const CreateDiscordRoleBody = Type.Object({
  guild_id: Snowflake,
  role_id: Snowflake,
  role_name: Type.String({ minLength: 1, maxLength: 100 }),
});
export type CreateDiscordRoleBody = Static<typeof CreateDiscordRoleBody>;
