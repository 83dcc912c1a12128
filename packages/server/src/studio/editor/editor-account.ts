// Editors: people who take images from a contact's editor queue. Each has a key (shown once, stored hashed)
// and belongs to one contact (the tenant), whose images are the only ones it can see.
import { randomBytes } from "node:crypto";
import type { Selectable } from "kysely";
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { hashToken, isSameHash } from "../../store/tokens/api-token.js";
import type { StudioEditorsTable } from "./editor.tables.js";

export const EDITOR_KEY_PREFIX = "pxe_";
const NAME = /^[\p{L}\p{N} ._'@-]{1,100}$/u;

export interface Editor {
  id: number;
  contactId: number;
  name: string;
  createdAt: number;
  disabledAt: number | null;
}

function toEditor(row: Selectable<StudioEditorsTable>): Editor {
  return {
    id: row.id,
    contactId: row.contact_id,
    name: row.name,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

/** Creates an editor of `contactId` and returns its key (only here, never again). */
export async function createEditor(
  db: Executor,
  clock: Clock,
  contactId: number,
  name: string,
): Promise<{ editor: Editor; key: string }> {
  const n = name.trim();
  if (!NAME.test(n))
    throw new AppError("validation_failed", "An editor name is 1–100 letters, digits, spaces or . _ ' @ -");
  const taken = await db
    .selectFrom("studio_editors")
    .select("id")
    .where("contact_id", "=", contactId)
    .where("name", "=", n)
    .executeTakeFirst();
  if (taken) throw new AppError("conflict", `This contact already has an editor named ${n}`);
  const key = EDITOR_KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await db
    .insertInto("studio_editors")
    .values({
      contact_id: contactId,
      name: n,
      key_hash: hashToken(key),
      created_at: clock.now(),
      disabled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { editor: toEditor(row), key };
}

/** The editor a key names; `unauthorized` for an unknown, malformed or disabled key (one message for all). */
export async function authenticateEditor(db: Executor, key: string | undefined): Promise<Editor> {
  const refused = new AppError(
    "unauthorized",
    "A valid editor key is required (Authorization: Bearer pxe_…)",
  );
  const k = (key ?? "").trim();
  if (!k.startsWith(EDITOR_KEY_PREFIX) || k.length > 200) throw refused;
  const hashed = hashToken(k);
  const row = await db
    .selectFrom("studio_editors")
    .selectAll()
    .where("key_hash", "=", hashed)
    .executeTakeFirst();
  if (!row || !isSameHash(row.key_hash, hashed) || row.disabled_at !== null) throw refused;
  return toEditor(row);
}

/**
 * The editor a console session works as: the first enabled one of `editorIds` (the session's memberships
 * with the role editor). `forbidden` for an account that is no editor, or whose editors are all disabled.
 */
export async function authenticateSessionEditor(db: Executor, editorIds: readonly number[]): Promise<Editor> {
  if (editorIds.length === 0)
    throw new AppError(
      "forbidden",
      "This account is not an editor: sign in with an account that has the role editor, or send an editor key.",
    );
  const rows = await db
    .selectFrom("studio_editors")
    .selectAll()
    .where("id", "in", [...editorIds])
    .orderBy("id")
    .execute();
  const row = rows.find((r) => r.disabled_at === null);
  if (!row) throw new AppError("forbidden", "Your editor access has been disabled.");
  return toEditor(row);
}

export async function listEditors(db: Executor, contactId: number): Promise<Editor[]> {
  const rows = await db
    .selectFrom("studio_editors")
    .selectAll()
    .where("contact_id", "=", contactId)
    .orderBy("id")
    .execute();
  return rows.map(toEditor);
}

/** Disables an editor by name (its key stops working); false when there is none. */
export async function disableEditor(
  db: Executor,
  clock: Clock,
  contactId: number,
  name: string,
): Promise<boolean> {
  const r = await db
    .updateTable("studio_editors")
    .set({ disabled_at: clock.now() })
    .where("contact_id", "=", contactId)
    .where("name", "=", name.trim())
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
