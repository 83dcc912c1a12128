// Reads and writes of studio templates, always scoped to their contact.
import type { Selectable } from "kysely";
import type { Executor } from "../../core/db/index.js";
import type { TemplateSpec } from "./template-spec.js";
import type { StudioTemplatesTable } from "./template.tables.js";

export interface Template {
  id: number;
  contactId: number;
  name: string;
  spec: TemplateSpec;
  isWhiteGlove: boolean;
  isCombinedImages: boolean;
  callbackUrl: string | null;
  comment: string;
  price: number;
  currency: string;
  isDeleted: boolean;
  createdAt: number;
  updatedAt: number;
}

export function toTemplate(row: Selectable<StudioTemplatesTable>): Template {
  return {
    id: row.id,
    contactId: row.contact_id,
    name: row.name,
    spec: JSON.parse(row.spec) as TemplateSpec,
    isWhiteGlove: row.is_white_glove === 1,
    isCombinedImages: row.is_combined_images === 1,
    callbackUrl: row.callback_url,
    comment: row.comment,
    price: row.price,
    currency: row.currency,
    isDeleted: row.is_deleted === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type NewTemplate = Omit<Template, "id" | "isDeleted" | "createdAt" | "updatedAt">;

export async function insertTemplate(db: Executor, t: NewTemplate, now: number): Promise<Template> {
  const row = await db
    .insertInto("studio_templates")
    .values({
      contact_id: t.contactId,
      name: t.name,
      spec: JSON.stringify(t.spec),
      is_white_glove: t.isWhiteGlove ? 1 : 0,
      is_combined_images: t.isCombinedImages ? 1 : 0,
      callback_url: t.callbackUrl,
      comment: t.comment,
      price: t.price,
      currency: t.currency,
      is_deleted: 0,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTemplate(row);
}

export async function findTemplate(
  db: Executor,
  contactId: number,
  id: number,
): Promise<Template | undefined> {
  const row = await db
    .selectFrom("studio_templates")
    .selectAll()
    .where("id", "=", id)
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  return row && toTemplate(row);
}

/** Oldest first. */
export async function listTemplates(db: Executor, contactId: number): Promise<Template[]> {
  const rows = await db
    .selectFrom("studio_templates")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("is_deleted", "=", 0)
    .orderBy("id")
    .execute();
  return rows.map(toTemplate);
}

/** The contact's first own template (not the White Glove one), the default of a POST Image without one. */
export async function findDefaultTemplate(db: Executor, contactId: number): Promise<Template | undefined> {
  const row = await db
    .selectFrom("studio_templates")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("is_deleted", "=", 0)
    .where("is_white_glove", "=", 0)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row && toTemplate(row);
}

export async function findWhiteGloveTemplate(db: Executor, contactId: number): Promise<Template | undefined> {
  const row = await db
    .selectFrom("studio_templates")
    .selectAll()
    .where("contact_id", "=", contactId)
    .where("is_white_glove", "=", 1)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row && toTemplate(row);
}
