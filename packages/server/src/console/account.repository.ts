// Reads and writes of the console's users, memberships and sessions.
import type { Executor } from "../core/db/index.js";
import type { Role } from "./roles.js";

export interface User {
  id: number;
  email: string;
  name: string;
  createdAt: number;
}

/** What a user acts for. Store memberships carry the store's subdomain and name for the console's menus. */
export type Membership =
  | { kind: "store"; storeId: number; subdomain: string; storeName: string; currency: string; role: Role }
  | { kind: "contact"; contactId: number; contactEmail: string; role: Role }
  | { kind: "editor"; contactId: number; contactEmail: string; editorId: number; role: Role };

export interface SessionRow {
  id: number;
  userId: number;
  expiresAt: number;
  lastSeenAt: number;
}

export async function insertUser(
  db: Executor,
  v: { email: string; name: string; passwordHash: string; now: number },
): Promise<User> {
  const row = await db
    .insertInto("console_users")
    .values({
      email: v.email,
      name: v.name,
      password_hash: v.passwordHash,
      created_at: v.now,
      updated_at: v.now,
    })
    .returning(["id", "email", "name", "created_at"])
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at };
}

export async function findUserByEmail(
  db: Executor,
  email: string,
): Promise<(User & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom("console_users").selectAll().where("email", "=", email).executeTakeFirst();
  return (
    row && {
      id: row.id,
      email: row.email,
      name: row.name,
      createdAt: row.created_at,
      passwordHash: row.password_hash,
    }
  );
}

export async function updatePasswordHash(
  db: Executor,
  userId: number,
  hash: string,
  now: number,
): Promise<void> {
  await db
    .updateTable("console_users")
    .set({ password_hash: hash, updated_at: now })
    .where("id", "=", userId)
    .execute();
}

export async function insertMembership(
  db: Executor,
  v: {
    userId: number;
    storeId: number | null;
    contactId: number | null;
    role: Role;
    now: number;
    editorId?: number;
  },
): Promise<void> {
  await db
    .insertInto("console_memberships")
    .values({
      user_id: v.userId,
      store_id: v.storeId,
      contact_id: v.contactId,
      role: v.role,
      created_at: v.now,
      editor_id: v.editorId ?? null,
    })
    .execute();
}

export async function listMemberships(db: Executor, userId: number): Promise<Membership[]> {
  const rows = await db
    .selectFrom("console_memberships as m")
    .leftJoin("stores as s", "s.id", "m.store_id")
    .leftJoin("studio_contacts as c", "c.id", "m.contact_id")
    .select([
      "m.store_id",
      "m.contact_id",
      "m.role",
      "m.editor_id",
      "s.subdomain",
      "s.name as store_name",
      "s.currency",
      "c.email as contact_email",
    ])
    .where("m.user_id", "=", userId)
    .orderBy("m.id")
    .execute();
  // Rows of neither a store nor a contact (an editor membership made before editors had a contact) act
  // for nothing.
  return rows.flatMap((r): Membership[] => {
    const role = r.role as Role;
    if (r.store_id !== null)
      return [
        {
          kind: "store",
          storeId: r.store_id,
          subdomain: r.subdomain ?? "",
          storeName: r.store_name ?? "",
          currency: r.currency ?? "USD",
          role,
        },
      ];
    if (r.contact_id === null) return [];
    if (r.role === "editor")
      return r.editor_id === null
        ? []
        : [
            {
              kind: "editor",
              contactId: r.contact_id,
              contactEmail: r.contact_email ?? "",
              editorId: r.editor_id,
              role,
            },
          ];
    return [{ kind: "contact", contactId: r.contact_id, contactEmail: r.contact_email ?? "", role }];
  });
}

export async function insertSession(
  db: Executor,
  v: { userId: number; tokenHash: string; now: number; expiresAt: number; ip: string; userAgent: string },
): Promise<void> {
  await db
    .insertInto("console_sessions")
    .values({
      user_id: v.userId,
      token_hash: v.tokenHash,
      created_at: v.now,
      last_seen_at: v.now,
      expires_at: v.expiresAt,
      ip: v.ip,
      user_agent: v.userAgent,
    })
    .execute();
}

export async function findSessionByHash(
  db: Executor,
  tokenHash: string,
): Promise<(SessionRow & { user: User }) | undefined> {
  const row = await db
    .selectFrom("console_sessions as s")
    .innerJoin("console_users as u", "u.id", "s.user_id")
    .select(["s.id", "s.user_id", "s.expires_at", "s.last_seen_at", "u.email", "u.name", "u.created_at"])
    .where("s.token_hash", "=", tokenHash)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      user: { id: row.user_id, email: row.email, name: row.name, createdAt: row.created_at },
    }
  );
}

export async function touchSession(db: Executor, id: number, now: number): Promise<void> {
  await db.updateTable("console_sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
}

export async function deleteSessionByHash(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom("console_sessions").where("token_hash", "=", tokenHash).execute();
}

/** Ends every session of the user; answers how many there were. */
export async function deleteUserSessions(db: Executor, userId: number): Promise<number> {
  const r = await db.deleteFrom("console_sessions").where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes sessions past their end or unused since `idleBefore`. */
export async function deleteExpiredSessions(db: Executor, now: number, idleBefore: number): Promise<void> {
  await db
    .deleteFrom("console_sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", now), eb("last_seen_at", "<=", idleBefore)]))
    .execute();
}
