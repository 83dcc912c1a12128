// Group commit: writes submitted together share a transaction, and one failing write does not sink the rest.
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransactionBatcher, migrateToLatest, type MigrationDefinition } from "../src/core/db/index.js";
import { createTestDatabase, testDialects, type TestDatabase } from "./support/databases.js";

interface T {
  batch_items: { name: string };
}
const migration: MigrationDefinition = {
  name: "0001_batch_items",
  async up({ db }) {
    await db.schema
      .createTable("batch_items")
      .addColumn("name", "text", (c) => c.primaryKey())
      .execute();
  },
};

describe.each(testDialects)("transaction batcher on %s", (dialect) => {
  let t: TestDatabase;
  const db = () => t.database.kysely as unknown as Kysely<T>;
  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await migrateToLatest(t.database, [migration]);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("commits writes submitted in the same turn together and resolves each with its own result", async () => {
    const batcher = createTransactionBatcher(t.database.kysely);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        batcher.run(async (trx) => {
          await (trx as unknown as Kysely<T>)
            .insertInto("batch_items")
            .values({ name: `ok-${i}` })
            .execute();
          return i * 2;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i * 2));
    const rows = await db().selectFrom("batch_items").selectAll().where("name", "like", "ok-%").execute();
    expect(rows).toHaveLength(50);
  });

  it("isolates a failing write: its neighbours still commit, it alone rejects", async () => {
    const batcher = createTransactionBatcher(t.database.kysely);
    const insert = (name: string) =>
      batcher.run(async (trx) => {
        await (trx as unknown as Kysely<T>).insertInto("batch_items").values({ name }).execute();
      });
    const outcomes = await Promise.allSettled([insert("n-1"), insert("ok-0"), insert("n-2")]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const names = (
      await db().selectFrom("batch_items").select("name").where("name", "like", "n-%").execute()
    ).map((r) => r.name);
    expect(names.sort()).toEqual(["n-1", "n-2"]);
  });
});
