// The webhook engine's listeners (`pixl listen`): created per owner (at most MAX_LISTENERS; ones nobody has
// pulled from for an hour make way), pulled with a long-poll, acknowledged; a removed one's deliveries are
// cancelled.
import type { Clock } from "../core/clock.js";
import type { Executor } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import type { DeliveryRow } from "./delivery.repository.js";
import {
  deleteEndpoint,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  type EndpointRow,
  type Owner,
} from "./endpoint.repository.js";
import {
  ackDeliveries,
  cancelPendingDeliveries,
  createListenerUrl,
  isListenerUrl,
  LISTENER_SCHEME,
  pullDeliveries,
  type PullOptions,
} from "./listener.js";
import type { SecretBox } from "./secret-box.js";
import { createEndpointSecret } from "./signing.js";

/** Listeners an owner may have at once (each keeps every matching delivery until pulled). */
export const MAX_LISTENERS = 10;
/** A listener not pulled from for this long is abandoned (a `pixl listen` killed without cleaning up). */
export const STALE_LISTENER_MS = 3_600_000;
/** Pulls record their time at most this often (`updated_at`), so idle ones can be told apart. */
const TOUCH_EVERY_MS = 60_000;

export interface ListenerServiceOptions {
  db: Executor;
  clock: Clock;
  secretBox: SecretBox;
}

export function createListenerService(options: ListenerServiceOptions) {
  const { db, clock, secretBox } = options;

  async function getListener(owner: Owner, id: number): Promise<EndpointRow> {
    const e = await findEndpoint(db, owner, id);
    if (!e || !isListenerUrl(e.url)) throw new AppError("not_found", "Listener not found");
    return e;
  }

  async function remove(owner: Owner, id: number): Promise<void> {
    if (await deleteEndpoint(db, owner, id)) await cancelPendingDeliveries(db, id, clock.now());
  }

  return {
    /**
     * Removes every owner's abandoned listeners (nobody pulled from them for STALE_LISTENER_MS), at most
     * `limit` of them, cancelling what they held. A listener in use touches `updated_at` every minute of
     * pulling, so it is never taken. Returns how many were removed.
     */
    async removeAbandonedListeners(limit = 500): Promise<number> {
      const stale = await db
        .selectFrom("webhook_endpoints")
        .select(["id", "owner_kind", "owner_id"])
        .where("url", "like", `${LISTENER_SCHEME}%`)
        .where("updated_at", "<", clock.now() - STALE_LISTENER_MS)
        .orderBy("id")
        .limit(limit)
        .execute();
      for (const e of stale) await remove({ kind: e.owner_kind, id: e.owner_id }, e.id);
      return stale.length;
    },
    async createListener(owner: Owner, events: readonly string[]) {
      const now = clock.now();
      let existing = (await listEndpoints(db, owner)).filter((e) => isListenerUrl(e.url));
      if (existing.length >= MAX_LISTENERS) {
        for (const stale of existing.filter((e) => e.updated_at < now - STALE_LISTENER_MS))
          await remove(owner, stale.id);
        existing = (await listEndpoints(db, owner)).filter((e) => isListenerUrl(e.url));
      }
      if (existing.length >= MAX_LISTENERS)
        throw new AppError(
          "conflict",
          `At most ${MAX_LISTENERS} listeners at once; stop a \`pixl listen\` or delete a listener first.`,
        );
      const secret = createEndpointSecret();
      const endpoint = await insertEndpoint(db, {
        owner,
        // A contact's listener receives its studio callbacks (one kind); a store's, the events it names.
        profile: owner.kind === "store" ? "store" : "studio",
        url: createListenerUrl(),
        events: owner.kind === "store" ? events : ["image.processed"],
        secretSealed: secretBox.seal(secret),
        schedule: owner.kind === "store" ? "store" : "studio",
        standardHeaders: false,
        maxConcurrency: 1,
        now,
      });
      return { endpoint, secret };
    },
    async pull(owner: Owner, id: number, o: PullOptions): Promise<DeliveryRow[]> {
      const listener = await getListener(owner, id);
      const now = clock.now();
      if (listener.updated_at < now - TOUCH_EVERY_MS)
        await db.updateTable("webhook_endpoints").set({ updated_at: now }).where("id", "=", id).execute();
      return pullDeliveries(db, id, o);
    },
    async ack(
      owner: Owner,
      id: number,
      acks: readonly { id: string; status: number | null }[],
    ): Promise<number> {
      await getListener(owner, id);
      return ackDeliveries(db, id, acks, clock.now());
    },
    /** After an endpoint was deleted: a listener's pending deliveries are cancelled (nobody will pull them). */
    async afterDelete(endpoint: EndpointRow): Promise<void> {
      if (isListenerUrl(endpoint.url)) await cancelPendingDeliveries(db, endpoint.id, clock.now());
    },
  };
}
