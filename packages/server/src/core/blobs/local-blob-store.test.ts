// Local-store specifics: a real full disk (1 MiB tmpfs), temp-file cleanup and key/path conflicts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../errors/index.js";
import { LocalBlobStore } from "./local-blob-store.js";

const MiB = 1024 * 1024;

function chunks(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      sent += 64 * 1024;
      this.push(randomBytes(64 * 1024));
    },
  });
}

/** Mounts a 1 MiB tmpfs, or says why it cannot (not root, no mount in a container …). */
function tryMountTinyDisk(): { dir: string; unmount: () => void } | string {
  const dir = mkdtempSync(path.join(tmpdir(), "pixl-tinydisk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", dir], { stdio: "pipe" });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return e instanceof Error ? (e.message.split("\n")[0] ?? "mount failed") : "mount failed";
  }
  return {
    dir,
    unmount: () => {
      execFileSync("umount", [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const tinyDisk = tryMountTinyDisk();
if (typeof tinyDisk === "string") {
  console.warn(
    `\n!! Cannot mount a 1 MiB tmpfs (${tinyDisk}): the real disk-full test is SKIPPED; the stream-error case stands.\n`,
  );
}

describe("local blob store on a full disk", () => {
  const disk = typeof tinyDisk === "string" ? undefined : tinyDisk;
  afterAll(() => disk?.unmount());

  it.skipIf(disk === undefined)(
    "fails with blob_write_failed, leaves no object and no temp file",
    async () => {
      if (disk === undefined) return;
      const store = new LocalBlobStore({ dir: disk.dir, publicUrl: "http://x", signingKey: randomBytes(32) });
      await store.put("photo.jpg", Buffer.from("the old photo"));
      const failure = await store.put("photo.jpg", chunks(2 * MiB)).catch((e: unknown) => e);
      expect(isAppError(failure, "blob_write_failed")).toBe(true);
      expect((failure as Error).message).toMatch(/disk is full/);
      expect(readdirSync(path.join(disk.dir, ".tmp"))).toEqual([]);
      const kept = await store.get("photo.jpg");
      expect(kept.info.size).toBe(13);
      kept.body.destroy();
      // The space came back: a small write succeeds.
      expect(await store.put("small.bin", Buffer.alloc(1000))).toMatchObject({ size: 1000 });
    },
  );
});

describe("local blob store", () => {
  let dir: string;
  let store: LocalBlobStore;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "pixl-blobs-"));
    store = new LocalBlobStore({ dir, publicUrl: "http://x", signingKey: randomBytes(32) });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("removes temp files after refused and failed writes", async () => {
    await expect(store.put("a.bin", chunks(MiB), { maxBytes: 1000 })).rejects.toThrow();
    const broken = new Readable({
      read() {
        this.destroy(new Error("boom"));
      },
    });
    await expect(store.put("b.bin", broken)).rejects.toThrow();
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
  });

  it("removes stale temp files left by a crashed writer, and only those", async () => {
    const tempDir = path.join(dir, ".tmp");
    writeFileSync(path.join(tempDir, "crashed"), "half");
    utimesSync(
      path.join(tempDir, "crashed"),
      new Date(Date.now() - 2 * 3_600_000),
      new Date(Date.now() - 2 * 3_600_000),
    );
    writeFileSync(path.join(tempDir, "in-progress"), "half");
    expect(await store.removeStaleTempFiles()).toBe(1);
    expect(readdirSync(tempDir)).toEqual(["in-progress"]);
    rmSync(path.join(tempDir, "in-progress"));
  });

  it("keeps files inside its root and reports a key that collides with a folder as a write failure", async () => {
    await store.put("folder/file.txt", Buffer.from("x"));
    expect(readdirSync(dir).sort()).toEqual([".tmp", "folder"]);
    await expect(store.put("folder", Buffer.from("y"))).rejects.toSatisfy((e) =>
      isAppError(e, "blob_write_failed"),
    );
    await expect(store.put("folder/file.txt/deeper", Buffer.from("y"))).rejects.toSatisfy((e) =>
      isAppError(e, "blob_write_failed"),
    );
    expect(await store.find("folder")).toBeUndefined();
    expect(await store.find("folder/file.txt/deeper")).toBeUndefined();
    expect(readdirSync(path.join(dir, ".tmp"))).toEqual([]);
  });
});
