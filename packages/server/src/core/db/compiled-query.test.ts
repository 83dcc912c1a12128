// compileOnce on both engines: the SQL is built once, every call runs with its own values.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, testDialects, type TestDatabase } from "../../../test/support/databases.js";
import { compileOnce } from "./compiled-query.js";
import type { Kysely } from "kysely";

interface Probe {
  probe: { id: number; name: string; n: number };
}

describe.each(testDialects)("compileOnce on %s", (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
    const db = t.database.kysely as unknown as Kysely<Probe>;
    await sql`create table probe (id integer primary key, name text not null, n integer not null)`.execute(
      db,
    );
    await db
      .insertInto("probe")
      .values([
        { id: 1, name: "a", n: 10 },
        { id: 2, name: "b", n: 20 },
        { id: 3, name: "b", n: 30 },
      ])
      .execute();
  });
  afterEach(async () => {
    await t.dispose();
  });

  it("runs the compiled SQL with each call's values, constants kept, inside transactions too", async () => {
    let builds = 0;
    const find = compileOnce((db, p: { name: string; min: number }) => {
      builds++;
      return (db as unknown as Kysely<Probe>)
        .selectFrom("probe")
        .select(["id", "n"])
        .where("name", "=", p.name)
        .where("n", ">=", p.min)
        .where("id", "<", 100) // a constant of the query itself
        .orderBy("id");
    });
    const db = t.database.kysely;
    expect(await find(db, { name: "b", min: 0 })).toEqual([
      { id: 2, n: 20 },
      { id: 3, n: 30 },
    ]);
    expect(await find(db, { name: "b", min: 25 })).toEqual([{ id: 3, n: 30 }]);
    expect(await find(db, { name: "a", min: 0 })).toEqual([{ id: 1, n: 10 }]);
    await db.transaction().execute(async (trx) => {
      expect(await find(trx, { min: 30, name: "b" })).toEqual([{ id: 3, n: 30 }]);
    });
    expect(builds).toBe(1);
  });
});
