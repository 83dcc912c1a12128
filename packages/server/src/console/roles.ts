// Console roles and what each may do: store staff roles map onto Store API scopes.
import type { Scope } from "../store/tokens/scopes.js";

export const storeRoles = ["owner", "manager", "support"] as const;
export type StoreRole = (typeof storeRoles)[number];
/** `customer`: signs in for a studio contact; `editor`: works the studio's editing queue. */
export const studioRoles = ["customer", "editor"] as const;
export type StudioRole = (typeof studioRoles)[number];
export type Role = StoreRole | StudioRole;

/**
 * The Store API scopes a signed-in staff member holds. Owners hold everything; managers run the store
 * but cannot change its settings or tokens; support may look at everything and change nothing.
 */
export const ROLE_SCOPES: Record<StoreRole, readonly Scope[]> = {
  owner: ["*"],
  manager: [
    "products:read",
    "products:write",
    "orders:read",
    "orders:write",
    "customers:read",
    "customers:write",
    "analytics:read",
    "webhooks:read",
    "webhooks:write",
    "settings:read",
  ],
  support: [
    "products:read",
    "orders:read",
    "customers:read",
    "analytics:read",
    "webhooks:read",
    "settings:read",
  ],
};

export function isStoreRole(s: string): s is StoreRole {
  return (storeRoles as readonly string[]).includes(s);
}

export function isRole(s: string): s is Role {
  return isStoreRole(s) || (studioRoles as readonly string[]).includes(s);
}
