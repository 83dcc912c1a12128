// Wire shapes of uploaded images, and the `images` list of a product as stored in its JSON column.
import { Type, type Static } from "@sinclair/typebox";
import { formatTimestamp } from "../shared/timestamps.js";
import type { ImageRecord } from "./image.repository.js";

/** The upload response: the image as the product (or category) now shows it, plus what was stored. */
export const ImageJson = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  is_primary: Type.Boolean(),
  content_type: Type.String(),
  size: Type.Integer(),
  created_at: Type.String(),
});
export type ImageJson = Static<typeof ImageJson>;

export const UploadQuery = Type.Object({
  /** Make this the product's primary image (also accepted as a multipart field). */
  is_primary: Type.Optional(Type.Boolean()),
});
export type UploadQuery = Static<typeof UploadQuery>;

export const ProductImageParams = Type.Object(
  {
    id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    imageId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  },
  { "x-not-found": "Image not found" },
);

/** One entry of `store_products.images`: URL images from the body, uploads also carry their `id`. */
export interface ProductImageEntry {
  id?: number;
  url: string;
  is_primary: boolean;
}

export function toImageJson(row: ImageRecord, url: string, isPrimary: boolean): ImageJson {
  return {
    id: row.id,
    url,
    is_primary: isPrimary,
    content_type: row.content_type,
    size: row.size,
    created_at: formatTimestamp(row.created_at),
  };
}

export function parseProductImages(json: string): ProductImageEntry[] {
  return JSON.parse(json) as ProductImageEntry[];
}

/**
 * The product's image list after a create/update body sets `images` (URL images): uploaded images stay
 * (first, in upload order; they are removed with DELETE …/images/{id}), the body's URLs follow. The body's
 * `is_primary: true` wins; otherwise a primary upload stays primary; otherwise the first image is primary.
 */
export function mergeUrlImages(
  existingJson: string | undefined,
  body: readonly { url: string; is_primary?: boolean | undefined }[],
): string {
  const uploads = existingJson === undefined ? [] : parseProductImages(existingJson).filter((i) => i.id);
  const chosen = body.findIndex((i) => i.is_primary === true);
  const list: ProductImageEntry[] = [
    ...uploads.map((u) => ({ ...u, is_primary: chosen < 0 && u.is_primary })),
    ...body.map((i, n) => ({ url: i.url, is_primary: n === chosen })),
  ];
  const first = list[0];
  if (first && !list.some((i) => i.is_primary)) first.is_primary = true;
  return JSON.stringify(list);
}
