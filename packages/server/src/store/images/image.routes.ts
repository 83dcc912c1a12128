// Image uploads of the Store API (products:write): POST/DELETE /products/{id}/images[/{imageId}],
// POST/DELETE /categories/{id}/image. Bodies are streamed to blob storage, never parsed or buffered.
import type { FastifyContentTypeParser, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { requireScope } from "../http/auth.hooks.js";
import { getPrincipal } from "../http/request-context.js";
import { DataEnvelope, MessageEnvelope, ok, okMessage } from "../shared/envelope.js";
import { idParams } from "../shared/list-query.schema.js";
import { invalidField } from "../shared/validation.js";
import { receiveImageUpload, type ReceivedImage } from "./image-upload.js";
import { ImageJson, ProductImageParams, UploadQuery } from "./image.schema.js";
import {
  addProductImage,
  deleteCategoryImage,
  deleteProductImage,
  setCategoryImage,
  type ImageDeps,
} from "./image.service.js";
import { findProduct } from "../catalog/product.repository.js";
import { getCategory } from "../catalog/category.service.js";

export interface ImageRouteDeps extends ImageDeps {
  /** `PIXL_MAX_UPLOAD_BYTES`. */
  maxUploadBytes: number;
}

/** What the upload routes take, for the OpenAPI document (the handler reads the raw request). */
const UPLOAD_TYPES = ["multipart/form-data", "image/png", "image/jpeg", "image/webp", "image/gif"];
const TRUE = new Set(["1", "true", "on", "yes"]);
const FALSE = new Set(["0", "false", "off", "no", ""]);

/** `is_primary` from the query, else from a multipart field. */
function isPrimaryOf(query: UploadQuery, image: ReceivedImage): boolean {
  if (query.is_primary !== undefined) return query.is_primary;
  const field = image.fields["is_primary"]?.trim().toLowerCase();
  if (field === undefined || FALSE.has(field)) return false;
  if (TRUE.has(field)) return true;
  throw invalidField("is_primary", "The is primary field must be true or false.");
}

/** Receives the upload; on failure asks the client to close the connection rather than send the rest. */
async function receive(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: ImageRouteDeps,
  storeId: number,
): Promise<ReceivedImage> {
  try {
    return await receiveImageUpload(request, {
      blobs: deps.blobs,
      keyPrefix: `store-images/${storeId}`,
      maxBytes: deps.maxUploadBytes,
    });
  } catch (e) {
    void reply.header("connection", "close");
    throw e;
  }
}

export function registerImageRoutes(app: FastifyInstance, deps: ImageRouteDeps): void {
  const write = requireScope("products:write");
  const db = deps.database.kysely;

  void app.register((uploads: FastifyInstance, _opts, done) => {
    // The handler reads the raw request: hand it the untouched stream instead of parsing.
    const passThrough: FastifyContentTypeParser = (_request, payload, next) => {
      next(null, payload);
    };
    uploads.addContentTypeParser(["multipart/form-data", "application/octet-stream"], passThrough);
    uploads.addContentTypeParser(/^image\//, passThrough);

    uploads.post<{ Params: { id: number }; Querystring: UploadQuery }>(
      "/products/:id/images",
      {
        onRequest: write,
        config: { consumes: UPLOAD_TYPES },
        schema: {
          params: idParams("Product not found"),
          querystring: UploadQuery,
          response: { 201: DataEnvelope(ImageJson) },
        },
      },
      async (request, reply) => {
        const { store } = getPrincipal(request);
        // Refuse before reading a byte when the product is not the caller's.
        if (!(await findProduct(db, store.id, request.params.id))) {
          void reply.header("connection", "close");
          throw new AppError("not_found", "Product not found");
        }
        const image = await receive(request, reply, deps, store.id);
        let primary: boolean;
        try {
          primary = isPrimaryOf(request.query, image);
        } catch (e) {
          await deps.blobs.delete(image.key);
          throw e;
        }
        const json = await addProductImage(deps, store, request.params.id, image, primary);
        return reply.status(201).send(ok(json, "Image uploaded successfully"));
      },
    );

    uploads.post<{ Params: { id: number } }>(
      "/categories/:id/image",
      {
        onRequest: write,
        config: { consumes: UPLOAD_TYPES },
        schema: {
          params: idParams("Category not found"),
          response: { 201: DataEnvelope(ImageJson) },
        },
      },
      async (request, reply) => {
        const { store } = getPrincipal(request);
        try {
          await getCategory(db, store.id, request.params.id);
        } catch (e) {
          void reply.header("connection", "close");
          throw e;
        }
        const image = await receive(request, reply, deps, store.id);
        const json = await setCategoryImage(deps, store, request.params.id, image);
        return reply.status(201).send(ok(json, "Image uploaded successfully"));
      },
    );
    done();
  });

  app.delete<{ Params: { id: number; imageId: number } }>(
    "/products/:id/images/:imageId",
    { onRequest: write, schema: { params: ProductImageParams, response: { 200: MessageEnvelope } } },
    async (request) => {
      const { store } = getPrincipal(request);
      await deleteProductImage(deps, store, request.params.id, request.params.imageId);
      return okMessage("Image deleted successfully");
    },
  );

  app.delete<{ Params: { id: number } }>(
    "/categories/:id/image",
    {
      onRequest: write,
      schema: { params: idParams("Category not found"), response: { 200: MessageEnvelope } },
    },
    async (request) => {
      await deleteCategoryImage(deps, getPrincipal(request).store, request.params.id);
      return okMessage("Image deleted successfully");
    },
  );
}
