// Who receives a delivery: the player named in the order's metadata (as checkout records the basket's game
// identity), else the customer's profile.
import type { Executor } from "../../core/db/index.js";
import type { PlaceholderValues } from "./command-template.js";

export interface Identity {
  player: string | null;
  values: PlaceholderValues;
  discordId: string | null;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The order `metadata` keys that name who receives a delivery (checkout records them from the basket). */
export const IDENTITY_KEYS = [
  "player",
  "username",
  "minecraft_username",
  "uuid",
  "minecraft_uuid",
  "steam_id",
  "discord_id",
] as const;

/** The identity part of an order's metadata (JSON text), e.g. to carry it to a subscription's renewals. */
export function pickIdentity(metadataJson: string | null | undefined): Record<string, string> {
  const metadata = metadataJson ? parseMetadata(metadataJson) : {};
  const out: Record<string, string> = {};
  for (const k of IDENTITY_KEYS) {
    const v = text(metadata[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/**
 * Who receives the delivery: order metadata first (`player`/`username`/`minecraft_username`, `uuid`/
 * `minecraft_uuid`, `steam_id`, `discord_id`, as checkout records the buyer's game identity), then the
 * customer's profile (`minecraft_username`, `username`, `steam_id`, `discord_id`).
 */
export async function findIdentity(
  db: Executor,
  customerId: number,
  metadata: Record<string, unknown>,
): Promise<Identity> {
  const c = await db
    .selectFrom("store_customers")
    .select(["id", "email", "username", "minecraft_username", "steam_id", "discord_id"])
    .where("id", "=", customerId)
    .executeTakeFirst();
  const player =
    text(metadata["player"]) ??
    text(metadata["username"]) ??
    text(metadata["minecraft_username"]) ??
    c?.minecraft_username ??
    c?.username ??
    null;
  const discordId = text(metadata["discord_id"]) ?? c?.discord_id ?? null;
  return {
    player,
    discordId,
    values: {
      player,
      username: player,
      uuid: text(metadata["uuid"]) ?? text(metadata["minecraft_uuid"]),
      steam_id: text(metadata["steam_id"]) ?? c?.steam_id,
      discord_id: discordId,
      email: c?.email,
      customer_id: c?.id,
    },
  };
}

export function parseMetadata(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
