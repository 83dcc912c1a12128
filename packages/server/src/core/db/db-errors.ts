// Recognises engine errors features care about, identically on SQLite and PostgreSQL.

/** True when `e` is a unique-constraint violation (SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL 23505). */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** True when `e` means the database could not be reached at all (connection refused, reset, timeout). */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (
    typeof code === "string" &&
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "57P01", "57P03"].includes(code)
  ) {
    return true;
  }
  return (
    e instanceof Error && /timeout exceeded when trying to connect|Connection terminated/i.test(e.message)
  );
}
