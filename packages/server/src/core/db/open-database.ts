// Chooses the engine from the configured URL: absent = SQLite file in the data dir, postgres:// = PostgreSQL.
import path from "node:path";
import type { Database } from "./database.js";
import { openPostgres } from "./postgres.adapter.js";
import { openSqlite } from "./sqlite.adapter.js";

export interface OpenDatabaseOptions {
  /** `postgres://…`, `sqlite:<file>`, or undefined for `<dataDir>/pixl.db`. */
  url: string | undefined;
  dataDir: string;
  maxConnections?: number;
}

export function openDatabase(options: OpenDatabaseOptions): Database {
  const { url } = options;
  if (url === undefined || url === "") return openSqlite({ file: path.join(options.dataDir, "pixl.db") });
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return openPostgres(
      options.maxConnections === undefined ? { url } : { url, maxConnections: options.maxConnections },
    );
  }
  if (url.startsWith("sqlite:")) return openSqlite({ file: url.slice("sqlite:".length) });
  throw new Error(`unsupported database url ${url}`);
}
