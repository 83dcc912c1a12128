// Hot-path queries compiled once. Kysely builds and compiles a query on every call, which costs several
// times what SQLite takes to run a point lookup; these keep the SQL and swap only the parameter values.
import { CompiledQuery, type Compilable, type Kysely } from "kysely";
import type { Executor } from "./database.js";
import type { Tables } from "./tables.js";

const MARK = "\u0000pixl-param:";

interface Compiled {
  sql: string;
  /** Per parameter position: the name of the caller's parameter, or a constant from the query itself. */
  slots: ({ param: string } | { value: unknown })[];
}

/**
 * Wraps a query whose shape never changes. `build` gets stand-ins for the parameters (and the executor to
 * build on) and is compiled once per dialect; each call runs that SQL with the values of `params`. Use each
 * stand-in only as a plain value (`where("id", "=", p.id)`, `values({…})`), never in an `in` list, a
 * `sql` fragment's text or a computation in JavaScript: it is a marker, not the value.
 */
export function compileOnce<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Tables>, p: P) => Compilable<R>,
): (db: Executor, params: P) => Promise<R[]> {
  // Keyed by the dialect adapter: one per database handle, shared by its transactions.
  const cache = new WeakMap<object, Compiled>();
  return async (db, params) => {
    const adapter = db.getExecutor().adapter;
    let compiled = cache.get(adapter);
    if (compiled === undefined) {
      const stand = Object.fromEntries(Object.keys(params).map((k) => [k, `${MARK}${k}`])) as P;
      const query = build(db, stand).compile();
      compiled = {
        sql: query.sql,
        slots: query.parameters.map((v) =>
          typeof v === "string" && v.startsWith(MARK) ? { param: v.slice(MARK.length) } : { value: v },
        ),
      };
      cache.set(adapter, compiled);
    }
    const values = compiled.slots.map((s) => ("param" in s ? params[s.param] : s.value));
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values));
    return result.rows;
  };
}
