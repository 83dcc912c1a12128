// The studio console's JSON endpoints under /api/studio/v1: image detail, template previews, finals as a
// ZIP, and the Studio REST JSON API's OpenAPI document. Credentials in headers (see console-auth.ts).
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { AppError } from "../../core/errors/index.js";
import { createContactAuthenticator } from "../contacts/contact-auth.js";
import type { StudioImaging } from "../images/imaging.js";
import { studioOpenApi } from "../openapi/studio-openapi.js";
import type { StudioDeps } from "../studio.deps.js";
import { authenticateConsoleCall, type SessionContacts } from "./console-auth.js";
import { createFinalsZip, DEFAULT_FINALS_ZIP_LIMITS, type FinalsZipLimits } from "./finals-zip.service.js";
import { getImageDetail } from "./image-detail.js";
import { STUDIO_CONSOLE_PREFIX } from "./studio-console.paths.js";
import { FinalsZipBody, ImageDetail, PreviewBody, TicketParams } from "./studio-console.schema.js";
import { createPreviewService, DEFAULT_PREVIEW_LIMITS, type PreviewLimits } from "./preview.service.js";

const BODY_LIMIT = 64 * 1024;

export interface StudioConsoleOptions {
  preview?: PreviewLimits;
  zip?: FinalsZipLimits;
  /** The console session's contacts (web console accounts); without it only keys are accepted. */
  sessionContacts?: SessionContacts;
}

export function registerStudioConsoleRoutes(
  app: FastifyInstance,
  deps: StudioDeps,
  imaging: StudioImaging,
  options: StudioConsoleOptions = {},
): void {
  const authenticator = createContactAuthenticator(deps.database.kysely, deps.limits.authCacheMs);
  const previews = createPreviewService(deps, imaging, options.preview ?? DEFAULT_PREVIEW_LIMITS);
  const zipLimits = options.zip ?? DEFAULT_FINALS_ZIP_LIMITS;

  void app.register(
    (api: FastifyInstance, _opts, done) => {
      api.addHook("onSend", (_request, reply, payload, next) => {
        if (!reply.hasHeader("cache-control")) void reply.header("cache-control", "no-store");
        next(null, payload);
      });

      // Public: tools and the console's reference read the contract before they hold a key.
      api.get("/openapi.json", (_request, reply) =>
        reply.header("cache-control", "no-cache").send(studioOpenApi()),
      );

      api.get<{ Params: { ticket: string } }>(
        "/images/:ticket",
        { schema: { params: TicketParams, response: { 200: Type.Object({ data: ImageDetail }) } } },
        async (request) => {
          const contact = await authenticateConsoleCall(authenticator, request, options.sessionContacts);
          return { data: await getImageDetail(deps, contact, request.params.ticket) };
        },
      );

      api.post<{ Body: PreviewBody }>(
        "/previews",
        { schema: { body: PreviewBody }, bodyLimit: BODY_LIMIT },
        async (request, reply) => {
          const contact = await authenticateConsoleCall(authenticator, request, options.sessionContacts);
          const { template, imageTicket, uploadUrl } = request.body;
          if ((imageTicket === undefined) === (uploadUrl === undefined))
            throw new AppError("validation_failed", "Give exactly one of imageTicket and uploadUrl.");
          const source = imageTicket !== undefined ? { imageTicket } : { uploadUrl: uploadUrl ?? "" };
          const p = await previews.preview(contact, template, source);
          return reply
            .type(p.mimeType)
            .header("x-pixl-preview-size", `${p.width}x${p.height}`)
            .header("x-pixl-preview-scale", p.scale.toFixed(4))
            .header("x-content-type-options", "nosniff")
            .send(p.image);
        },
      );

      api.post<{ Body: FinalsZipBody }>(
        "/finals.zip",
        { schema: { body: FinalsZipBody }, bodyLimit: BODY_LIMIT },
        async (request, reply) => {
          const contact = await authenticateConsoleCall(authenticator, request, options.sessionContacts);
          const zip = await createFinalsZip(deps, contact, request.body.imageTickets, zipLimits);
          const date = new Date(deps.clock.now()).toISOString().slice(0, 10);
          zip.stream.on("error", (e) => request.log.warn({ err: e }, "finals ZIP cut short"));
          return reply
            .type("application/zip")
            .header("content-disposition", `attachment; filename="pixl-finals-${date}.zip"`)
            .header("x-pixl-zip-files", String(zip.files))
            .send(zip.stream);
        },
      );
      done();
    },
    { prefix: STUDIO_CONSOLE_PREFIX },
  );
}
