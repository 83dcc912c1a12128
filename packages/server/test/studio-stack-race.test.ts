// StackImage under concurrency on both engines: StackImages of one contact and productId arriving at the same
// instant, through two servers on one database (each its own connections and group commit), join one stack
// (never two), the 10-photo cap holds when they race, and other contacts get stacks of their own.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.js";
import { loadConfig } from "../src/core/config/index.js";
import { createLogger } from "../src/core/logging/logger.js";
import { createStudioTestApp, type StudioAccount, type StudioTestApp } from "./fixtures/studio-harness.js";
import { testDialects } from "./support/databases.js";

describe.each(testDialects)("StackImage races on %s", (dialect) => {
  let t: StudioTestApp;
  let shop: StudioAccount;
  let other: StudioAccount;
  let second: App;
  const as = (c: StudioAccount) => ({ contactEmail: c.email, contactAPIkey: c.key });

  beforeEach(async () => {
    // Separate HTTP requests, each its own transaction: nothing batches them together.
    t = await createStudioTestApp(dialect);
    second = createApp(loadConfig(t.env), { logger: createLogger({ level: "silent" }), clock: t.clock });
    shop = await t.createContact("stacks@example.test", { creditLimit: 100_000 });
    other = await t.createContact("other-stacks@example.test", { creditLimit: 100_000, trialImages: 5 });
  });
  afterEach(async () => {
    await second.close();
    await t.close();
  });

  const stackOf = async (ticket: string) =>
    (
      await t.app.database.kysely
        .selectFrom("studio_images")
        .select("stack_id")
        .where("ticket", "=", ticket)
        .executeTakeFirstOrThrow()
    ).stack_id;

  /** A StackImage through the first server (even n) or the second (odd n). */
  const post = async (c: StudioAccount, productId: string, n: number) => {
    const app = n % 2 === 0 ? t.app : second;
    const r = await app.http.app.inject({
      method: "POST",
      url: "/REST.svc/JSON/StackImage",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ ...as(c), productId, imageURL: `http://127.0.0.1:9/${productId}-${n}.png` }),
    });
    return { body: r.json<Record<string, unknown> & { ErrorCode: string; Message: string }>() };
  };

  it("opens one stack for 8 StackImages of one product posted at once", async () => {
    for (let round = 0; round < 3; round++) {
      const product = `lens-${round}`;
      const results = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => post(shop, product, i)),
        ...Array.from({ length: 4 }, (_, i) => post(other, product, i)),
      ]);
      expect(results.map((r) => r.body.ErrorCode)).toEqual(Array(12).fill("NoError"));
      const tickets = results.map((r) => String(r.body["ImageTicket"]));
      const mine = new Set(await Promise.all(tickets.slice(0, 8).map(stackOf)));
      const theirs = new Set(await Promise.all(tickets.slice(8).map(stackOf)));
      expect(mine.size).toBe(1);
      expect(theirs.size).toBe(1);
      // A stack is named by its first image's ticket; the other contact's is its own.
      expect(tickets).toContain([...mine][0]);
      expect([...mine][0]).not.toBe([...theirs][0]);
    }
  });

  it("keeps the 10-photo cap when 14 StackImages race", async () => {
    const results = await Promise.all(Array.from({ length: 14 }, (_, i) => post(shop, "bracket", i)));
    const accepted = results.filter((r) => r.body.ErrorCode === "NoError");
    const refused = results.filter((r) => r.body.ErrorCode !== "NoError");
    expect(accepted).toHaveLength(10);
    expect(refused.map((r) => [r.body.ErrorCode, /at most 10 photos/.test(r.body.Message)])).toEqual(
      Array(4).fill(["InvalidParameter", true]),
    );
    const stacks = new Set(await Promise.all(accepted.map((r) => stackOf(String(r.body["ImageTicket"])))));
    expect(stacks.size).toBe(1);
  });
});
