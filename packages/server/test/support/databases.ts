// Test databases: a fresh SQLite file and a fresh PostgreSQL schema per call, so every suite runs on both.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { openPostgres, openSqlite, type Database, type Dialect } from "../../src/core/db/index.js";

/** Where the tests find PostgreSQL. Override with PIXL_TEST_DATABASE_URL. */
export const TEST_POSTGRES_URL =
  process.env["PIXL_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

const isCi = process.env["CI"] === "true";

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postgresProblem = await probePostgres();
if (postgresProblem !== undefined) {
  if (isCi) {
    throw new Error(
      `PostgreSQL is required under CI=true but ${TEST_POSTGRES_URL} is unreachable: ${postgresProblem}`,
    );
  }
  console.warn(
    `\n!! PostgreSQL at ${TEST_POSTGRES_URL} is unreachable (${postgresProblem}): PostgreSQL suites are SKIPPED.\n`,
  );
}

/** The engines to run a suite against: both, or SQLite only when PostgreSQL is absent outside CI. */
export const testDialects: Dialect[] = postgresProblem === undefined ? ["sqlite", "postgres"] : ["sqlite"];

export interface TestDatabase {
  database: Database;
  /** For child processes: a DATABASE_URL that reaches the same data. */
  url: string;
  /** Closes the handle and drops the data. */
  dispose(): Promise<void>;
}

/** A fresh, empty database of the given engine. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-db-"));
    const file = path.join(dir, "pixl.db");
    const database = openSqlite({ file });
    return {
      database,
      url: `sqlite:${file}`,
      dispose: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = withSearchPath(TEST_POSTGRES_URL, schema);
  const database = openPostgres({ url });
  return {
    database,
    url,
    dispose: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}
