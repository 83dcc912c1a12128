// The `pixl` command as a user runs it: real processes, real sockets, one-line errors, graceful SIGTERM.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPixl, spawnPixl, waitForOutput } from "./support/pixl-process.js";

const freshDataDir = () => mkdtempSync(path.join(tmpdir(), "pixl-cli-"));

function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe.concurrent("pixl CLI", { timeout: 90_000 }, () => {
  it("lists its commands in --help", async () => {
    const r = await runPixl(["--help"]);
    expect(r.code).toBe(0);
    for (const cmd of ["serve", "worker", "migrate", "config", "store", "studio"])
      expect(r.stdout).toContain(cmd);
  });

  it("names a bad setting in one line and exits non-zero", async () => {
    const r = await runPixl(["serve"], { PORT: "eighty", PIXL_DATA_DIR: freshDataDir() });
    expect(r.code).toBe(1);
    expectOneLineError(
      r.stderr,
      /^pixl: Invalid configuration: PORT must be an integer from 0 to 65535 \(got "eighty"\)$/,
    );
  });

  it("rejects a bad option and an unknown command in one line", async () => {
    const bad = await runPixl(["serve", "--port", "abc"]);
    expect(bad.code).not.toBe(0);
    expectOneLineError(bad.stderr, /--port.*must be an integer/);
    const unknown = await runPixl(["frobnicate"]);
    expect(unknown.code).not.toBe(0);
    expectOneLineError(unknown.stderr, /unknown command 'frobnicate'/);
  });

  it("refuses a foreign data file with one clear line", async () => {
    const dir = freshDataDir();
    writeFileSync(path.join(dir, "pixl.db"), "not a database at all");
    const r = await runPixl(["migrate"], { PIXL_DATA_DIR: dir });
    expect(r.code).toBe(1);
    expectOneLineError(r.stderr, /^pixl: .*pixl\.db is not a SQLite database/);
  });

  it("migrates an embedded database", async () => {
    const r = await runPixl(["migrate"], { PIXL_DATA_DIR: freshDataDir() });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/database sqlite:.*pixl\.db is up to date/);
  });

  it("creates a console user with the password from the environment, and refuses a weak one", async () => {
    const dir = freshDataDir();
    expect((await runPixl(["store", "create", "alpha"], { PIXL_DATA_DIR: dir })).code).toBe(0);
    const args = ["user", "create", "--email", "Ann@Alpha.test", "--store", "alpha", "--role", "owner"];
    const weak = await runPixl(args, { PIXL_DATA_DIR: dir, PIXL_USER_PASSWORD: "short" });
    expect(weak.code).toBe(1);
    expectOneLineError(weak.stderr, /^pixl: The password must be at least 10 characters\.$/);
    const r = await runPixl([...args, "--json"], {
      PIXL_DATA_DIR: dir,
      PIXL_USER_PASSWORD: "a long passphrase",
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({
      user: { email: "ann@alpha.test" },
      created: true,
      memberships: [{ kind: "store", subdomain: "alpha", role: "owner" }],
    });
    const badRole = await runPixl([...args.slice(0, -1), "customer"], {
      PIXL_DATA_DIR: dir,
      PIXL_USER_PASSWORD: "x",
    });
    expect(badRole.code).toBe(1);
  });

  it("prints a one-time staff invitation link, and refuses an unknown store in one line", async () => {
    const dir = freshDataDir();
    const env = { PIXL_DATA_DIR: dir, PIXL_PUBLIC_URL: "https://shop.example" };
    expect((await runPixl(["store", "create", "alpha"], env)).code).toBe(0);
    const args = ["user", "invite", "--store", "alpha", "--email", "Mia@Alpha.test", "--role", "manager"];
    const r = await runPixl(args, env);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Invited mia@alpha\.test as manager of alpha\./);
    expect(r.stdout).toMatch(/^https:\/\/shop\.example\/invite#pxi_\d+\.[A-Za-z0-9_-]{43}$/m);
    const json = await runPixl([...args, "--json"], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      email: "mia@alpha.test",
      role: "manager",
      status: "pending",
    });
    const unknown = await runPixl(
      ["user", "invite", "--store", "nope", "--email", "a@b.c", "--role", "owner"],
      env,
    );
    expect(unknown.code).toBe(1);
    expectOneLineError(unknown.stderr, /^pixl: No store with subdomain nope\.$/);
  });

  it("serves HTTP over a real socket and shuts down cleanly on SIGTERM", async () => {
    const dataDir = freshDataDir();
    const child = spawnPixl(["serve"], { PORT: "0", HOST: "127.0.0.1", PIXL_DATA_DIR: dataDir });
    const banner = await waitForOutput(child, /running on (http:\/\/127\.0\.0\.1:\d+)/);
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(banner)?.[0] ?? "";
    // First start prints a demo store's token, and it works against the Store API.
    const token = (await waitForOutput(child, /token: +sk_live_\w+/)).split(/\s+/).pop() ?? "";
    const products = await fetch(`${base}/api/external/v1/products`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(products.status).toBe(200);
    expect(await products.json()).toMatchObject({ success: true, data: [] });
    // …and a console login for the demo store's owner.
    const login = /email (\S+) +password (\S+)/.exec(await waitForOutput(child, /console: .*password \S+/));
    const signIn = await fetch(`${base}/api/console/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: login?.[1], password: login?.[2] }),
    });
    expect(signIn.status).toBe(200);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get("x-request-id")).toBeTruthy();
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    // A second start keeps the data and does not print a token again.
    const again = await runPixl(["migrate"], { PIXL_DATA_DIR: dataDir });
    expect(again.code).toBe(0);
  }, 60_000);
});
