// The ZIP writer's archives read back by an independent reader (Python's zipfile), CRCs checked.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createZipStream, type ZipEntry } from "./zip-writer.js";

const run = promisify(execFile);

const READER = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    print(json.dumps({"bad": bad, "entries": [
        {"name": i.filename, "size": i.file_size, "method": i.compress_type, "date": list(i.date_time),
         "sha": __import__("hashlib").sha256(z.read(i.filename)).hexdigest()}
        for i in z.infolist()]}))
`;

async function readWithPython(zip: Buffer) {
  const dir = mkdtempSync(path.join(tmpdir(), "pixl-zip-"));
  const file = path.join(dir, "a.zip");
  writeFileSync(file, zip);
  const { stdout } = await run("python3", ["-c", READER, file]);
  return JSON.parse(stdout) as {
    bad: string | null;
    entries: { name: string; size: number; method: number; date: number[]; sha: string }[];
  };
}

function entry(name: string, bytes: Buffer, chunk = 65_536): ZipEntry {
  return {
    name,
    modifiedAt: Date.UTC(2026, 0, 10, 12, 30, 44),
    open: () =>
      Promise.resolve(
        (function* () {
          for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
        })(),
      ),
  };
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("createZipStream", () => {
  it("writes stored entries that another reader lists and verifies (names, sizes, CRCs, times)", async () => {
    const big = randomBytes(300_000);
    const small = Buffer.from("hello");
    const written: string[] = [];
    const zip = await buffer(
      createZipStream(
        [
          entry("shirt.jpg", big, 7_001),
          entry("ünïcødé/ß <b>.png", small),
          entry("empty.txt", Buffer.alloc(0)),
        ],
        {
          onEntryWritten: (e) => {
            written.push(e.name);
            return Promise.resolve();
          },
        },
      ),
    );
    const read = await readWithPython(zip);
    expect(read.bad).toBeNull();
    expect(read.entries).toEqual([
      {
        name: "shirt.jpg",
        size: big.length,
        method: 0,
        date: [2026, 1, 10, 12, 30, 44],
        sha: sha(big),
      },
      {
        name: "ünïcødé/ß <b>.png",
        size: 5,
        method: 0,
        date: [2026, 1, 10, 12, 30, 44],
        sha: sha(small),
      },
      {
        name: "empty.txt",
        size: 0,
        method: 0,
        date: [2026, 1, 10, 12, 30, 44],
        sha: sha(Buffer.alloc(0)),
      },
    ]);
    expect(written).toEqual(["shirt.jpg", "ünïcødé/ß <b>.png", "empty.txt"]);
  });

  it("writes a valid empty archive", async () => {
    const read = await readWithPython(await buffer(createZipStream([])));
    expect(read).toEqual({ bad: null, entries: [] });
  });

  it("fails the stream (never a short archive that looks whole) when an entry cannot be read", async () => {
    const failing: ZipEntry = {
      name: "gone.jpg",
      modifiedAt: 0,
      open: () => Promise.reject(new Error("blob vanished")),
    };
    await expect(buffer(createZipStream([entry("a.txt", Buffer.from("a")), failing]))).rejects.toThrow(
      "blob vanished",
    );
  });

  it("refuses two entries with the same name", async () => {
    await expect(
      buffer(createZipStream([entry("a.txt", Buffer.from("a")), entry("a.txt", Buffer.from("b"))])),
    ).rejects.toThrow(/duplicate/);
  });
});
