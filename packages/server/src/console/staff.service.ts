// A store's staff: invitations (one-time links, stored hashed, expiring), accepting one, roles, removal.
import type { Kysely } from "kysely";
import type { Clock } from "../core/clock.js";
import { isUniqueViolation, type Executor, type Tables } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import { lockStoreRow } from "../store/stores/store.repository.js";
import { findUserByEmail, insertMembership, insertUser } from "./account.repository.js";
import { isEmail, normalizeEmail } from "./account.service.js";
import {
  createInvitationSecret,
  formatInvitationToken,
  hashInvitationSecret,
  isInvitationSecret,
  parseInvitationToken,
} from "./invitation-token.js";
import { hashPassword, passwordProblem } from "./password.js";
import { isStoreRole, type StoreRole } from "./roles.js";
import {
  claimInvitation,
  countOwners,
  countPendingInvitations,
  deleteStaff,
  findInvitation,
  insertInvitation,
  listInvitations,
  listStaff,
  revokeInvitations,
  updateStaffRole,
  type InvitationRow,
} from "./staff.repository.js";

/** How long an invitation link works. */
export const INVITATION_MS = 7 * 24 * 3600_000;
/** Pending invitations a store may have at once (a bound on rows an owner's script can create). */
export const MAX_PENDING_INVITATIONS = 100;
/** Invitations a list shows (newest first). */
const LISTED_INVITATIONS = 200;

export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

export interface Invitation {
  id: number;
  email: string;
  role: StoreRole;
  status: InvitationStatus;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
}

function invalid(field: string, message: string): AppError {
  return new AppError("validation_failed", message, { errors: { [field]: [message] } });
}

const GONE = "This invitation link has already been used, was revoked or has expired.";
const UNKNOWN = "This invitation link is not valid.";

function statusOf(row: InvitationRow, now: number): InvitationStatus {
  if (row.accepted_at !== null) return "accepted";
  if (row.revoked_at !== null) return "revoked";
  return row.expires_at <= now ? "expired" : "pending";
}

function toInvitation(row: InvitationRow, now: number): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role as StoreRole,
    status: statusOf(row, now),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
  };
}

export interface InviteInput {
  storeId: number;
  email: string;
  role: string;
  /** The owner inviting (null: the CLI). */
  invitedBy: number | null;
}

/**
 * Creates an invitation; the token is returned once (only its hash is kept). An earlier pending invitation
 * for the same email is revoked, so only the newest link works. Refuses members and bad roles or emails.
 */
export async function inviteStaff(
  db: Kysely<Tables>,
  clock: Clock,
  input: InviteInput,
): Promise<{ invitation: Invitation; token: string }> {
  const email = normalizeEmail(input.email);
  if (!isEmail(email)) throw invalid("email", "The email must be a valid email address.");
  if (!isStoreRole(input.role)) throw invalid("role", "The role must be owner, manager or support.");
  const role = input.role;
  const secret = createInvitationSecret();
  return db.transaction().execute(async (trx) => {
    await lockStoreRow(trx, input.storeId);
    const now = clock.now();
    if ((await listStaff(trx, input.storeId)).some((m) => m.email === email))
      throw invalid("email", `${email} is already a member of this store.`);
    await revokeInvitations(trx, input.storeId, { email }, now);
    if ((await countPendingInvitations(trx, input.storeId, now)) >= MAX_PENDING_INVITATIONS)
      throw invalid("email", `A store may have at most ${MAX_PENDING_INVITATIONS} pending invitations.`);
    const row = await insertInvitation(trx, {
      storeId: input.storeId,
      email,
      role,
      tokenHash: hashInvitationSecret(secret),
      invitedBy: input.invitedBy,
      now,
      expiresAt: now + INVITATION_MS,
    });
    return { invitation: toInvitation(row, now), token: formatInvitationToken(row.id, secret) };
  });
}

export async function getInvitations(db: Executor, clock: Clock, storeId: number): Promise<Invitation[]> {
  const now = clock.now();
  return (await listInvitations(db, storeId, LISTED_INVITATIONS)).map((r) => toInvitation(r, now));
}

/** Revokes a pending invitation of the store (again: unchanged); another store's id is not found. */
export async function revokeInvitation(
  db: Executor,
  clock: Clock,
  storeId: number,
  id: number,
): Promise<Invitation> {
  const row = await findInvitation(db, id);
  if (!row || row.store_id !== storeId) throw new AppError("not_found", "Invitation not found");
  await revokeInvitations(db, storeId, { id }, clock.now());
  const after = await findInvitation(db, id);
  if (!after) throw new AppError("not_found", "Invitation not found");
  return toInvitation(after, clock.now());
}

/**
 * The pending invitation a token names. Unknown or tampered tokens are `not_found` after the same
 * constant-time comparison; used, revoked and expired ones are `gone`.
 */
export async function getPendingInvitation(
  db: Executor,
  clock: Clock,
  token: string,
): Promise<InvitationRow> {
  const parsed = parseInvitationToken(token);
  const row = parsed === undefined ? undefined : await findInvitation(db, parsed.id);
  if (!isInvitationSecret(parsed?.secret ?? "", row?.token_hash) || !row)
    throw new AppError("not_found", UNKNOWN);
  if (statusOf(row, clock.now()) !== "pending") throw new AppError("gone", GONE);
  return row;
}

export interface InvitationPreview {
  storeName: string;
  subdomain: string;
  email: string;
  role: StoreRole;
  expiresAt: number;
  /** The email has an account already: accepting asks for its password instead of a new one. */
  accountExists: boolean;
}

export async function previewInvitation(
  db: Executor,
  clock: Clock,
  token: string,
): Promise<InvitationPreview> {
  const row = await getPendingInvitation(db, clock, token);
  const store = await db
    .selectFrom("stores")
    .select(["name", "subdomain"])
    .where("id", "=", row.store_id)
    .executeTakeFirstOrThrow();
  return {
    storeName: store.name,
    subdomain: store.subdomain,
    email: row.email,
    role: row.role as StoreRole,
    expiresAt: row.expires_at,
    accountExists: (await findUserByEmail(db, row.email)) !== undefined,
  };
}

/**
 * Uses an invitation for a new account: creates the user with `password` and the membership, and marks
 * the invitation used, in one transaction (a concurrent acceptance of the same token makes no second
 * account). An email that already has an account is `conflict`: that user accepts with
 * `joinWithExistingAccount` after proving their password (the session service's sign-in does).
 */
export async function acceptInvitationAsNewUser(
  db: Kysely<Tables>,
  clock: Clock,
  input: { token: string; password: string; name?: string | undefined },
): Promise<{ email: string }> {
  const pending = await getPendingInvitation(db, clock, input.token);
  const problem = passwordProblem(input.password);
  if (problem !== undefined) throw invalid("password", problem);
  if (await findUserByEmail(db, pending.email))
    throw new AppError("conflict", `${pending.email} already has an account: accept with its password.`);
  const passwordHash = await hashPassword(input.password);
  const name = (input.name ?? "").trim().slice(0, 100) || (pending.email.split("@")[0] ?? "");
  try {
    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const user = await insertUser(trx, { email: pending.email, name, passwordHash, now });
      if (!(await claimInvitation(trx, pending.id, user.id, now))) throw new AppError("gone", GONE);
      await insertMembership(trx, {
        userId: user.id,
        storeId: pending.store_id,
        contactId: null,
        role: pending.role as StoreRole,
        now,
      });
    });
  } catch (e) {
    // The other acceptance of a race created the user first (its claim then wins too).
    if (isUniqueViolation(e)) throw new AppError("gone", GONE);
    throw e;
  }
  return { email: pending.email };
}

/** Uses an invitation for the existing account `userId` (whose password the caller has checked). */
export async function joinWithExistingAccount(
  db: Kysely<Tables>,
  clock: Clock,
  token: string,
  userId: number,
): Promise<void> {
  const pending = await getPendingInvitation(db, clock, token);
  try {
    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      if (!(await claimInvitation(trx, pending.id, userId, now))) throw new AppError("gone", GONE);
      await insertMembership(trx, {
        userId,
        storeId: pending.store_id,
        contactId: null,
        role: pending.role as StoreRole,
        now,
      });
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", "You are already a member of this store.");
    throw e;
  }
}

export { listStaff };

async function assertMember(db: Executor, storeId: number, userId: number): Promise<StoreRole> {
  const member = (await listStaff(db, storeId)).find((m) => m.userId === userId);
  if (!member) throw new AppError("not_found", "Staff member not found");
  return member.role;
}

/**
 * Changes a member's role. The store row is locked first, so two owners demoting each other at once
 * cannot leave the store without an owner: the second sees one owner left and is refused.
 */
export async function changeStaffRole(
  db: Kysely<Tables>,
  storeId: number,
  userId: number,
  role: string,
): Promise<void> {
  if (!isStoreRole(role)) throw invalid("role", "The role must be owner, manager or support.");
  await db.transaction().execute(async (trx) => {
    await lockStoreRow(trx, storeId);
    const current = await assertMember(trx, storeId, userId);
    if (current === "owner" && role !== "owner" && (await countOwners(trx, storeId)) <= 1)
      throw invalid("role", "The store's last owner cannot be given another role.");
    await updateStaffRole(trx, storeId, userId, role);
  });
}

/** Removes a member from the store (their other memberships stay); never the last owner. */
export async function removeStaff(db: Kysely<Tables>, storeId: number, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockStoreRow(trx, storeId);
    const current = await assertMember(trx, storeId, userId);
    if (current === "owner" && (await countOwners(trx, storeId)) <= 1)
      throw invalid("user", "The store's last owner cannot be removed.");
    await deleteStaff(trx, storeId, userId);
  });
}
