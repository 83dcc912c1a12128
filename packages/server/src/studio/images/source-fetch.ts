// Fetches one source of an image: from the blob store when it is the contact's own direct upload,
// otherwise over the network through the safe HTTP client (address policy, redirects, size, time).
import type { Readable } from "node:stream";
import { AppError, isAppError } from "../../core/errors/index.js";
import type { StudioDeps } from "../studio.deps.js";
import { SourceRefused } from "./source-check.js";

/** A failure worth retrying (network trouble, a busy server); after the last attempt it becomes 12 too. */
export class SourceUnavailable extends Error {
  override readonly name = "SourceUnavailable";
}

export interface FetchedSource {
  bytes: Buffer;
  contentType: string | undefined;
}

// A RequestPresignUrls key inside the URL's path: local `/blobs/<key>`, S3 path-style `/<bucket>/<key>`
// or virtual-host `/<key>`.
const UPLOAD_KEY = /(?:^|\/)(studio\/uploads\/(\d+)\/[0-9a-f-]{36}\/[A-Za-z0-9._-]+)$/;

/** The upload key of `url` when it names one of `contactId`'s direct uploads. */
export async function findOwnUpload(
  deps: StudioDeps,
  contactId: number,
  url: string,
): Promise<string | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const m = UPLOAD_KEY.exec(path);
  if (!m?.[1] || Number(m[2]) !== contactId) return undefined;
  const row = await deps.database.kysely
    .selectFrom("studio_uploads")
    .select("blob_key")
    .where("blob_key", "=", m[1])
    .where("contact_id", "=", contactId)
    .executeTakeFirst();
  return row?.blob_key;
}

async function readAll(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new SourceRefused(`the file is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Why a refused or failed fetch happened, in words for the customer (the safe client's messages). */
function explain(e: AppError): string {
  return e.message.charAt(0).toLowerCase() + e.message.slice(1);
}

/**
 * The bytes behind `url`. Throws SourceRefused when the URL can never give a photo (refused address,
 * redirect loop, 4xx, too large) and SourceUnavailable for trouble that may pass (timeouts, 5xx).
 */
export async function fetchSource(
  deps: StudioDeps,
  contactId: number,
  url: string,
  signal: AbortSignal,
): Promise<FetchedSource> {
  const max = deps.limits.maxSourceBytes;
  const upload = await findOwnUpload(deps, contactId, url);
  if (upload !== undefined) {
    try {
      const { info, body } = await deps.blobs.get(upload);
      if (info.size > max) {
        body.destroy();
        throw new SourceRefused(`the file is larger than ${max} bytes`);
      }
      return { bytes: await readAll(body, max), contentType: info.contentType };
    } catch (e) {
      if (isAppError(e, "blob_not_found"))
        throw new SourceUnavailable("nothing was uploaded to the UploadUrl");
      throw e;
    }
  }
  try {
    const res = await deps.httpClient.request(url, { maxBodyBytes: max, signal });
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new SourceUnavailable(`the server answered HTTP ${res.status}`);
    if (res.status < 200 || res.status >= 300)
      throw new SourceRefused(`the server answered HTTP ${res.status}`);
    const type = res.headers["content-type"];
    return { bytes: res.body, contentType: Array.isArray(type) ? type[0] : type };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === "fetch_failed" || e.code === "fetch_timeout") throw new SourceUnavailable(explain(e));
    if (e.code === "url_refused" || e.code === "fetch_too_large") throw new SourceRefused(explain(e));
    throw e;
  }
}
