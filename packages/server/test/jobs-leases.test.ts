// Leases on every engine: expiry hands a dead worker's job on, renewal protects long jobs, shutdown releases.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../src/core/db/index.js";
import { createJobQueue, createTaskHandler, createWorker, defineTask } from "../src/core/jobs/index.js";
import { batchClaimJobs, batchCompleteJobs } from "../src/core/jobs/jobs.repository.js";
import { systemClock } from "../src/core/clock.js";
import { testDialects } from "./support/databases.js";
import { createDeferred, createJobsFixture, type JobsFixture } from "./fixtures/queue-support.js";

const LEASE = 30_000;

describe.each(testDialects)("job leases on %s", (dialect) => {
  let f: JobsFixture;
  beforeEach(async () => {
    f = await createJobsFixture(dialect);
  });
  afterEach(async () => {
    await f.dispose();
  });

  const slow = defineTask<{ n: number }>("test.slow");

  it("runs a dead worker's job again once its lease expires, and refuses the dead claim's completion", async () => {
    const id = (await f.queue.enqueue(f.database.kysely, slow, { n: 1 })) ?? -1;
    const now = f.clock.now();
    // A worker claims the job and dies before finishing it.
    const [claimed] = await batchClaimJobs(f.database, {
      tasks: [slow.name],
      limit: 10,
      now,
      leaseUntil: now + LEASE,
      token: "dead-worker#1",
    });
    expect(claimed?.id).toBe(id);
    const attempts: number[] = [];
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      leaseMs: LEASE,
      handlers: [createTaskHandler(slow, (_p, ctx) => void attempts.push(ctx.attempt))],
    });
    f.clock.advance(LEASE - 1);
    expect(await worker.drain()).toBe(0); // the lease still holds
    f.clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect(attempts).toEqual([2]);
    expect(await f.rows()).toHaveLength(0);
    expect((await batchCompleteJobs(f.database.kysely, [{ id, token: "dead-worker#1" }])).size).toBe(0);
  });

  it("marks a job failed when the worker of its final attempt died", async () => {
    const id = (await f.queue.enqueue(f.database.kysely, slow, { n: 1 }, { maxAttempts: 1 })) ?? -1;
    const now = f.clock.now();
    await batchClaimJobs(f.database, {
      tasks: [slow.name],
      limit: 1,
      now,
      leaseUntil: now + LEASE,
      token: "dead-worker#7",
    });
    const attempts: number[] = [];
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      leaseMs: LEASE,
      handlers: [createTaskHandler(slow, (_p, ctx) => void attempts.push(ctx.attempt))],
    });
    expect(await worker.drain()).toBe(0);
    expect(await f.queue.findJob(f.database.kysely, id)).toMatchObject({ locked_by: "dead-worker#7" });
    f.clock.advance(LEASE);
    expect(await worker.drain()).toBe(0);
    expect(attempts).toEqual([]);
    const row = await f.queue.findJob(f.database.kysely, id);
    expect(row).toMatchObject({ locked_by: null, attempts: 1, max_attempts: 1 });
    expect(row?.last_error).toMatch(/lease expired: worker dead-worker#7 did not finish the final attempt/);
  });

  it("records a lost attempt on the row when the retried job fails", async () => {
    const failing = defineTask<null>("test.failing");
    await f.queue.enqueue(f.database.kysely, failing, null);
    const now = f.clock.now();
    await batchClaimJobs(f.database, {
      tasks: [failing.name],
      limit: 1,
      now,
      leaseUntil: now + 10,
      token: "gone#1",
    });
    f.clock.advance(10);
    const [row] = await batchClaimJobs(f.database, {
      tasks: [failing.name],
      limit: 1,
      now: f.clock.now(),
      leaseUntil: f.clock.now() + 10,
      token: "next#1",
    });
    expect(row).toMatchObject({ attempts: 2, locked_by: "next#1" });
    expect(row?.last_error).toMatch(/lease expired: worker gone#1/);
  });

  it("renews the lease of a long job so no other worker takes it", async () => {
    const release = createDeferred();
    const started = createDeferred();
    let signal: AbortSignal | undefined;
    const a = createWorker({
      database: f.database,
      clock: f.clock,
      leaseMs: LEASE,
      heartbeatMs: 10,
      pollIntervalMs: 60_000,
      queue: f.queue,
      handlers: [
        createTaskHandler(slow, async (_p, ctx) => {
          signal = ctx.signal;
          started.resolve();
          await release.promise;
        }),
      ],
    });
    let stolen = 0;
    const b = createWorker({
      database: f.database,
      clock: f.clock,
      leaseMs: LEASE,
      handlers: [
        createTaskHandler(slow, () => {
          stolen++;
        }),
      ],
    });
    await a.start();
    await f.queue.enqueue(f.database.kysely, slow, { n: 1 });
    await started.promise;
    for (let i = 0; i < 4; i++) {
      const target = f.clock.advance(LEASE * 0.6) + LEASE;
      await vi.waitFor(async () => expect((await f.rows())[0]?.run_at).toBe(target), { timeout: 5_000 });
      expect(await b.drain()).toBe(0);
    }
    expect(stolen).toBe(0);
    expect(signal?.aborted).toBe(false);
    release.resolve();
    await vi.waitFor(async () => expect(await f.rows()).toHaveLength(0), { timeout: 5_000 });
    expect(await a.stop()).toEqual({ finished: 0, released: 0 });
  });

  it("aborts a job whose lease was taken over and never deletes the new owner's row", async () => {
    const started = createDeferred();
    const release = createDeferred();
    let signal: AbortSignal | undefined;
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      leaseMs: LEASE,
      heartbeatMs: 10,
      queue: f.queue,
      handlers: [
        createTaskHandler(slow, async (_p, ctx) => {
          signal = ctx.signal;
          started.resolve();
          await release.promise;
        }),
      ],
    });
    await worker.start();
    const id = (await f.queue.enqueue(f.database.kysely, slow, { n: 1 })) ?? -1;
    await started.promise;
    // Another worker took the job over (as after an expired lease): the next heartbeat notices.
    await f.database.kysely.updateTable("jobs").set({ locked_by: "thief#1" }).where("id", "=", id).execute();
    await vi.waitFor(() => expect(signal?.aborted).toBe(true), { timeout: 5_000 });
    release.resolve();
    await worker.stop();
    expect(await f.rows()).toMatchObject([{ id, locked_by: "thief#1" }]);
  });

  it("finishes running jobs within the grace period on stop", async () => {
    const started = createDeferred();
    const release = createDeferred();
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      queue: f.queue,
      handlers: [
        createTaskHandler(slow, async () => {
          started.resolve();
          await release.promise;
        }),
      ],
    });
    await worker.start();
    await f.queue.enqueue(f.database.kysely, slow, { n: 1 });
    await started.promise;
    const stopping = worker.stop({ graceMs: 5_000 });
    setTimeout(() => release.resolve(), 20);
    expect(await stopping).toEqual({ finished: 1, released: 0 });
    expect(await f.rows()).toHaveLength(0);
  });

  it("releases unfinished jobs after the grace period so another worker runs them at once", async () => {
    const started = createDeferred();
    let signal: AbortSignal | undefined;
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      queue: f.queue,
      handlers: [
        createTaskHandler(slow, async (_p, ctx) => {
          signal = ctx.signal;
          started.resolve();
          await new Promise(() => undefined); // ignores its signal: never finishes
        }),
      ],
    });
    await worker.start();
    await f.queue.enqueue(f.database.kysely, slow, { n: 1 });
    await started.promise;
    expect(await worker.stop({ graceMs: 30 })).toEqual({ finished: 0, released: 1 });
    expect(signal?.aborted).toBe(true);
    expect(await f.rows()).toMatchObject([{ attempts: 0, locked_by: null, run_at: f.clock.now() }]);
    const ran: number[] = [];
    const next = createWorker({
      database: f.database,
      clock: f.clock,
      handlers: [createTaskHandler(slow, (p) => void ran.push(p.n))],
    });
    expect(await next.drain()).toBe(1);
    expect(ran).toEqual([1]);
  });

  it("keeps a running keyed job and queues the new one behind it", async () => {
    await f.queue.enqueue(f.database.kysely, slow, { n: 1 }, { key: "image-7" });
    const now = f.clock.now();
    await batchClaimJobs(f.database, {
      tasks: [slow.name],
      limit: 1,
      now,
      leaseUntil: now + LEASE,
      token: "w#1",
    });
    await f.queue.enqueue(f.database.kysely, slow, { n: 2 }, { key: "image-7" });
    const rows = await f.rows();
    expect(rows.map((r) => [r.key, JSON.parse(r.payload) as unknown, r.locked_by])).toEqual([
      [null, { n: 1 }, "w#1"],
      ["image-7", { n: 2 }, null],
    ]);
  });

  it("wakes an idle worker on enqueue without waiting for a poll", async () => {
    const done = createDeferred<number>();
    // The worker polls once a minute; only the in-process wake (or NOTIFY) can start the job quickly.
    const queue = createJobQueue({ database: f.database, clock: systemClock });
    const worker = createWorker({
      database: f.database,
      clock: systemClock,
      queue,
      pollIntervalMs: 60_000,
      handlers: [createTaskHandler(slow, (p) => done.resolve(p.n))],
    });
    await worker.start();
    await f.database.kysely.transaction().execute((trx) => queue.enqueue(trx, slow, { n: 9 }));
    expect(await done.promise).toBe(9);
    await worker.stop();
  });

  it.runIf(dialect === "postgres")(
    "wakes a worker in another connection through NOTIFY on commit",
    async () => {
      const other = openDatabase({ url: f.url, dataDir: "/nonexistent" });
      const done = createDeferred<number>();
      const worker = createWorker({
        database: other,
        clock: systemClock,
        pollIntervalMs: 60_000,
        handlers: [createTaskHandler(slow, (p) => done.resolve(p.n))],
      });
      try {
        await worker.start();
        const queue = createJobQueue({ database: f.database, clock: systemClock });
        const t0 = Date.now();
        await f.database.kysely.transaction().execute((trx) => queue.enqueue(trx, slow, { n: 5 }));
        expect(await done.promise).toBe(5);
        expect(Date.now() - t0).toBeLessThan(2_000);
      } finally {
        await worker.stop();
        await other.close();
      }
    },
  );
});
