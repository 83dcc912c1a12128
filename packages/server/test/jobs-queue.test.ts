// The job queue's contract on every engine: transactional enqueue, run_at, retry schedules, failures as data.
import { Type } from "@sinclair/typebox";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "../src/core/errors/index.js";
import { createTaskHandler, createWorker, defineTask, JobError } from "../src/core/jobs/index.js";
import { testDialects } from "./support/databases.js";
import { createJobsFixture, type JobsFixture } from "./fixtures/queue-support.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(testDialects)("job queue on %s", (dialect) => {
  let f: JobsFixture;
  beforeEach(async () => {
    f = await createJobsFixture(dialect);
  });
  afterEach(async () => {
    await f.dispose();
  });

  const echo = defineTask<{ n: number }>("test.echo");

  it("enqueues in the caller's transaction: rollback leaves no job, commit leaves one", async () => {
    await expect(
      f.database.kysely.transaction().execute(async (trx) => {
        await f.queue.enqueue(trx, echo, { n: 1 });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await f.rows()).toHaveLength(0);

    await f.database.kysely.transaction().execute(async (trx) => {
      await f.queue.enqueue(trx, echo, { n: 2 });
    });
    const rows = await f.rows();
    expect(rows.map((r) => [r.task, JSON.parse(r.payload) as unknown, r.attempts])).toEqual([
      ["test.echo", { n: 2 }, 0],
    ]);
  });

  it("runs a job no earlier than its run_at, with its typed payload", async () => {
    const seen: number[] = [];
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      handlers: [createTaskHandler(echo, (p) => void seen.push(p.n))],
    });
    await f.queue.enqueue(f.database.kysely, echo, { n: 7 }, { runAt: f.clock.now() + 10_000 });
    expect(await worker.drain()).toBe(0);
    f.clock.advance(9_999);
    expect(await worker.drain()).toBe(0);
    f.clock.advance(1);
    expect(await worker.drain()).toBe(1);
    expect(seen).toEqual([7]);
    expect(await f.rows()).toHaveLength(0); // completed jobs are deleted
  });

  it("retries on an exact schedule (+1 min, +5 min, +30 min), then keeps the failed job as data", async () => {
    const task = defineTask<{ id: string }>("test.webhook", { backoff: [MINUTE, 5 * MINUTE, 30 * MINUTE] });
    const ranAt: number[] = [];
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      handlers: [
        createTaskHandler(task, (_p, ctx) => {
          ranAt.push(f.clock.now());
          throw new Error(`receiver said 500 on attempt ${ctx.attempt}`);
        }),
      ],
    });
    const start = f.clock.now();
    const id = await f.queue.enqueue(f.database.kysely, task, { id: "d1" });
    for (const delay of [MINUTE, 5 * MINUTE, 30 * MINUTE]) {
      expect(await worker.drain()).toBe(1);
      f.clock.advance(delay - 1);
      expect(await worker.drain()).toBe(0); // not a millisecond early
      f.clock.advance(1);
    }
    expect(await worker.drain()).toBe(1);
    expect(ranAt.map((t) => t - start)).toEqual([0, MINUTE, 6 * MINUTE, 36 * MINUTE]);
    const [row] = await f.rows();
    expect(row).toMatchObject({ id, attempts: 4, max_attempts: 4, locked_by: null });
    expect(row?.last_error).toBe("receiver said 500 on attempt 4");
    f.clock.advance(24 * HOUR);
    expect(await worker.drain()).toBe(0); // failed for good: never claimed again
  });

  it("follows the studio schedule (+5 min, +1 h, +5 h) and records each failure on the row", async () => {
    const task = defineTask<null>("test.studio", { backoff: [5 * MINUTE, HOUR, 5 * HOUR] });
    let calls = 0;
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      handlers: [
        createTaskHandler(task, () => {
          calls++;
          if (calls < 3) throw new Error(`down ${calls}`);
        }),
      ],
    });
    await f.queue.enqueue(f.database.kysely, task, null);
    const start = f.clock.now();
    await worker.drain();
    expect(await f.rows()).toMatchObject([{ attempts: 1, last_error: "down 1", run_at: start + 5 * MINUTE }]);
    f.clock.advance(5 * MINUTE);
    await worker.drain();
    expect(await f.rows()).toMatchObject([
      { attempts: 2, last_error: "down 2", run_at: start + 5 * MINUTE + HOUR },
    ]);
    f.clock.advance(HOUR);
    expect(await worker.drain()).toBe(1);
    expect(await f.rows()).toHaveLength(0);
  });

  it("backs off exponentially with jitter inside its bounds", async () => {
    const task = defineTask<null>("test.exp", {
      maxAttempts: 5,
      backoff: { baseMs: 1_000, maxMs: 4_000, jitter: 0.5 },
    });
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      random: () => 0.5, // removes a quarter of each delay
      handlers: [createTaskHandler(task, () => Promise.reject(new Error("nope")))],
    });
    await f.queue.enqueue(f.database.kysely, task, null);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await worker.drain();
      const [row] = await f.rows();
      delays.push((row?.run_at ?? 0) - f.clock.now());
      f.clock.set(row?.run_at ?? 0);
    }
    expect(delays).toEqual([750, 1_500, 3_000, 3_000]);
  });

  it("lets a handler ask for an exact retry time or fail for good", async () => {
    const task = defineTask<{ mode: "later" | "never" }>("test.control");
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      handlers: [
        createTaskHandler(task, (p) => {
          throw p.mode === "later"
            ? new JobError("rate limited", { retryInMs: 42_000 })
            : new JobError("gone", { permanent: true });
        }),
      ],
    });
    const later = await f.queue.enqueue(f.database.kysely, task, { mode: "later" });
    const never = await f.queue.enqueue(f.database.kysely, task, { mode: "never" });
    await worker.drain();
    const byId = new Map((await f.rows()).map((r) => [r.id, r]));
    expect(byId.get(later ?? -1)).toMatchObject({
      run_at: f.clock.now() + 42_000,
      attempts: 1,
      max_attempts: 12,
    });
    expect(byId.get(never ?? -1)).toMatchObject({
      attempts: 1,
      max_attempts: 1,
      last_error: "JobError: gone",
    });
  });

  it("checks payloads against the task's schema when enqueued", async () => {
    const task = defineTask("test.schema", { schema: Type.Object({ imageId: Type.Integer() }) });
    await f.queue.enqueue(f.database.kysely, task, { imageId: 1 });
    const bad = { imageId: "one" } as unknown as { imageId: number };
    const error: unknown = await f.queue.enqueue(f.database.kysely, task, bad).catch((e: unknown) => e);
    expect(isAppError(error, "validation_failed")).toBe(true);
    expect(await f.rows()).toHaveLength(1);
  });

  it("dedupes by key: replace or ignore a pending job, replace a failed one", async () => {
    const db = f.database.kysely;
    const first = await f.queue.enqueue(db, echo, { n: 1 }, { key: "k" });
    const replaced = await f.queue.enqueue(db, echo, { n: 2 }, { key: "k", runAt: f.clock.now() + 5 });
    expect(replaced).toBe(first);
    expect(await f.queue.enqueue(db, echo, { n: 3 }, { key: "k", onKeyConflict: "ignore" })).toBeUndefined();
    const rows = await f.rows();
    expect(rows.map((r) => [r.key, JSON.parse(r.payload) as unknown, r.run_at])).toEqual([
      ["k", { n: 2 }, f.clock.now() + 5],
    ]);
    const ids = await f.queue.batchEnqueue(db, echo, [
      { payload: { n: 4 } },
      { payload: { n: 5 }, key: "other" },
    ]);
    expect(ids).toHaveLength(2);
    expect(await f.rows()).toHaveLength(3);
  });

  it("only claims tasks it has handlers for", async () => {
    const other = defineTask<null>("test.other");
    await f.queue.enqueue(f.database.kysely, other, null);
    const worker = createWorker({
      database: f.database,
      clock: f.clock,
      handlers: [createTaskHandler(echo, () => undefined)],
    });
    expect(await worker.drain()).toBe(0);
    expect(await f.rows()).toMatchObject([{ task: "test.other", attempts: 0 }]);
  });
});
