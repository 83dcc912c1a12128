import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors/index.js";
import { openSqlite, PIXL_APPLICATION_ID } from "./sqlite.adapter.js";

const tempFile = (name: string) => path.join(mkdtempSync(path.join(tmpdir(), "pixl-sqlite-")), name);

function refusal(file: string): Error {
  try {
    openSqlite({ file });
  } catch (e) {
    expect(isAppError(e, "database_foreign")).toBe(true);
    return e as Error;
  }
  throw new Error("expected the file to be refused");
}

describe("openSqlite", () => {
  it("creates a new database in WAL mode, stamped as Pixl's", async () => {
    const file = tempFile("new.db");
    const db = openSqlite({ file });
    await db.ping();
    await db.close();
    const raw = new SqliteDatabase(file);
    expect(raw.pragma("application_id", { simple: true })).toBe(PIXL_APPLICATION_ID);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
    // Reopening our own file works.
    const again = openSqlite({ file });
    await again.ping();
    await again.close();
  });

  it("refuses a file that is not a database, naming it", () => {
    const file = tempFile("notes.db");
    writeFileSync(file, "these are my notes, not a database\n".repeat(100));
    expect(refusal(file).message).toMatch(/notes\.db is not a SQLite database/);
  });

  it("refuses a corrupt database whose header is intact", () => {
    const file = tempFile("corrupt.db");
    const header = Buffer.from("SQLite format 3\0", "latin1");
    writeFileSync(file, Buffer.concat([header, Buffer.alloc(8192, 0xab)]));
    expect(refusal(file).message).toMatch(/corrupt\.db is corrupt or not a SQLite database/);
  });

  it("refuses another application's SQLite database instead of writing into it", () => {
    const file = tempFile("other-app.db");
    const raw = new SqliteDatabase(file);
    raw.exec("create table invoices (id integer primary key, total integer)");
    raw.close();
    const message = refusal(file).message;
    expect(message).toContain("Pixl did not create");
    expect(message).toContain("invoices");
    // Nothing was written: the other application's id is still unset.
    const check = new SqliteDatabase(file);
    expect(check.pragma("application_id", { simple: true })).toBe(0);
    check.close();
  });

  it("moves its data version on every committed change, its own or another process's, and never on reads", async () => {
    const file = tempFile("version.db");
    const db = openSqlite({ file });
    await sql`create table t (v integer)`.execute(db.kysely);
    const other = new SqliteDatabase(file); // another process's connection
    const v0 = db.dataVersion();
    await sql`select count(*) from t`.execute(db.kysely);
    other.prepare("select count(*) from t").get();
    expect(db.dataVersion()).toBe(v0);

    other.prepare("insert into t (v) values (1)").run();
    const v1 = db.dataVersion();
    expect(v1).not.toBe(v0);

    await sql`insert into t (v) values (2) returning v`.execute(db.kysely); // a write that returns rows
    const v2 = db.dataVersion();
    expect(v2).not.toBe(v1);
    await db.kysely.transaction().execute(async (trx) => {
      await sql`update t set v = v + 1`.execute(trx);
    });
    expect(db.dataVersion()).not.toBe(v2);
    other.close();
    await db.close();
  });
});
