// Response shapes of the agent APIs (/api/v1/agent, /api/v1/discord-agent), defined once: the routes
// serialize with them, the agent OpenAPI document shows them and the SDK's agent types are generated from it.
// Objects allow more members (`additionalProperties`) so a field added to a route is sent before it is listed.
import { Type, type TSchema } from "@sinclair/typebox";
import { literals } from "../shared/fields.schema.js";
import { commandKinds, queueStatuses } from "./delivery.schema.js";

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const open = { additionalProperties: true } as const;

/** A command claimed by this poll (leased to this agent until `lease_expires_at`). */
export const AgentCommandJson = Type.Object(
  {
    id: Type.Integer(),
    /** The command with its placeholders filled. */
    command: Type.String(),
    kind: literals(commandKinds),
    player: Nullable(Type.String()),
    /** Run only while the player is online (else fail it with `retry: true`). */
    require_online: Type.Boolean(),
    order_id: Nullable(Type.Integer()),
    /** How many times it was claimed, this time included. */
    attempt: Type.Integer(),
    lease_expires_at: Type.String(),
  },
  open,
);

export const PendingCommandsEnvelope = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(AgentCommandJson),
  meta: Type.Object(
    {
      server: Type.Object({ id: Type.Integer(), name: Type.String() }, open),
      lease_seconds: Type.Integer(),
      /** Poll again after this long (also the `X-Poll-Interval` header). */
      next_poll_seconds: Type.Integer(),
      next_poll_ms: Type.Integer(),
    },
    open,
  ),
});

export const CommandOutcomeEnvelope = Type.Object({
  success: Type.Literal(true),
  data: Type.Object(
    {
      id: Type.Integer(),
      status: literals(queueStatuses),
      /** False when it already had this outcome (a repeated confirm or fail). */
      changed: Type.Boolean(),
    },
    open,
  ),
  message: Type.String(),
});

/** A Discord role change for the bot; snowflakes as strings, order fields only when there is an order. */
export const DiscordOperationJson = Type.Object(
  {
    id: Type.Integer(),
    operation: literals(["assign", "remove"] as const),
    kind: literals(commandKinds),
    guild_id: Type.String(),
    discord_user_id: Type.String(),
    role_id: Type.String(),
    role_name: Type.String(),
    order_id: Type.Optional(Type.Integer()),
    order_number: Type.Optional(Nullable(Type.String())),
    subscription_id: Type.Optional(Type.Integer()),
    status: literals(queueStatuses),
    attempts: Type.Integer(),
    lease_expires_at: Type.Optional(Type.String()),
    created_at: Type.String(),
  },
  open,
);

export const DiscordOperationsEnvelope = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(DiscordOperationJson),
});

export const DiscordClaimEnvelope = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(DiscordOperationJson),
  meta: Type.Object({ lease_seconds: Type.Integer() }, open),
});

export const DiscordOutcomeEnvelope = Type.Object({
  success: Type.Literal(true),
  data: Type.Object({ ...DiscordOperationJson.properties, changed: Type.Boolean() }, open),
});
