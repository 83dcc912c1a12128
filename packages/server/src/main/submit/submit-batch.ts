// `pixl studio submit`'s engine: uploads each photo of a folder (presigned PUT), submits it with a template,
// optionally waits for it to finish and downloads its finals, resuming from the folder's state file.
import { mkdir, readFile, readdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  ImageFailedError,
  isImageFailed,
  isImageFinished,
  isStudioError,
  type ImageStatus,
  type StudioClient,
} from "@pixl/sdk";
import { messageOf } from "../../core/errors/index.js";
import {
  createStateWriter,
  fileStateOf,
  loadBatchState,
  lockBatchFolder,
  type FileState,
} from "./submit-state.js";

/** Photos the studio takes, by extension. */
export const PHOTO_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".psd"]);
/** An upload's URL is reused on a rerun within this long; after that the photo is uploaded again. */
const UPLOAD_REUSE_MS = 3_600_000;

export type FileStage = "uploading" | "submitted" | "finished" | "failed" | "downloaded" | "error";

export interface SubmitEvents {
  /** Called once the folder is read: how many files, and how many are already submitted. */
  onStart?(total: number, alreadySubmitted: number): void;
  onStage?(file: string, stage: FileStage, detail?: string): void;
}

export interface SubmitBatchOptions {
  dir: string;
  templateId: number;
  studio: StudioClient;
  /** Identifies the batch in the state file with `contactEmail` and `templateId`. */
  server: string;
  contactEmail: string;
  concurrency: number;
  wait: boolean;
  /** Save finals here (implies `wait`). */
  downloadDir?: string;
  /** Ignore (and replace) the folder's state file. */
  fresh?: boolean;
  /** Longest wait between two status polls of one image, ms (the first is 500; each doubles). */
  maxPollIntervalMs: number;
  /** Give up waiting for one image after this long, ms. */
  waitTimeoutMs: number;
  signal: AbortSignal;
  events?: SubmitEvents;
  fetch?: typeof fetch;
}

export interface SubmitResultRow {
  file: string;
  ticket: string | undefined;
  status: string;
  /** The photo's size, and the finals' total when downloaded. */
  size: number;
  finalSize: number | undefined;
  /** Submission to finish, ms (when both are known). */
  timeMs: number | undefined;
  ok: boolean;
}

const isSettled = (statusId: number): boolean =>
  isImageFinished({ StatusId: statusId }) || isImageFailed({ StatusId: statusId });

/** Runs `worker` over `items` with at most `limit` at once; stops taking new items once `signal` aborts. */
async function pool<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  worker: (item: T) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !signal.aborted) await worker(items[next++] as T);
  });
  await Promise.all(lanes);
}

function toRow(file: string, s: FileState, error: string | undefined): SubmitResultRow {
  const finalSize = s.finals?.reduce((n, f) => n + f.size, 0);
  const ok = s.ticket !== undefined && (s.statusId === undefined || !isImageFailed({ StatusId: s.statusId }));
  return {
    file,
    ticket: s.ticket,
    status:
      error !== undefined
        ? `error: ${error}`
        : s.finals
          ? "downloaded"
          : (s.statusName ?? (s.ticket ? "submitted" : "not submitted")),
    size: s.size,
    finalSize,
    timeMs:
      s.finishedAt !== undefined && s.submittedAt !== undefined ? s.finishedAt - s.submittedAt : undefined,
    ok: ok && error === undefined,
  };
}

/** Submits the folder's photos; resolves with one row per photo (also when interrupted: the state so far). */
export async function runSubmitBatch(o: SubmitBatchOptions): Promise<SubmitResultRow[]> {
  const release = await lockBatchFolder(o.dir);
  try {
    return await runLocked(o);
  } finally {
    await release();
  }
}

async function runLocked(o: SubmitBatchOptions): Promise<SubmitResultRow[]> {
  const doFetch = o.fetch ?? globalThis.fetch;
  const state = await loadBatchState(
    o.dir,
    { server: o.server, contactEmail: o.contactEmail, templateId: o.templateId },
    o.fresh === true,
  );
  const writer = createStateWriter(o.dir, state);
  const names = (await readdir(o.dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && PHOTO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => e.name)
    .sort();
  for (const name of names) fileStateOf(state, name, (await stat(path.join(o.dir, name))).size);
  await writer.save();
  const emit = (file: string, stage: FileStage, detail?: string) => o.events?.onStage?.(file, stage, detail);
  o.events?.onStart?.(names.length, names.filter((n) => state.files[n]?.ticket !== undefined).length);
  const wantFinals = o.wait || o.downloadDir !== undefined;
  if (o.downloadDir !== undefined) await mkdir(o.downloadDir, { recursive: true });

  async function submit(name: string, s: FileState): Promise<void> {
    if (s.submitting && s.ticket === undefined) {
      // Interrupted after AddImage was sent: it may have arrived. Its customerImageId says.
      const found = await o.studio
        .getImageStatus({ imageTicket: "nonticket", customerImageId: s.customerImageId })
        .catch((e: unknown) => {
          if (isStudioError(e, "ImageNotFound")) return undefined;
          throw e;
        });
      if (found?.ImageStatus) {
        s.ticket = found.ImageStatus.ImageTicket;
        s.submittedAt ??= Date.now();
        await writer.save();
        emit(name, "submitted", s.ticket);
        return;
      }
    }
    emit(name, "uploading");
    if (s.uploadUrl === undefined || (s.uploadedAt ?? 0) < Date.now() - UPLOAD_REUSE_MS) {
      const data = await readFile(path.join(o.dir, name));
      const pair = await o.studio.upload({ name, data }, o.signal);
      s.uploadUrl = pair.DownloadUrl;
      s.uploadedAt = Date.now();
      await writer.save();
    }
    s.submitting = true;
    await writer.save();
    o.signal.throwIfAborted();
    const posted = await o.studio.addImage({
      templateId: o.templateId,
      imageURL: s.uploadUrl,
      customerImageId: s.customerImageId,
    });
    s.ticket = posted.ImageTicket;
    s.submittedAt = Date.now();
    await writer.save();
    emit(name, "submitted", s.ticket);
  }

  async function finish(name: string, s: FileState, ticket: string): Promise<void> {
    let status: ImageStatus | undefined;
    if (s.statusId === undefined || !isSettled(s.statusId)) {
      try {
        status = await o.studio.waitForImage(ticket, {
          maxIntervalMs: o.maxPollIntervalMs,
          timeoutMs: o.waitTimeoutMs,
          signal: o.signal,
        });
      } catch (e) {
        if (!(e instanceof ImageFailedError)) throw e;
        status = e.status;
      }
      s.statusId = status.StatusId;
      s.statusName = status.StatusName;
      s.finishedAt = Date.now();
      await writer.save();
      emit(name, isImageFailed(status) ? "failed" : "finished", status.StatusName);
    }
    if (o.downloadDir === undefined || s.finals || isImageFailed({ StatusId: s.statusId })) return;
    // Finished in an earlier run: ask again for links that are still valid.
    status ??= (await o.studio.getImageStatus({ imageTicket: ticket })).ImageStatus ?? undefined;
    if (status === undefined) throw new Error(`image ${ticket} has no status`);
    const finals: { file: string; size: number }[] = [];
    const stem = path.parse(name).name;
    for (const [i, url] of status.FinalImagesURL.entries()) {
      const res = await doFetch(url, { signal: o.signal });
      if (!res.ok) throw new Error(`final ${i + 1} of ${name} answered HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const ext = path.extname(new URL(url).pathname) || ".jpg";
      const file = `${stem}${status.FinalImagesURL.length > 1 ? `-${i + 1}` : ""}${ext}`;
      const target = path.join(o.downloadDir, file);
      await writeFile(`${target}.part`, bytes);
      await rename(`${target}.part`, target);
      finals.push({ file, size: bytes.length });
    }
    s.finals = finals;
    await writer.save();
    emit(name, "downloaded", `-> ${finals.map((f) => f.file).join(", ")}`);
  }

  const waits: Promise<void>[] = [];
  const errors = new Map<string, string>();
  const guard = (name: string, p: Promise<void>) =>
    p.catch((e: unknown) => {
      if (o.signal.aborted) return;
      errors.set(name, messageOf(e));
      emit(name, "error", messageOf(e));
    });
  const track = (name: string, s: FileState) => {
    if (wantFinals && s.ticket !== undefined) waits.push(guard(name, finish(name, s, s.ticket)));
  };
  // Photos submitted by an earlier run start waiting at once; the rest are uploaded `concurrency` at a time.
  const todo = names.filter((n) => state.files[n]?.ticket === undefined);
  for (const n of names) if (state.files[n]?.ticket !== undefined) track(n, state.files[n]);
  await pool(todo, o.concurrency, o.signal, async (name) => {
    const s = state.files[name] as FileState;
    await guard(name, submit(name, s));
    track(name, s);
  });
  await Promise.all(waits);
  await writer.save();
  return names.map((n) => toRow(n, state.files[n] as FileState, errors.get(n)));
}
