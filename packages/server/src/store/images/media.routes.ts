// The public route serving uploaded store images: GET/HEAD /media/images/{publicId}, no token needed.
import type { FastifyInstance } from "fastify";
import type { BlobStore } from "../../core/blobs/index.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { findOwnedImageByPublicId } from "./image.repository.js";
import { MEDIA_PATH } from "./image.service.js";

export interface MediaRouteDeps {
  db: Executor;
  blobs: BlobStore;
}

// Storefront images are public and their names unguessable and never reused: cache them for good. The
// type is the sniffed one, and the headers stop a browser from running the bytes as anything else.
const PUBLIC_ID = /^[A-Za-z0-9_-]{24}\.[a-z]{3,4}$/;
const HEADERS = {
  "cache-control": "public, max-age=31536000, immutable",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; sandbox",
};

/**
 * Serves images that a product or category still owns (404 for removed ones, even before their blob is
 * swept), streamed from blob storage (local or S3) with their sniffed content type.
 */
export function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  app.route<{ Params: { file: string } }>({
    method: ["GET", "HEAD"],
    url: `${MEDIA_PATH}:file`,
    handler: async (request, reply) => {
      // A malformed name is just an image that does not exist.
      const file = request.params.file;
      const image = PUBLIC_ID.test(file) ? await findOwnedImageByPublicId(deps.db, file) : undefined;
      if (!image) throw new AppError("not_found", "Image not found");
      void reply.headers(HEADERS).type(image.content_type).header("content-length", image.size);
      if (request.method === "HEAD") return reply.send();
      const { body } = await deps.blobs.get(image.blob_key);
      return reply.send(body);
    },
  });
}
