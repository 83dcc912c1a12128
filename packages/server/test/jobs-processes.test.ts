// The queue across real worker processes: exactly-once completion under load, kill -9 recovery, SIGTERM release.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { migrateToLatest, type Dialect } from "../src/core/db/index.js";
import { jobsMigration } from "../src/core/jobs/index.js";
import { createJobsFixture, type JobsFixture } from "./fixtures/queue-support.js";
import { queueRunsMigration, recordTask, type QueueRunsTables } from "./fixtures/queue-tasks.js";
import { testDialects } from "./support/databases.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_SCRIPT = path.join(here, "fixtures", "queue-worker.ts");

interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with every stdout line once the process has exited. */
  exited: Promise<string[]>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

async function spawnWorker(url: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER_SCRIPT], {
    env: { ...process.env, DATABASE_URL: url, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: string[] = [];
  const exited = new Promise<string[]>((resolve) => child.once("exit", () => resolve(lines)));
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker exited early (code ${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      lines.push(line);
      if (line === "ready") resolve();
    });
  });
  return { child, pid: child.pid ?? -1, exited };
}

async function setUp(dialect: Dialect): Promise<{ f: JobsFixture; runs: Kysely<QueueRunsTables> }> {
  const f = await createJobsFixture(dialect);
  await migrateToLatest(f.database, [jobsMigration, queueRunsMigration]);
  return { f, runs: f.database.kysely as unknown as Kysely<QueueRunsTables> };
}

async function countJobs(f: JobsFixture): Promise<number> {
  const row = await f.database.kysely
    .selectFrom("jobs")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.runIf(testDialects.includes("postgres"))("job queue across processes on postgres", () => {
  it("completes 10,000 jobs across 4 worker processes, each exactly once", { timeout: 90_000 }, async () => {
    const { f, runs } = await setUp("postgres");
    try {
      const env = { QUEUE_CONCURRENCY: "25", QUEUE_LEASE_MS: "30000" };
      const workers = await Promise.all([1, 2, 3, 4].map(() => spawnWorker(f.url, env)));
      await f.database.kysely.transaction().execute(async (trx) => {
        for (let b = 0; b < 10; b++) {
          const specs = Array.from({ length: 1_000 }, (_, i) => ({
            payload: { n: b * 1_000 + i, sleepMs: 0 },
          }));
          await f.queue.batchEnqueue(trx, recordTask, specs);
        }
      });
      await vi.waitFor(async () => expect(await countJobs(f)).toBe(0), { timeout: 60_000, interval: 200 });
      for (const w of workers) w.child.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.exited));

      const perPhase = await runs
        .selectFrom("queue_runs")
        .select([
          "phase",
          sql<number>`count(*)::int`.as("runs"),
          sql<number>`count(distinct n)::int`.as("jobs"),
        ])
        .groupBy("phase")
        .orderBy("phase")
        .execute();
      expect(perPhase).toEqual([
        { phase: "done", runs: 10_000, jobs: 10_000 },
        { phase: "start", runs: 10_000, jobs: 10_000 },
      ]);
      const perPid = await runs
        .selectFrom("queue_runs")
        .select(["pid", sql<number>`count(*)::int`.as("runs")])
        .where("phase", "=", "done")
        .groupBy("pid")
        .execute();
      expect(perPid.map((r) => r.pid).sort()).toEqual(workers.map((w) => w.pid).sort());
    } finally {
      await f.dispose();
    }
  });
});

describe.each(testDialects)("worker processes on %s", (dialect) => {
  it(
    "finishes a job in another process after its worker is killed with SIGKILL mid-job",
    { timeout: 60_000 },
    async () => {
      const { f, runs } = await setUp(dialect);
      try {
        const env = { QUEUE_LEASE_MS: "1000", QUEUE_POLL_MS: "100" };
        const a = await spawnWorker(f.url, env);
        const id = await f.queue.enqueue(f.database.kysely, recordTask, { n: 1, sleepMs: 60_000 });
        await vi.waitFor(
          async () =>
            expect(await runs.selectFrom("queue_runs").select("pid").execute()).toEqual([{ pid: a.pid }]),
          { timeout: 10_000, interval: 50 },
        );
        a.child.kill("SIGKILL");
        await a.exited;
        const b = await spawnWorker(f.url, env);
        await vi.waitFor(async () => expect(await countJobs(f)).toBe(0), { timeout: 15_000, interval: 100 });
        const log = await runs
          .selectFrom("queue_runs")
          .select(["job_id", "pid", "phase"])
          .orderBy("id")
          .execute();
        expect(log).toEqual([
          { job_id: id, pid: a.pid, phase: "start" },
          { job_id: id, pid: b.pid, phase: "start" },
          { job_id: id, pid: b.pid, phase: "done" },
        ]);
        b.child.kill("SIGTERM");
        await b.exited;
      } finally {
        await f.dispose();
      }
    },
  );

  it(
    "releases a running job on SIGTERM after the grace period; another process runs it at once",
    { timeout: 60_000 },
    async () => {
      const { f, runs } = await setUp(dialect);
      try {
        const env = { QUEUE_LEASE_MS: "600000", QUEUE_POLL_MS: "100", QUEUE_GRACE_MS: "200" };
        const a = await spawnWorker(f.url, env);
        const id = await f.queue.enqueue(f.database.kysely, recordTask, { n: 1, sleepMs: 60_000 });
        await vi.waitFor(
          async () => expect(await runs.selectFrom("queue_runs").selectAll().execute()).toHaveLength(1),
          {
            timeout: 10_000,
            interval: 50,
          },
        );
        const b = await spawnWorker(f.url, env);
        a.child.kill("SIGTERM");
        expect(await a.exited).toContain(JSON.stringify({ finished: 0, released: 1 }));
        // The lease was ten minutes: only the release lets B run the job now.
        await vi.waitFor(async () => expect(await countJobs(f)).toBe(0), { timeout: 10_000, interval: 100 });
        const done = await runs
          .selectFrom("queue_runs")
          .select(["job_id", "pid"])
          .where("phase", "=", "done")
          .execute();
        expect(done).toEqual([{ job_id: id, pid: b.pid }]);
        b.child.kill("SIGTERM");
        await b.exited;
      } finally {
        await f.dispose();
      }
    },
  );
});
