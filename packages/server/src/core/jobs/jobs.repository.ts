// The `jobs` table: inserting, claiming under a lease, renewing, completing, failing and releasing jobs.
import { sql, type ExpressionBuilder, type Generated } from "kysely";
import type { Database, Executor, Tables } from "../db/index.js";

/**
 * One row per pending, running or failed job; completed jobs are deleted.
 * - pending: `locked_by` null, due at `run_at`.
 * - running: `locked_by` = the claim's lease token, `run_at` = the lease's expiry (a job whose worker died
 *   becomes due again when its lease runs out), `locked_at` = when it was claimed.
 * - failed for good: `attempts >= max_attempts`, `last_error` says why, `run_at` = when it failed.
 */
export interface JobsTable {
  id: Generated<number>;
  task: string;
  /** JSON text. */
  payload: string;
  key: string | null;
  run_at: number;
  attempts: Generated<number>;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_at: number | null;
  created_at: number;
}

declare module "../db/tables.js" {
  interface Tables {
    jobs: JobsTable;
  }
}

/** A job as stored. */
export interface JobRow {
  id: number;
  task: string;
  payload: string;
  key: string | null;
  run_at: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_at: number | null;
  created_at: number;
}

/** Identifies one claim of one job: completing, failing or renewing it only works while the token holds. */
export interface JobClaim {
  id: number;
  token: string;
}

export interface NewJob {
  task: string;
  payload: string;
  key: string | null;
  run_at: number;
  max_attempts: number;
  created_at: number;
}

/** What happens when a keyed job is enqueued while a job with that key is pending. */
export type KeyConflict = "replace" | "ignore";

/**
 * Inserts jobs in one statement (plus one to detach keys of running jobs when keys are given). A pending job
 * with the same key is replaced (payload, run_at, attempts reset) or kept as is; a running one keeps running
 * and loses its key, so the new job runs after it; a failed one is replaced either way.
 * Returns the id of each inserted or replaced job, in input order; undefined for an ignored one.
 */
export async function batchInsertJobs(
  executor: Executor,
  jobs: readonly NewJob[],
  onKeyConflict: KeyConflict,
): Promise<(number | undefined)[]> {
  if (jobs.length === 0) return [];
  const keys = jobs.flatMap((j) => (j.key === null ? [] : [j.key]));
  if (keys.length === 0) {
    const rows = await executor.insertInto("jobs").values(jobs).returning("id").execute();
    return rows.map((r) => r.id);
  }
  if (new Set(keys).size !== keys.length) throw new Error("batchInsertJobs: the same key twice in one batch");
  await executor
    .updateTable("jobs")
    .set({ key: null })
    .where("key", "in", keys)
    .where("locked_by", "is not", null)
    .where(sql<boolean>`attempts < max_attempts`)
    .execute();
  const rows = await executor
    .insertInto("jobs")
    .values(jobs)
    .onConflict((oc) => {
      // The conflict target names the partial index's predicate, as both engines require.
      const update = oc
        .column("key")
        .where("key", "is not", null)
        .doUpdateSet((eb) => ({
          task: eb.ref("excluded.task"),
          payload: eb.ref("excluded.payload"),
          run_at: eb.ref("excluded.run_at"),
          max_attempts: eb.ref("excluded.max_attempts"),
          attempts: 0,
          last_error: null,
          locked_by: null,
          locked_at: null,
        }));
      return onKeyConflict === "replace"
        ? update
        : update.where(sql<boolean>`jobs.attempts >= jobs.max_attempts`);
    })
    .returning(["id", "key"])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.id]));
  const unkeyed = rows.filter((r) => r.key === null).map((r) => r.id);
  let next = 0;
  return jobs.map((j) => (j.key === null ? unkeyed[next++] : byKey.get(j.key)));
}

export interface ClaimOptions {
  /** Only jobs of these tasks (the ones the worker has handlers for). */
  tasks: readonly string[];
  limit: number;
  now: number;
  /** The lease's expiry: the job becomes due again then unless renewed, completed or failed. */
  leaseUntil: number;
  token: string;
}

/**
 * Claims up to `limit` due jobs in one statement, oldest `run_at` first: increments `attempts` and takes a
 * lease. With SKIP LOCKED (PostgreSQL) concurrent claimers skip each other's rows; without it (SQLite) the
 * engine's single writer serialises claimers, and the same statement is just as safe.
 */
export async function batchClaimJobs(
  database: Database,
  options: ClaimOptions,
  executor: Executor = database.kysely,
): Promise<JobRow[]> {
  if (options.tasks.length === 0 || options.limit <= 0) return [];
  const tasks = sql.join(options.tasks.map((t) => sql.val(t)));
  const due = sql`select id from jobs
    where run_at <= ${options.now} and attempts < max_attempts and task in (${tasks})
    order by run_at, id limit ${options.limit}`;
  // The previous claimant never finished when a due job still carries a lease token: say so on the row.
  const set = sql`attempts = attempts + 1, locked_by = ${options.token}, locked_at = ${options.now},
    run_at = ${options.leaseUntil},
    last_error = case when locked_by is null then last_error
      else 'lease expired: worker ' || locked_by || ' did not finish the attempt' end`;
  const query = database.capabilities.skipLocked
    ? sql<JobRow>`with due as (${due} for update skip locked)
        update jobs set ${set} where id in (select id from due) returning *`
    : sql<JobRow>`update jobs set ${set} where id in (${due}) returning *`;
  const { rows } = await query.execute(executor);
  return rows;
}

/**
 * Marks failed the jobs whose final attempt was claimed by a worker that never finished it: their lease ran
 * out, no attempt remains, so no claim will ever pick them up again. Returns how many rows changed.
 */
export async function failAbandonedFinalAttempts(executor: Executor, now: number): Promise<number> {
  const rows = await executor
    .updateTable("jobs")
    .set({
      locked_by: null,
      locked_at: null,
      run_at: now,
      last_error: sql<string>`'lease expired: worker ' || locked_by || ' did not finish the final attempt'`,
    })
    .where("locked_by", "is not", null)
    .where(sql<boolean>`attempts >= max_attempts`)
    .where("run_at", "<=", now)
    .returning("id")
    .execute();
  return rows.length;
}

/** Deletes completed jobs still held by their claim. Returns the ids deleted; a missing id lost its lease. */
export async function batchCompleteJobs(
  executor: Executor,
  claims: readonly JobClaim[],
): Promise<Set<number>> {
  if (claims.length === 0) return new Set();
  const rows = await executor
    .deleteFrom("jobs")
    .where((eb) => heldBy(eb, claims))
    .returning("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Extends the leases of jobs still held by their claims. Returns the ids renewed. */
export async function batchRenewLeases(
  executor: Executor,
  claims: readonly JobClaim[],
  leaseUntil: number,
): Promise<Set<number>> {
  if (claims.length === 0) return new Set();
  const rows = await executor
    .updateTable("jobs")
    .set({ run_at: leaseUntil })
    .where((eb) => heldBy(eb, claims))
    .returning("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Gives jobs back without counting the attempt (shutdown): due at `now`, so another worker takes them at once.
 * Returns the ids released.
 */
export async function batchReleaseJobs(
  executor: Executor,
  claims: readonly JobClaim[],
  now: number,
): Promise<Set<number>> {
  if (claims.length === 0) return new Set();
  const rows = await executor
    .updateTable("jobs")
    .set((eb) => ({ run_at: now, locked_by: null, locked_at: null, attempts: eb("attempts", "-", 1) }))
    .where((eb) => heldBy(eb, claims))
    .returning("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

export interface FailJobOptions {
  error: string;
  /** When the next attempt is due; ignored when `final`. */
  runAt: number;
  now: number;
  /** No further attempt: `max_attempts` is lowered to `attempts` when attempts remain. */
  final: boolean;
}

/** Records a failed attempt on the row. Returns false when the claim had lost its lease. */
export async function failJob(
  executor: Executor,
  claim: JobClaim,
  options: FailJobOptions,
): Promise<boolean> {
  const result = await executor
    .updateTable("jobs")
    .set((eb) => ({
      last_error: options.error,
      run_at: options.final ? options.now : options.runAt,
      locked_by: null,
      locked_at: null,
      // A claimed job has attempts <= max_attempts, so this only ever lowers max_attempts.
      ...(options.final ? { max_attempts: eb.ref("attempts") } : {}),
    }))
    .where("id", "=", claim.id)
    .where("locked_by", "=", claim.token)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The job, or undefined when it does not exist (never enqueued, or completed and deleted). */
export async function findJob(executor: Executor, id: number): Promise<JobRow | undefined> {
  return executor.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
}

function heldBy(eb: ExpressionBuilder<Tables, "jobs">, claims: readonly JobClaim[]) {
  const byToken = new Map<string, number[]>();
  for (const c of claims) {
    const ids = byToken.get(c.token);
    if (ids) ids.push(c.id);
    else byToken.set(c.token, [c.id]);
  }
  return eb.or(
    [...byToken].map(([token, ids]) => eb.and([eb("locked_by", "=", token), eb("id", "in", ids)])),
  );
}
