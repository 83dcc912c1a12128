// Categories: list, get, create, update, delete (products of a deleted category become uncategorised).
import type { Clock } from "../../core/clock.js";
import { isUniqueViolation, type Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { invalidField } from "../shared/validation.js";
import {
  deleteCategoryRow,
  findCategory,
  insertCategory,
  isCategorySlugTaken,
  updateCategoryRow,
  type Category,
} from "./category.repository.js";
import type { CreateCategoryBody, UpdateCategoryBody } from "./category.schema.js";
import { slugify, uniqueSlug } from "./slug.js";

export async function getCategory(db: Executor, storeId: number, id: number): Promise<Category> {
  const c = await findCategory(db, storeId, id);
  if (!c) throw new AppError("not_found", "Category not found");
  return c;
}

async function assertSlugFree(db: Executor, storeId: number, slug: string, exceptId?: number) {
  if (await isCategorySlugTaken(db, storeId, slug, exceptId)) {
    throw invalidField("slug", "The slug has already been taken.");
  }
}

function rethrowSlugRace(e: unknown): never {
  if (isUniqueViolation(e)) throw invalidField("slug", "The slug has already been taken.");
  throw e;
}

export async function createCategory(
  db: Executor,
  storeId: number,
  body: CreateCategoryBody,
  clock: Clock,
): Promise<Category> {
  let slug = body.slug;
  if (slug === undefined)
    slug = await uniqueSlug(slugify(body.name), (s) => isCategorySlugTaken(db, storeId, s));
  else await assertSlugFree(db, storeId, slug);
  const now = clock.now();
  return insertCategory(db, {
    store_id: storeId,
    name: body.name,
    slug,
    description: body.description ?? null,
    image_url: null,
    created_at: now,
    updated_at: now,
  }).catch(rethrowSlugRace);
}

export async function updateCategory(
  db: Executor,
  storeId: number,
  id: number,
  body: UpdateCategoryBody,
  clock: Clock,
): Promise<Category> {
  await getCategory(db, storeId, id);
  if (body.slug !== undefined) await assertSlugFree(db, storeId, body.slug, id);
  const updated = await updateCategoryRow(db, storeId, id, {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.slug === undefined ? {} : { slug: body.slug }),
    ...(body.description === undefined ? {} : { description: body.description }),
    updated_at: clock.now(),
  }).catch(rethrowSlugRace);
  if (!updated) throw new AppError("not_found", "Category not found");
  return updated;
}

export async function deleteCategory(db: Executor, storeId: number, id: number): Promise<void> {
  if (!(await deleteCategoryRow(db, storeId, id))) throw new AppError("not_found", "Category not found");
}
