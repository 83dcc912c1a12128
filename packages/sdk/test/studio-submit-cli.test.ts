// `pixl studio submit` as a child process against a live server: a batch killed mid-way and run again
// submits every photo exactly once, waits for all and downloads every final; plus resume after a crash
// between AddImage and the state write, and the command's refusals.
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../server/src/main/cli.js";
import { runSubmitBatch } from "../../server/src/main/submit/submit-batch.js";
import { STATE_FILE, type BatchState } from "../../server/src/main/submit/submit-state.js";
import { createProductPhoto, readImageSize } from "../../server/test/support/studio-photos.js";
import { createStudioClient, type StudioClient } from "../src/index.js";
import { startLiveServer, type LiveContact, type LiveServer } from "./support/live-server.js";
import { spawnCli } from "./support/pixl-cli.js";
import { startProxy } from "./support/tcp-proxy.js";

async function photoFolder(count: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "pixl-photos-"));
  for (let i = 1; i <= count; i++)
    await writeFile(path.join(dir, `shirt-${i}.jpg`), await createProductPhoto(120 + i, 90));
  await writeFile(path.join(dir, "notes.txt"), "not a photo");
  return dir;
}

const readState = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, STATE_FILE), "utf8")) as BatchState;

describe("pixl studio submit", () => {
  let server: LiveServer;
  let contact: LiveContact;
  let studio: StudioClient;
  let templateId: number;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startLiveServer("sqlite");
    contact = await server.createContact("batch@studio.test");
    studio = createStudioClient({
      url: server.url,
      contactEmail: contact.email,
      contactAPIkey: contact.apiKey,
    });
    templateId = (
      await studio.addTemplate({
        templateName: "Batch 100x80",
        templateOutputFormat: "JPG",
        deliveryTimeInHour: 72,
        backgroundType: 0,
        resizeType: 2,
        resizeWidth: 100,
        resizeHeight: 80,
      })
    ).TemplateId;
    env = { PIXL_CONTACT_EMAIL: contact.email, PIXL_CONTACT_API_KEY: contact.apiKey };
  });
  afterAll(async () => {
    await server.close();
  });

  it(
    "resumes a killed batch: every photo submitted exactly once, all finished and downloaded, with a summary",
    { timeout: 120_000 },
    async () => {
      const dir = await photoFolder(6);
      const out = path.join(dir, "out");
      const proxy = await startProxy(server.url);
      const args = [
        "studio",
        "submit",
        dir,
        "--template",
        String(templateId),
        "--wait",
        "--download",
        out,
        "--concurrency",
        "1",
        "--server",
        proxy.url,
        "--max-poll-seconds",
        "1",
      ];
      const first = spawnCli(args, env);
      await first.waitFor(/^submitted shirt-1\.jpg /m, { stream: "stderr" });
      // Nothing more reaches the server, then the process dies mid-batch without any chance to clean up.
      proxy.hold();
      first.child.kill("SIGKILL");
      expect(await first.exited).toBe("SIGKILL");
      proxy.release();
      const interrupted = await readState(dir);
      const submittedBefore = Object.values(interrupted.files).filter((f) => f.ticket !== undefined).length;
      expect(submittedBefore).toBeGreaterThanOrEqual(1);
      expect(submittedBefore).toBeLessThan(6);
      expect(Object.keys(interrupted.files).sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `shirt-${i}.jpg`));

      const second = spawnCli(args, env);
      expect(await second.exited).toBe(0);
      expect(second.stderr()).toContain(`6 photos, ${submittedBefore} already submitted`);
      const images = (await studio.listImages()).Images;
      expect(images).toHaveLength(6);
      const state = await readState(dir);
      expect(new Set(images.map((i) => i.ImageTicket))).toEqual(
        new Set(Object.values(state.files).map((f) => f.ticket)),
      );
      // The finals, one per photo, resized by the template.
      expect((await readdir(out)).sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `shirt-${i}.jpg`));
      for (const name of await readdir(out))
        expect(await readImageSize(await readFile(path.join(out, name)))).toMatchObject({
          width: 100,
          height: 80,
          format: "jpeg",
        });
      const summary = second.stdout();
      expect(summary).toMatch(/^FILE\s+TICKET\s+STATUS\s+SIZE\s+TIME$/m);
      for (const [name, f] of Object.entries(state.files))
        expect(summary).toMatch(
          new RegExp(
            `^${name.replace(".", "\\.")}\\s+${f.ticket ?? "?"}\\s+downloaded\\s+\\S+ KB -> \\S+ KB\\s+\\d+\\.\\d s$`,
            "m",
          ),
        );
      expect(summary).toContain("6 photos, 6 ok, 0 not");

      // Once more: nothing is sent again.
      const third = spawnCli(
        args.filter((a) => a !== "--wait"),
        env,
      );
      expect(await third.exited).toBe(0);
      expect(third.stderr()).toContain("6 photos, 6 already submitted");
      expect((await studio.listImages()).Images).toHaveLength(6);
      proxy.close();
    },
  );

  it("adopts an image whose AddImage went out just before a crash instead of submitting it again", async () => {
    const dir = await photoFolder(1);
    const first = await runSubmitBatch({
      dir,
      templateId,
      studio,
      server: server.url,
      contactEmail: contact.email,
      concurrency: 1,
      wait: false,
      maxPollIntervalMs: 1000,
      waitTimeoutMs: 60_000,
      signal: new AbortController().signal,
    });
    const state = await readState(dir);
    const entry = state.files["shirt-1.jpg"];
    if (!entry) throw new Error("no state entry");
    // As if killed after AddImage was sent but before its ticket was written.
    delete entry.ticket;
    delete entry.submittedAt;
    entry.submitting = true;
    await writeFile(path.join(dir, STATE_FILE), JSON.stringify(state));
    const before = (await studio.countImages()).ImagesCount;
    const rows = await runSubmitBatch({
      dir,
      templateId,
      studio,
      server: server.url,
      contactEmail: contact.email,
      concurrency: 1,
      wait: false,
      maxPollIntervalMs: 1000,
      waitTimeoutMs: 60_000,
      signal: new AbortController().signal,
    });
    expect((await studio.countImages()).ImagesCount).toBe(before);
    expect(rows[0]?.ticket).toBe(first[0]?.ticket);
    expect((await readState(dir)).files["shirt-1.jpg"]?.ticket).toBe(first[0]?.ticket);
  });

  it("refuses missing or wrong credentials, an unknown template, bad flags and another batch's state file", async () => {
    const dir = await photoFolder(1);
    const base = ["node", "pixl", "studio", "submit", dir, "--server", server.url];
    // In-process (the same program the executable runs), reading what it prints on stderr.
    const run = async (args: string[], e: Record<string, string>) => {
      const saved = { ...process.env };
      delete process.env["PIXL_CONTACT_EMAIL"];
      delete process.env["PIXL_CONTACT_API_KEY"];
      Object.assign(process.env, e);
      let printed = "";
      const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        printed += String(chunk);
        return true;
      });
      try {
        return { code: await runCli(args), printed };
      } finally {
        spy.mockRestore();
        process.env = saved;
      }
    };
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[...base, "--template", String(templateId)], {}, /pass --contact-email and --contact-key/],
      [
        [...base, "--template", String(templateId)],
        { ...env, PIXL_CONTACT_API_KEY: "wrong" },
        /do not match an account/,
      ],
      [[...base, "--template", "999999"], env, /template 999999 not found/],
      [[...base, "--template", "x"], env, /must be an integer/],
      [
        [...base, "--template", String(templateId), "--concurrency", "0"],
        env,
        /must be an integer from 1 to 32/,
      ],
    ];
    for (const [args, e, message] of cases) {
      const r = await run(args, e);
      expect(r.code, r.printed).not.toBe(0);
      expect(r.printed).toMatch(message);
    }
    await writeFile(
      path.join(dir, STATE_FILE),
      JSON.stringify({
        version: 1,
        batchId: "abc",
        server: server.url,
        contactEmail: contact.email,
        templateId: 42,
        files: {},
      }),
    );
    const other = await run([...base, "--template", String(templateId)], env);
    expect(other.code).toBe(1);
    expect(other.printed).toMatch(/belongs to another batch \(template 42.*pass --fresh/);
    // Another live run holds the folder (here: this test's parent process id in the lock file).
    await writeFile(path.join(dir, ".pixl-submit.lock"), String(process.ppid));
    expect((await run([...base, "--template", String(templateId)], env)).printed).toMatch(
      new RegExp(`another pixl studio submit \\(pid ${process.ppid}\\) is working on`),
    );
    await writeFile(path.join(dir, ".pixl-submit.lock"), "999999999"); // a dead process's: taken over
    await writeFile(path.join(dir, STATE_FILE), "{broken");
    expect((await run([...base, "--template", String(templateId)], env)).printed).toMatch(
      /is not a pixl submit state file/,
    );
    expect((await studio.listImages()).Images.map((i) => i.CustomerImageId)).not.toContain(
      expect.stringContaining("pixl-submit-abc"),
    );
  });
});
