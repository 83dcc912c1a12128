// Finals of several images in one ZIP: checked and listed up front (any problem is a clean error before
// the first byte), then streamed file by file; each final sent counts as downloaded, as through its link.
import type { Readable } from "node:stream";
import { AppError } from "../../core/errors/index.js";
import { createZipStream, type ZipEntry } from "../../core/zip/zip-writer.js";
import type { Contact } from "../contacts/contact.repository.js";
import { recordFinalDownload } from "../images/delivery.js";
import { getImageForCall } from "../images/image-lookup.js";
import { batchListVersions } from "../images/image.repository.js";
import { FINISHED, ImageStatus, statusName } from "../images/image-status.js";
import type { StudioDeps } from "../studio.deps.js";

export interface FinalsZipLimits {
  /** Images per archive. Default 100. */
  maxImages: number;
  /** Bytes of finals per archive. Default 2 GiB (the writer has no ZIP64). */
  maxBytes: number;
}

export const DEFAULT_FINALS_ZIP_LIMITS: FinalsZipLimits = { maxImages: 100, maxBytes: 2 * 1024 ** 3 };

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/** `name.ext`, or `name (2).ext` when the archive already holds that name. */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf(".");
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : "";
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Checks the tickets (the contact's, finished, files present), sums the sizes and opens the archive. */
export async function createFinalsZip(
  deps: StudioDeps,
  contact: Contact,
  tickets: readonly string[],
  limits: FinalsZipLimits = DEFAULT_FINALS_ZIP_LIMITS,
): Promise<{ stream: Readable; files: number; bytes: number }> {
  const unique = [...new Set(tickets.map((t) => t.trim().toLowerCase()))];
  if (unique.length === 0)
    throw new AppError("validation_failed", "imageTickets must name at least one image.");
  if (unique.length > limits.maxImages)
    throw new AppError("validation_failed", `At most ${limits.maxImages} images per archive.`);
  const bad = unique.find((t) => !GUID.test(t));
  if (bad !== undefined)
    throw new AppError("validation_failed", `${bad.slice(0, 60)} is not an image ticket.`);
  const db = deps.database.kysely;
  const images = [];
  for (const ticket of unique) {
    const image = await getImageForCall(db, contact.id, ticket, undefined);
    const finished = FINISHED.includes(image.status) || image.status === ImageStatus.Closed;
    if (!finished || image.filesRemovedAt !== null)
      throw new AppError(
        "conflict",
        `Image ${image.ticket} has no final images (it is ${statusName(image.status)}).`,
        { imageTicket: image.ticket, status: image.status },
      );
    images.push(image);
  }
  const versions = await batchListVersions(
    db,
    images.map((i) => i.id),
  );
  const taken = new Set<string>();
  const entries: (ZipEntry & { key: string })[] = [];
  let bytes = 0;
  for (const image of images) {
    for (const v of versions.get(image.id) ?? []) {
      const info = await deps.blobs.find(v.final_key);
      if (info === undefined)
        throw new AppError("conflict", `A final image of ${image.ticket} is no longer stored.`);
      bytes += info.size;
      if (bytes > limits.maxBytes)
        throw new AppError(
          "payload_too_large",
          `These finals add up to more than ${limits.maxBytes} bytes; download fewer at once.`,
        );
      entries.push({
        key: v.final_key,
        name: uniqueName(v.file_name, taken),
        modifiedAt: image.finishedAt ?? image.createdAt,
        open: async () => (await deps.blobs.get(v.final_key)).body,
      });
    }
  }
  const stream = createZipStream(entries, {
    onEntryWritten: (e) => recordFinalDownload(deps, e.key),
  });
  return { stream, files: entries.length, bytes };
}
