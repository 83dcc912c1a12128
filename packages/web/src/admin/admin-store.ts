// The store an admin screen works on, as the session's membership names it.
import type { Membership } from "../api/console-api";

export interface AdminStore {
  subdomain: string;
  name: string;
  currency: string;
  role: Membership["role"];
}

/** True when the role may change things (support looks only). */
export function canWrite(store: AdminStore): boolean {
  return store.role === "owner" || store.role === "manager";
}
