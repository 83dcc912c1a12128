// Tests of what `pixl store create` prints and how it reports a taken subdomain.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeClock } from "../../core/clock.js";
import { migrateToLatest } from "../../core/db/index.js";
import { createTestDatabase, type TestDatabase } from "../../../test/support/databases.js";
import { storeMigrations } from "../store.migrations.js";
import { createStoreForCli, formatCreatedStore } from "./store-cli.js";

describe("pixl store create", () => {
  let db: TestDatabase;
  const clock = createFakeClock(Date.UTC(2025, 0, 20, 14, 30));
  beforeEach(async () => {
    db = await createTestDatabase("sqlite");
    await migrateToLatest(db.database, storeMigrations);
  });
  afterEach(async () => {
    await db.dispose();
  });

  it("prints the store and a full-access token as one JSON line", async () => {
    const created = await createStoreForCli(db.database, clock, { subdomain: "Alpha" });
    const printed = JSON.parse(formatCreatedStore(created, true)) as unknown;
    expect(printed).toEqual({
      store: {
        id: created.store.id,
        subdomain: "alpha",
        name: "alpha",
        currency: "USD",
        time_zone: "UTC",
        created_at: "2025-01-20T14:30:00Z",
      },
      token: expect.stringMatching(/^sk_live_[0-9A-Za-z]{43}$/) as string,
    });
    expect(formatCreatedStore(created, false)).toContain(created.token);
  });

  it("says plainly when the subdomain is taken or invalid", async () => {
    await createStoreForCli(db.database, clock, { subdomain: "alpha" });
    await expect(createStoreForCli(db.database, clock, { subdomain: "alpha" })).rejects.toThrow(
      "The subdomain has already been taken.",
    );
    await expect(createStoreForCli(db.database, clock, { subdomain: "-x-" })).rejects.toThrow(
      "The subdomain may only contain letters, numbers and inner hyphens.",
    );
  });
});
