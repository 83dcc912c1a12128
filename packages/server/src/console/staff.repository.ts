// Reads and writes of a store's staff (its console memberships) and its invitations.
import type { Selectable } from "kysely";
import type { Executor } from "../core/db/index.js";
import type { ConsoleInvitationsTable } from "./invitation.tables.js";
import type { StoreRole } from "./roles.js";

export type InvitationRow = Selectable<ConsoleInvitationsTable>;

export interface StaffMember {
  userId: number;
  email: string;
  name: string;
  role: StoreRole;
  joinedAt: number;
}

export async function listStaff(db: Executor, storeId: number): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom("console_memberships as m")
    .innerJoin("console_users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "m.role", "m.created_at"])
    .where("m.store_id", "=", storeId)
    .orderBy("m.id")
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role as StoreRole,
    joinedAt: r.created_at,
  }));
}

export async function countOwners(db: Executor, storeId: number): Promise<number> {
  const row = await db
    .selectFrom("console_memberships")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("store_id", "=", storeId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateStaffRole(
  db: Executor,
  storeId: number,
  userId: number,
  role: StoreRole,
): Promise<void> {
  await db
    .updateTable("console_memberships")
    .set({ role })
    .where("store_id", "=", storeId)
    .where("user_id", "=", userId)
    .execute();
}

export async function deleteStaff(db: Executor, storeId: number, userId: number): Promise<void> {
  await db
    .deleteFrom("console_memberships")
    .where("store_id", "=", storeId)
    .where("user_id", "=", userId)
    .execute();
}

export async function insertInvitation(
  db: Executor,
  v: {
    storeId: number;
    email: string;
    role: StoreRole;
    tokenHash: string;
    invitedBy: number | null;
    now: number;
    expiresAt: number;
  },
): Promise<InvitationRow> {
  return db
    .insertInto("console_invitations")
    .values({
      store_id: v.storeId,
      email: v.email,
      role: v.role,
      token_hash: v.tokenHash,
      invited_by: v.invitedBy,
      created_at: v.now,
      expires_at: v.expiresAt,
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findInvitation(db: Executor, id: number): Promise<InvitationRow | undefined> {
  return db.selectFrom("console_invitations").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The store's invitations, newest first (at most `limit`). */
export async function listInvitations(
  db: Executor,
  storeId: number,
  limit: number,
): Promise<InvitationRow[]> {
  return db
    .selectFrom("console_invitations")
    .selectAll()
    .where("store_id", "=", storeId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function countPendingInvitations(db: Executor, storeId: number, now: number): Promise<number> {
  const row = await db
    .selectFrom("console_invitations")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("store_id", "=", storeId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes the pending invitations of a store matching `filter` (one id, or every one for an email). */
export async function revokeInvitations(
  db: Executor,
  storeId: number,
  filter: { id: number } | { email: string },
  now: number,
): Promise<void> {
  let q = db
    .updateTable("console_invitations")
    .set({ revoked_at: now })
    .where("store_id", "=", storeId)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null);
  q = "id" in filter ? q.where("id", "=", filter.id) : q.where("email", "=", filter.email);
  await q.execute();
}

/**
 * Marks the invitation used, if it still can be (compare-and-set): answers false when another acceptance,
 * a revocation or its expiry came first. Under PostgreSQL's READ COMMITTED a concurrent acceptance waits
 * for the winner's row lock, then matches nothing.
 */
export async function claimInvitation(
  db: Executor,
  id: number,
  userId: number,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable("console_invitations")
    .set({ accepted_at: now, accepted_by: userId })
    .where("id", "=", id)
    .where("accepted_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
