// Direct upload (RequestPresignUrls).
import { randomUUID } from "node:crypto";
import type { Contact } from "../contacts/contact.repository.js";
import type { StudioDeps } from "../studio.deps.js";
import type { StudioResult } from "../studio.contract.js";
import { StudioError } from "../studio-errors.js";
import { safeFileName } from "./image-request.js";

/** The seed's UploadUrl lives 6 hours and its DownloadUrl about 5.6 days (487,440 s). */
export const UPLOAD_URL_SECONDS = 6 * 3600;
export const DOWNLOAD_URL_SECONDS = 487_440;
const MAX_NAMES = 100;

/**
 * Presigned upload/download pairs from the blob store, one per name. Each key is recorded as the contact's
 * upload, so a DownloadUrl posted back as `imageURL` is read straight from the store (no HTTP round trip,
 * and it works whatever address the store has). FeatureNotEnabled unless the contact has direct upload.
 */
export async function requestPresignUrls(
  deps: StudioDeps,
  contact: Contact,
  names: readonly string[],
): Promise<StudioResult<"requestPresignUrls">> {
  if (!contact.directUpload)
    throw new StudioError(
      "FeatureNotEnabled",
      "Direct upload is not enabled for this account; ask us to enable it.",
    );
  if (names.length === 0)
    throw new StudioError("MissingRequiredInformation", "imageNames must list at least one file name.");
  if (names.length > MAX_NAMES)
    throw new StudioError("InvalidParameter", `At most ${MAX_NAMES} imageNames per call.`);
  const now = deps.clock.now();
  const planned = names.map((name, i) => {
    const safe = safeFileName(name.trim());
    if (safe === "") throw new StudioError("InvalidParameter", `imageNames[${i}] is not a usable file name.`);
    return { name, key: `studio/uploads/${contact.id}/${randomUUID()}/${safe}` };
  });
  await deps.database.kysely
    .insertInto("studio_uploads")
    .values(planned.map((p) => ({ contact_id: contact.id, blob_key: p.key, created_at: now })))
    .execute();
  const PostingUrls = [];
  for (const p of planned) {
    PostingUrls.push({
      DownloadUrl: await deps.blobs.presignGet(p.key, { expiresInSeconds: DOWNLOAD_URL_SECONDS }),
      ImageName: p.name,
      UploadUrl: await deps.blobs.presignPut(p.key, {
        expiresInSeconds: UPLOAD_URL_SECONDS,
        maxBytes: deps.limits.maxUploadBytes,
      }),
    });
  }
  return { PostingUrls };
}
