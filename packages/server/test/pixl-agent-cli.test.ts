// `pixl agent` as users run it (the built bin/pixl.js in a child process): one-line argument errors, --shell mode
// that no player name can inject into, and a SIGTERM that finishes the running command and hands the rest back.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAgentFixture, type AgentFixture } from "./fixtures/agent-fixture.js";
import { ensureBuilt, finished, spawnBuiltPixl } from "./support/built-pixl.js";
import { waitFor } from "./support/wait.js";

const NO_SECRETS = { PIXL_AGENT_STORE_SECRET: "", PIXL_AGENT_SERVER_SECRET: "" };

beforeAll(async () => {
  await ensureBuilt();
}, 300_000);

describe("pixl agent arguments", () => {
  it("refuses each mistake with one line and a non-zero exit", async () => {
    const secrets = { PIXL_AGENT_STORE_SECRET: "pxs_x", PIXL_AGENT_SERVER_SECRET: "srv_x" };
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["agent", "--rcon", "h:1"], secrets, /required option '--url <url>' not specified/],
      [["agent", "--url", "ftp://x", "--rcon", "h:1"], secrets, /--url must be an http\(s\) URL/],
      [["agent", "--url", "http://x", "--rcon", "h:1", "--shell", "/bin/sh"], secrets, /exactly one of/],
      [["agent", "--url", "http://x", "--rcon", "nope"], secrets, /--rcon must be host:port/],
      [["agent", "--url", "http://x", "--rcon", "h:1"], NO_SECRETS, /set PIXL_AGENT_STORE_SECRET/],
      [
        ["agent", "--url", "http://x", "--rcon", "h:1", "--offline-retry", "0"],
        secrets,
        /--offline-retry.*must be an integer from 1 to 86400/,
      ],
    ];
    const results = await Promise.all(cases.map(([args, env]) => finished(spawnBuiltPixl(args, env))));
    for (const [i, r] of results.entries()) {
      const [args, , pattern] = cases[i] ?? [[], {}, /$^/];
      expect(r.code, args.join(" ")).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0], args.join(" ")).toMatch(pattern);
    }
  }, 120_000);
});

describe("pixl agent --shell", () => {
  let f: AgentFixture | undefined;
  afterEach(async () => {
    await f?.close();
  });

  const start = (fixture: AgentFixture) =>
    spawnBuiltPixl(["agent", "--url", fixture.base, "--shell", "/bin/sh"], {
      PIXL_AGENT_STORE_SECRET: fixture.server.store_secret,
      PIXL_AGENT_SERVER_SECRET: fixture.server.server_secret,
    });
  const rows = (fixture: AgentFixture) =>
    fixture.t.db.database.kysely.selectFrom("store_delivery_commands").selectAll().orderBy("id").execute();

  it("runs the store's template for safe names and lets no player name reach the shell", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-agent-shell-"));
    f = await createAgentFixture("sqlite", {
      command: { command: `echo "{player}" >> ${dir}/out.txt; env > ${dir}/env.txt` },
    });
    const fixture = f;
    await fixture.order({ player: "Steve" });
    // Refused by the store when rendering: the command is never sent.
    await fixture.order({ player: `Eve$(touch ${dir}/pwned)` });
    await fixture.order({ player: "Mallory`id`" });
    // A command whose player field is unsafe (a broken or hostile server) is refused by the agent itself.
    const now = fixture.t.clock.now();
    await fixture.t.db.database.kysely
      .insertInto("store_delivery_commands")
      .values({
        ...{ store_id: 1, server_id: fixture.server.id, order_id: null, order_item_id: null },
        ...{ subscription_id: null, product_id: null, resend_of: null, kind: "purchase" },
        command: `touch ${dir}/pwned2`,
        player: "x;id",
        require_online: 0,
        status: "pending",
        last_error: null,
        created_at: now,
        updated_at: now,
        failed_at: null,
      })
      .execute();
    const child = start(fixture);
    const done = finished(child);
    await waitFor("the agent's outcomes", async () => {
      const r = await rows(fixture);
      return r.every((c) => c.status === "delivered" || c.status === "failed") ? r : undefined;
    });
    const [steve, eve, mallory, hostile] = await rows(fixture);
    expect(steve).toMatchObject({ status: "delivered", player: "Steve" });
    expect(eve).toMatchObject({ status: "failed", attempts: 0 });
    expect(eve?.last_error).toMatch(/^Not sent: \{player\}/);
    expect(mallory).toMatchObject({ status: "failed", attempts: 0 });
    expect(hostile).toMatchObject({ status: "failed", attempts: 1 });
    expect(hostile?.last_error).toMatch(/refused: unsafe player name/);
    expect(readFileSync(path.join(dir, "out.txt"), "utf8")).toBe("Steve\n");
    expect(existsSync(path.join(dir, "pwned"))).toBe(false);
    expect(existsSync(path.join(dir, "pwned2"))).toBe(false);
    // The shell sees the player, never the agent's secrets.
    const env = readFileSync(path.join(dir, "env.txt"), "utf8");
    expect(env).toContain("PIXL_PLAYER=Steve");
    expect(env).not.toContain(fixture.server.store_secret);
    expect(env).not.toContain(fixture.server.server_secret);
    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  }, 60_000);

  it("on SIGTERM finishes and confirms the running command and hands the rest back at once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-agent-stop-"));
    f = await createAgentFixture("sqlite", {
      command: { command: `echo {player} >> ${dir}/started; sleep 1; echo {player} >> ${dir}/done` },
    });
    const fixture = f;
    for (const player of ["Alex", "Steve", "Herobrine"]) await fixture.order({ player });
    const child = start(fixture);
    const done = finished(child);
    await waitFor("the first command to start", () =>
      Promise.resolve(existsSync(path.join(dir, "started")) ? true : undefined),
    );
    child.kill("SIGTERM");
    const exit = await done;
    expect(exit.code, exit.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "started"), "utf8")).toBe("Alex\n");
    expect(readFileSync(path.join(dir, "done"), "utf8")).toBe("Alex\n");
    const [first, ...rest] = await rows(fixture);
    expect(first).toMatchObject({ status: "delivered", attempts: 1 });
    expect(rest).toMatchObject([
      { status: "pending", attempts: 1, lease_token: null, last_error: "agent stopped before running it" },
      { status: "pending", attempts: 1, lease_token: null, last_error: "agent stopped before running it" },
    ]);
    // Handed back, not left to a lease: the next agent gets them now (the store's clock has not moved).
    const next = await fixture.agent("/commands/pending");
    expect(((await next.json()) as { data: { player: string }[] }).data.map((c) => c.player)).toEqual([
      "Steve",
      "Herobrine",
    ]);
  }, 60_000);
});
