// Queue benchmark: no-op jobs/s enqueue → complete with 1 and 2 worker processes vs a raw insert+update floor,
// and enqueue → start latency on an idle queue, on SQLite and PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { sql, type Generated, type Kysely } from "kysely";
import { systemClock } from "../packages/server/src/core/clock.js";
import { migrateToLatest, type Database, type Dialect } from "../packages/server/src/core/db/index.js";
import {
  createJobQueue,
  createTaskHandler,
  createWorker,
  defineTask,
  jobsMigration,
} from "../packages/server/src/core/jobs/index.js";
import { benchNoopTask, queueRunsMigration } from "../packages/server/test/fixtures/queue-tasks.js";
import { createTestDatabase, testDialects } from "../packages/server/test/support/databases.js";
import { percentile, round, type Bench, type BenchReport } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_SCRIPT = path.join(here, "..", "packages", "server", "test", "fixtures", "queue-worker.ts");
const JOBS = 20_000;
const BATCH = 100;
const LATENCY_SAMPLES = 300;

interface FloorTables {
  bench_floor: {
    id: Generated<number>;
    task: string;
    payload: string;
    run_at: number;
    attempts: number;
    locked_by: string | null;
  };
}

/** The honest floor: insert a batch of rows, then update the same rows, in a loop, one connection. */
async function measureFloor(database: Database): Promise<number> {
  const db = database.kysely as unknown as Kysely<FloorTables>;
  const t = database.types;
  await sql`drop table if exists bench_floor`.execute(db);
  await sql`create table bench_floor (id ${sql.raw(t.id)} primary key, task text not null, payload text not null,
    run_at ${sql.raw(t.bigint)} not null, attempts integer not null, locked_by text)`.execute(db);
  const started = performance.now();
  for (let done = 0; done < JOBS; done += BATCH) {
    const rows = Array.from({ length: BATCH }, () => ({
      task: "bench.noop",
      payload: "null",
      run_at: Date.now(),
      attempts: 0,
      locked_by: null,
    }));
    const ids = (await db.insertInto("bench_floor").values(rows).returning("id").execute()).map((r) => r.id);
    await db
      .updateTable("bench_floor")
      .set((eb) => ({ locked_by: "w", attempts: eb("attempts", "+", 1) }))
      .where("id", "in", ids)
      .execute();
  }
  return JOBS / ((performance.now() - started) / 1000);
}

async function spawnWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER_SCRIPT], {
    env: { ...process.env, DATABASE_URL: url, QUEUE_CONCURRENCY: String(BATCH), QUEUE_POLL_MS: "50" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench worker exited (code ${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on(
      "line",
      (l) => l === "ready" && resolve(),
    );
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** Enqueues JOBS no-op jobs in batches while `processes` workers run them; jobs/s until the table is empty. */
async function measureQueue(database: Database, url: string, processes: number): Promise<number> {
  const workers = await Promise.all(Array.from({ length: processes }, () => spawnWorker(url)));
  const queue = createJobQueue({ database, clock: systemClock });
  // processes = 0: one worker in the enqueuing process itself (how `pixl serve` runs by default).
  const local =
    processes === 0
      ? createWorker({
          database,
          clock: systemClock,
          queue,
          concurrency: BATCH,
          handlers: [createTaskHandler(benchNoopTask, () => undefined)],
        })
      : undefined;
  await local?.start();
  try {
    const started = performance.now();
    for (let done = 0; done < JOBS; done += BATCH) {
      await queue.batchEnqueue(
        database.kysely,
        benchNoopTask,
        Array.from({ length: BATCH }, () => ({ payload: null })),
      );
    }
    // Done when the table is empty (completed jobs are deleted). `limit 1` keeps the probe cheap.
    while ((await database.kysely.selectFrom("jobs").select("id").limit(1).execute()).length > 0) {
      await new Promise((r) => setTimeout(r, 2));
    }
    return JOBS / ((performance.now() - started) / 1000);
  } finally {
    await local?.stop();
    await Promise.all(workers.map(stopWorker));
  }
}

/** Enqueue → handler start, one job at a time on an idle queue, in-process worker (local wake). */
async function measureLatency(database: Database): Promise<{ samples: number[]; enqueueMs: number[] }> {
  const task = defineTask<{ at: number }>("bench.latency");
  const queue = createJobQueue({ database, clock: systemClock });
  const samples: number[] = [];
  const enqueueMs: number[] = [];
  let onStart: (() => void) | undefined;
  const worker = createWorker({
    database,
    clock: systemClock,
    queue,
    pollIntervalMs: 60_000,
    handlers: [
      createTaskHandler(task, (p) => {
        samples.push(performance.now() - p.at);
        onStart?.();
      }),
    ],
  });
  await worker.start();
  try {
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const startedJob = new Promise<void>((resolve) => (onStart = resolve));
      const at = performance.now();
      await queue.enqueue(database.kysely, task, { at });
      enqueueMs.push(performance.now() - at);
      await startedJob;
      await new Promise((r) => setTimeout(r, 3)); // let the worker go idle again
    }
  } finally {
    await worker.stop();
  }
  return { samples, enqueueMs };
}

async function runDialect(dialect: Dialect): Promise<BenchReport[]> {
  const t = await createTestDatabase(dialect);
  try {
    await migrateToLatest(t.database, [jobsMigration, queueRunsMigration]);
    const reports: BenchReport[] = [];
    for (const processes of [1, 2, 0]) {
      // The floor is measured right before each run: this machine is shared, so load drifts during a run.
      const floor = await measureFloor(t.database);
      const rate = await measureQueue(t.database, t.url, processes);
      const ratio = rate / floor;
      const targets = [{ description: "≥ 0.5 of the raw insert+update floor", met: ratio >= 0.5 }];
      if (dialect === "sqlite") targets.push({ description: "≥ 5,000 jobs/s on SQLite", met: rate >= 5_000 });
      reports.push({
        name: `queue.${dialect}.${processes === 0 ? "in-process" : `${processes}-worker${processes > 1 ? "s" : ""}`}`,
        metrics: {
          jobs: JOBS,
          batch: BATCH,
          jobs_per_s: Math.round(rate),
          floor_rows_per_s: Math.round(floor),
        },
        ratios: { vs_floor: round(ratio, 3) },
        targets,
        notes: [
          processes === 0
            ? `enqueue in batches of ${BATCH} while a worker in the same process (concurrency ${BATCH}) runs them`
            : `enqueue in batches of ${BATCH} from the bench process while worker processes (concurrency ${BATCH}) claim and complete`,
          "floor: insert a batch + update the same rows, one connection, same batch size",
        ],
      });
    }
    const { samples: latency, enqueueMs } = await measureLatency(t.database);
    const p50 = percentile(latency, 50);
    reports.push({
      name: `queue.${dialect}.latency`,
      metrics: {
        samples: latency.length,
        p50_ms: round(p50, 2),
        p99_ms: round(percentile(latency, 99), 2),
        max_ms: round(Math.max(...latency), 2),
        enqueue_commit_p50_ms: round(percentile(enqueueMs, 50), 2),
      },
      targets: [{ description: "enqueue → start p50 < 20 ms", met: p50 < 20 }],
      notes: [
        "idle in-process worker woken by the enqueue (polling set to 60 s so it cannot help)",
        "measured from the enqueue call, so it includes the enqueue's own commit (enqueue_commit_p50_ms)",
      ],
    });
    return reports;
  } finally {
    await t.dispose();
  }
}

export const bench: Bench = {
  id: "queue",
  description:
    "job queue throughput (1 and 2 worker processes) vs a raw floor, and idle enqueue → start latency",
  async run() {
    const reports: BenchReport[] = [];
    for (const dialect of testDialects) reports.push(...(await runDialect(dialect)));
    return reports;
  },
};
