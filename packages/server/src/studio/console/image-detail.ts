// One image as the studio console shows it: status, the source (the "before"), the finals (the "after"),
// the customer's instructions and every rejection, with signed links to the files.
import type { Contact } from "../contacts/contact.repository.js";
import { getImageForCall } from "../images/image-lookup.js";
import { listVersions } from "../images/image.repository.js";
import { FINISHED, ImageStatus, statusName } from "../images/image-status.js";
import type { StudioDeps } from "../studio.deps.js";
import type { ImageDetail } from "./studio-console.schema.js";

const iso = (ms: number): string => new Date(ms).toISOString();

function lastSegment(url: string | undefined): string {
  if (url === undefined) return "";
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "").slice(0, 300);
  } catch {
    return "";
  }
}

/** The contact's image by ticket (another contact's is ImageNotFound, like an unknown one). */
export async function getImageDetail(
  deps: StudioDeps,
  contact: Contact,
  ticket: string,
): Promise<ImageDetail> {
  const db = deps.database.kysely;
  const image = await getImageForCall(db, contact.id, ticket, undefined);
  const present = image.filesRemovedAt === null;
  const showFinals = present && (FINISHED.includes(image.status) || image.status === ImageStatus.Closed);
  const versions = showFinals ? await listVersions(db, image.id) : [];
  const source = present ? image.sourceKeys[0] : undefined;
  const thumbnail = versions.find((v) => v.position === 0)?.thumbnail_key ?? null;
  return {
    ticket: image.ticket,
    status: image.status,
    statusName: statusName(image.status),
    message:
      image.status === ImageStatus.DownloadFailed || image.status === ImageStatus.RejectedByPixelz
        ? (image.statusReason ?? "")
        : "",
    customerImageId: image.customerImageId,
    productId: image.productId,
    templateId: image.templateId,
    createdAt: iso(image.createdAt),
    finishedAt: image.finishedAt === null ? null : iso(image.finishedAt),
    deadlineAt: iso(image.deadlineAt),
    sourceName: lastSegment(image.request.sources[0]),
    sourceUrl: source === undefined ? null : deps.links.file(source),
    finals: versions.map((v) => ({
      url: deps.links.file(v.final_key),
      fileName: v.file_name,
      contentType: v.content_type,
      width: v.width,
      height: v.height,
    })),
    thumbnailUrl: thumbnail === null ? null : deps.links.file(thumbnail),
    comment: image.comment,
    markupImageUrl: image.markupUrl,
    rejections: (image.request.rejections ?? []).map((r) => ({
      comment: r.comment,
      markupImageUrl: r.markupImageUrl,
      at: iso(r.at),
    })),
    isTrial: image.isTrial,
    isPaid: image.isPaid,
  };
}
