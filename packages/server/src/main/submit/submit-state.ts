// The resume file of `pixl studio submit` (`.pixl-submit.json` in the photo folder): what each file got
// (upload URL, ticket, final status, downloads), written atomically after every step, so a rerun skips what
// was done, waits for what is pending and never submits a photo twice.
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../core/errors/index.js";

export const STATE_FILE = ".pixl-submit.json";
const LOCK_FILE = ".pixl-submit.lock";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One run per folder at a time (two would submit the same photos): a lock file with this process's id,
 * taken over when the process that wrote it is gone (killed). Resolves with its release.
 */
export async function lockBatchFolder(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      return () => rm(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw e;
      const holder = Number(await readFile(file, "utf8").catch(() => "0"));
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder))
        throw new AppError("conflict", `another pixl studio submit (pid ${holder}) is working on ${dir}`);
      await rm(file, { force: true });
    }
  }
}

export interface FileState {
  size: number;
  /**
   * The `customerImageId` the photo is submitted with: unique to this batch and file, so after a crash
   * between the submission and the write of its ticket, the rerun finds the image instead of adding it again.
   */
  customerImageId: string;
  /** The presigned upload's download URL, and when it was made (reused for an hour). */
  uploadUrl?: string;
  uploadedAt?: number;
  /** Set just before AddImage is sent: from then on the image may exist even without a ticket here. */
  submitting?: true;
  ticket?: string;
  submittedAt?: number;
  statusId?: number;
  statusName?: string;
  finishedAt?: number;
  /** Saved finals (relative to the download folder) and their sizes. */
  finals?: { file: string; size: number }[];
}

export interface BatchState {
  version: 1;
  batchId: string;
  server: string;
  contactEmail: string;
  templateId: number;
  files: Record<string, FileState>;
}

export interface BatchKey {
  server: string;
  contactEmail: string;
  templateId: number;
}

function parse(text: string, file: string): BatchState {
  try {
    const v = JSON.parse(text) as Partial<BatchState> | null;
    if (v?.version === 1 && typeof v.batchId === "string" && typeof v.files === "object")
      return v as BatchState;
  } catch {
    // Reported below.
  }
  throw new AppError(
    "validation_failed",
    `${file} is not a pixl submit state file; move it away to start over`,
  );
}

/** The folder's batch, or a new one; refuses a state file of another server, contact or template. */
export async function loadBatchState(dir: string, key: BatchKey, fresh: boolean): Promise<BatchState> {
  const file = path.join(dir, STATE_FILE);
  const text = fresh ? undefined : await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return { version: 1, batchId: randomBytes(6).toString("hex"), ...key, files: {} };
  const state = parse(text, file);
  if (
    state.server !== key.server ||
    state.contactEmail !== key.contactEmail ||
    state.templateId !== key.templateId
  )
    throw new AppError(
      "conflict",
      `${file} belongs to another batch (template ${state.templateId} for ${state.contactEmail} on ${state.server}); ` +
        "pass --fresh to start a new one",
    );
  return state;
}

/** The entry of `name`, created with its batch-unique customerImageId. */
export function fileStateOf(state: BatchState, name: string, size: number): FileState {
  const existing = state.files[name];
  if (existing) return existing;
  const created: FileState = {
    size,
    customerImageId: `pixl-submit-${state.batchId}-${Object.keys(state.files).length}`,
  };
  state.files[name] = created;
  return created;
}

/** Saves `state` after each change, one write at a time, each complete (temp file, then rename). */
export function createStateWriter(dir: string, state: BatchState): { save(): Promise<void> } {
  const file = path.join(dir, STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  let chain: Promise<void> = Promise.resolve();
  return {
    save() {
      chain = chain.then(async () => {
        await writeFile(temp, JSON.stringify(state, null, 1));
        await rename(temp, file);
      });
      return chain;
    },
  };
}
