// The Database port's contract, run against every engine: what features rely on behaves the same.
import pg from "pg";
import { sql, type Generated, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  isUniqueViolation,
  migrateToLatest,
  type Executor,
  type MigrationDefinition,
} from "../src/core/db/index.js";
import {
  createTestDatabase,
  TEST_POSTGRES_URL,
  testDialects,
  type TestDatabase,
} from "./support/databases.js";

interface ItemsTable {
  id: Generated<number>;
  name: string;
  at_ms: number;
  doc: string;
}
interface ContractTables {
  contract_items: ItemsTable;
}

const contractMigration: MigrationDefinition = {
  name: "0001_contract_items",
  async up({ db, types }) {
    await db.schema
      .createTable("contract_items")
      .addColumn("id", types.id, types.asId)
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("at_ms", types.bigint, (c) => c.notNull())
      .addColumn("doc", types.json, (c) => c.notNull())
      .execute();
  },
};

describe.each(testDialects)("database contract on %s", (dialect) => {
  let t: TestDatabase;
  // The contract suite has its own table, outside Pixl's schema types.
  const db = () => t.database.kysely as unknown as Kysely<ContractTables>;
  const asExecutor = (trx: Kysely<ContractTables>) => trx as unknown as Executor;

  beforeAll(async () => {
    t = await createTestDatabase(dialect);
    await migrateToLatest(t.database, [contractMigration]);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("applies migrations once; a second run applies nothing", async () => {
    const again = await migrateToLatest(t.database, [contractMigration]);
    expect(again.applied).toEqual([]);
  });

  it("applies a migration numbered below one already applied (each feature owns a number range)", async () => {
    const later: MigrationDefinition = {
      name: "0300_contract_later",
      up: ({ db }) => db.schema.createTable("contract_later").addColumn("x", "integer").execute(),
    };
    const earlier: MigrationDefinition = {
      name: "0250_contract_earlier",
      up: ({ db }) => db.schema.createTable("contract_earlier").addColumn("x", "integer").execute(),
    };
    expect((await migrateToLatest(t.database, [contractMigration, later])).applied).toEqual([later.name]);
    const report = await migrateToLatest(t.database, [contractMigration, earlier, later]);
    expect(report.applied).toEqual([earlier.name]);
  });

  it("round-trips epoch-millisecond bigints and ids as numbers, JSON and unicode as text", async () => {
    const at = Date.UTC(2026, 10, 21, 12, 0, 0, 123);
    const doc = JSON.stringify({ emoji: "🧪", nested: { ok: true } });
    const row = await db()
      .insertInto("contract_items")
      .values({ name: "żółw ✓", at_ms: at, doc })
      .returning(["id", "at_ms", "doc", "name"])
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe("number");
    expect(row.at_ms).toBe(at);
    expect(row.name).toBe("żółw ✓");
    expect(JSON.parse(row.doc)).toEqual({ emoji: "🧪", nested: { ok: true } });
  });

  it("commits or rolls back a transaction as a whole", async () => {
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("contract_items").values({ name: "kept", at_ms: 1, doc: "{}" }).execute();
      });
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto("contract_items")
            .values({ name: "rolled-back", at_ms: 1, doc: "{}" })
            .execute();
          throw new Error("boom");
        }),
    ).rejects.toThrow("boom");
    const names = (await db().selectFrom("contract_items").select("name").execute()).map((r) => r.name);
    expect(names).toContain("kept");
    expect(names).not.toContain("rolled-back");
  });

  it("recognises unique violations the same way on every engine", async () => {
    await db().insertInto("contract_items").values({ name: "dup", at_ms: 1, doc: "{}" }).execute();
    const e: unknown = await db()
      .insertInto("contract_items")
      .values({ name: "dup", at_ms: 2, doc: "{}" })
      .execute()
      .catch((err: unknown) => err);
    expect(isUniqueViolation(e)).toBe(true);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
  });

  it("keeps every row of many concurrent transactions", async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db()
          .transaction()
          .execute(async (trx) => {
            await trx
              .insertInto("contract_items")
              .values({ name: `c${i}`, at_ms: i, doc: "{}" })
              .execute();
            await trx
              .updateTable("contract_items")
              .set({ at_ms: sql<number>`at_ms + 1000` })
              .where("name", "=", `c${i}`)
              .execute();
          }),
      ),
    );
    const rows = await db()
      .selectFrom("contract_items")
      .select(["name", "at_ms"])
      .where("name", "like", "c%")
      .execute();
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.at_ms >= 1000)).toBe(true);
  });

  it("delivers notifications only for committed transactions (where the engine has them)", async () => {
    const { database } = t;
    const received: string[] = [];
    const unlisten = await database.listen("pixl_contract", (p) => received.push(p));
    await db()
      .transaction()
      .execute(async (trx) => {
        await database.notify(asExecutor(trx), "pixl_contract", "committed");
      });
    await db()
      .transaction()
      .execute(async (trx) => {
        await database.notify(asExecutor(trx), "pixl_contract", "rolled-back");
        throw new Error("rollback");
      })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await unlisten();
    expect(received).toEqual(database.capabilities.notifications ? ["committed"] : []);
  });

  it("answers ping", async () => {
    await expect(t.database.ping()).resolves.toBeUndefined();
  });
});

describe.skipIf(!testDialects.includes("postgres"))("PostgreSQL notifications", () => {
  it("listens again after the LISTEN connection is killed", async () => {
    const t = await createTestDatabase("postgres");
    try {
      const channel = `pixl_relisten_${String(process.pid)}_${String(Date.now())}`;
      const received: string[] = [];
      const unlisten = await t.database.listen(channel, (p) => received.push(p));
      const notify = (payload: string) =>
        t.database.kysely.transaction().execute((trx) => t.database.notify(trx, channel, payload));
      await notify("before");
      await waitFor(() => received.includes("before"));

      const killed = await sql<{ killed: boolean }>`
        select pg_terminate_backend(pid) as killed from pg_stat_activity
        where query = ${`LISTEN "${channel}"`} and pid <> pg_backend_pid()`.execute(t.database.kysely);
      expect(killed.rows.map((r) => r.killed)).toEqual([true]);

      // Notifications sent while the listener reconnects are lost (pollers cover them); later ones arrive.
      await waitFor(async () => {
        await notify("after");
        return received.includes("after");
      });
      await unlisten();
    } finally {
      await t.dispose();
    }
  });
});

describe.skipIf(!testDialects.includes("postgres"))("PostgreSQL migrations beside other schemas", () => {
  it("migrate while another client creates and drops schemas full of tables", async () => {
    // Kysely's migrator reads every schema's tables first; test workers (and tenants sharing a database)
    // drop theirs at any moment, which once failed a migration with "relation … does not exist".
    const churn = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const name = `churn_${String(process.pid)}_${String(i)}`;
        const tables = Array.from(
          { length: 40 },
          (_, k) => `create table ${name}.t${String(k)} (id int, v text);`,
        );
        await churn.query(`create schema ${name}; ${tables.join(" ")}`);
        // A drop that takes a while to commit, like a test schema full of Pixl's tables.
        await churn.query(`begin; drop schema ${name} cascade; select pg_sleep(0.05); commit`);
      }
    })();
    try {
      for (let round = 0; round < 20; round++) {
        const t = await createTestDatabase("postgres");
        try {
          const report = await migrateToLatest(t.database, [contractMigration]);
          expect(report.applied).toEqual(["0001_contract_items"]);
        } finally {
          await t.dispose();
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
