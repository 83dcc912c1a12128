// Console users and memberships: creating them (CLI, demo start) with hashed passwords.
import type { Clock } from "../core/clock.js";
import { isUniqueViolation, type Executor } from "../core/db/index.js";
import { AppError } from "../core/errors/index.js";
import { findContactByEmail } from "../studio/contacts/contact.repository.js";
import { createEditor, listEditors } from "../studio/editor/editor-account.js";
import { findStoreBySubdomain } from "../store/stores/store.repository.js";
import {
  findUserByEmail,
  insertMembership,
  insertUser,
  listMemberships,
  type Membership,
  type User,
} from "./account.repository.js";
import { hashPassword, passwordProblem } from "./password.js";
import { isStoreRole, type Role } from "./roles.js";

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/**
 * Where a new membership points: a store by subdomain, or a studio contact by email (role customer signs
 * in for the contact; role editor works the contact's editor queue).
 */
export type MembershipTarget = { store: string } | { contact: string };

export interface CreateUserInput {
  email: string;
  name?: string;
  password: string;
}

function invalid(field: string, message: string): AppError {
  return new AppError("validation_failed", message, { errors: { [field]: [message] } });
}

/** True when `email` (normalised) looks like an email address. */
export function isEmail(email: string): boolean {
  return EMAIL.test(email);
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user; `validation_failed` for a bad email or password, or an email already taken. */
export async function createUser(db: Executor, clock: Clock, input: CreateUserInput): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) throw invalid("email", "The email must be a valid email address.");
  const problem = passwordProblem(input.password);
  if (problem !== undefined) throw invalid("password", problem);
  const name = (input.name ?? email.split("@")[0] ?? "").trim().slice(0, 100);
  try {
    return await insertUser(db, {
      email,
      name,
      passwordHash: await hashPassword(input.password),
      now: clock.now(),
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw invalid("email", `A user with the email ${email} already exists.`);
    throw e;
  }
}

/** Gives `userId` the role on the target; the role must suit the target (store roles on stores …). */
export async function addMembership(
  db: Executor,
  clock: Clock,
  userId: number,
  target: MembershipTarget,
  role: Role,
): Promise<Membership[]> {
  const now = clock.now();
  if ("store" in target) {
    if (!isStoreRole(role)) throw invalid("role", "A store member's role is owner, manager or support.");
    const store = await findStoreBySubdomain(db, target.store);
    if (!store) throw invalid("store", `No store with subdomain ${target.store}.`);
    const existing = await listMemberships(db, userId);
    if (existing.some((m) => m.kind === "store" && m.storeId === store.id))
      throw invalid("store", `The user is already a member of ${store.subdomain}.`);
    await insertMembership(db, { userId, storeId: store.id, contactId: null, role, now });
  } else {
    if (role !== "customer" && role !== "editor")
      throw invalid("role", "A studio contact's user has the role customer or editor.");
    const contact = await findContactByEmail(db, normalizeEmail(target.contact));
    if (!contact) throw invalid("contact", `No studio contact with the email ${target.contact}.`);
    const existing = await listMemberships(db, userId);
    if (existing.some((m) => m.kind !== "store" && m.contactId === contact.id && m.role === role))
      throw invalid("contact", `The user already is ${role} of ${contact.email}.`);
    if (role === "editor") {
      // The account works as a studio editor of the contact (history and claims name it); no key is shown.
      const user = await db
        .selectFrom("console_users")
        .select(["name", "email"])
        .where("id", "=", userId)
        .executeTakeFirstOrThrow();
      const names = await listEditors(db, contact.id);
      const name = names.some((e) => e.name === user.name) || user.name === "" ? user.email : user.name;
      const { editor } = await createEditor(db, clock, contact.id, name.slice(0, 100));
      await insertMembership(db, {
        userId,
        storeId: null,
        contactId: contact.id,
        role,
        now,
        editorId: editor.id,
      });
    } else await insertMembership(db, { userId, storeId: null, contactId: contact.id, role, now });
  }
  return listMemberships(db, userId);
}

/** The user with this email, or a new one with `password` when there is none (the CLI's create-or-add). */
export async function findOrCreateUser(
  db: Executor,
  clock: Clock,
  input: CreateUserInput,
): Promise<{ user: User; created: boolean }> {
  const found = await findUserByEmail(db, normalizeEmail(input.email));
  if (found)
    return {
      user: { id: found.id, email: found.email, name: found.name, createdAt: found.createdAt },
      created: false,
    };
  return { user: await createUser(db, clock, input), created: true };
}
