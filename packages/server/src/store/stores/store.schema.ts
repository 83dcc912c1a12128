// Wire shape of a store (CLI output, GET/PUT /settings/store).
import { Type, type Static } from "@sinclair/typebox";
import { formatTimestamp } from "../shared/timestamps.js";
import type { Store } from "./store.repository.js";

export const StoreJson = Type.Object({
  id: Type.Integer(),
  subdomain: Type.String(),
  name: Type.String(),
  currency: Type.String(),
  time_zone: Type.String(),
  created_at: Type.String(),
});
export type StoreJson = Static<typeof StoreJson>;

export function toStoreJson(store: Store): StoreJson {
  return {
    id: store.id,
    subdomain: store.subdomain,
    name: store.name,
    currency: store.currency,
    time_zone: store.timeZone,
    created_at: formatTimestamp(store.createdAt),
  };
}
