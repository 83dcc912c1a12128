// Images as the Studio wire shows them (ImageStatus), with signed links to their files.
import type { StudioResponse } from "../studio.contract.js";
import type { StudioLinks } from "../studio-links.js";
import { statusName } from "./image-status.js";
import type { ImageStatusRow, ImageVersion } from "./image.repository.js";

export type ImageStatusView = NonNullable<StudioResponse<"getImageStatus">["ImageStatus"]>;

/** FinalImagesURL lists every version's final (main first) until retention removes the files. */
export function toImageStatusView(
  image: ImageStatusRow,
  versions: readonly ImageVersion[],
  links: StudioLinks,
): ImageStatusView {
  const files = image.filesRemovedAt === null ? versions : [];
  const thumbnail = files.find((v) => v.position === 0)?.thumbnail_key ?? null;
  return {
    CustomerImageId: image.customerImageId,
    FinalImagesURL: files.map((v) => links.file(v.final_key)),
    ImageTicket: image.ticket,
    IsPaid: image.isPaid,
    ProductId: image.productId,
    StatusId: image.status,
    StatusName: statusName(image.status),
    ThumbnailImageURL: thumbnail === null ? null : links.file(thumbnail),
  };
}
