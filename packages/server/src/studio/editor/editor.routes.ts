// The editor API (JSON; an editor key `Authorization: Bearer pxe_…` or an editor account's console
// session): the contact's queue, an item, its files, and the claim / result / versions / approve / return
// steps. Errors are Pixl's JSON envelope `{error, message}`.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { StudioImaging } from "../images/imaging.js";
import type { StudioDeps } from "../studio.deps.js";
import { authenticateEditor, authenticateSessionEditor, type Editor } from "./editor-account.js";
import { OPEN_TASK_STATES } from "./editor-queue.js";
import {
  approveImage,
  claimImage,
  getTaskForEditor,
  returnImage,
  submitResult,
  submitVersion,
} from "./editor.service.js";
import { listVersionUploads } from "./editor-versions.js";
import { editorOpenApi } from "../openapi/editor-openapi.js";
import { EDITOR_PREFIX } from "./editor.paths.js";
import { FileParams, QueueQuery, TicketParams, VersionParams } from "./editor.schema.js";
import type { EditorTaskState } from "./editor.tables.js";
import { editorFiles, toItemDetailView, toQueueItemView, type QueueRow } from "./editor.view.js";

export { EDITOR_PREFIX };

/** The optional `{"note": "…"}` of a return (an empty body is fine). */
function noteOf(body: unknown): string | null {
  if (body === undefined || body === null) return null;
  if (typeof body !== "object" || Array.isArray(body))
    throw new AppError("validation_failed", 'The body must be a JSON object like {"note": "…"}');
  const note = (body as { note?: unknown }).note;
  if (note === undefined || note === null) return null;
  if (typeof note !== "string" || note.length > 4000)
    throw new AppError("validation_failed", "note must be text of at most 4000 characters", {
      field: "note",
    });
  return note.trim() === "" ? null : note.trim();
}

/** The uploaded file: the raw request body. */
function uploadOf(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body) || request.body.length === 0)
    throw new AppError(
      "unsupported_media_type",
      "Upload the edited file as the request body (Content-Type image/… or application/octet-stream)",
    );
  return request.body;
}

type Req<P = unknown, Q = unknown, B = unknown> = FastifyRequest<{ Params: P; Querystring: Q; Body: B }>;

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return typeof h === "string" && /^Bearer /i.test(h) ? h.slice(7) : undefined;
}

async function listQueue(
  deps: StudioDeps,
  editor: Editor,
  states: readonly EditorTaskState[],
  limit: number,
  after: number,
): Promise<QueueRow[]> {
  const rows = await deps.database.kysely
    .selectFrom("studio_editor_tasks as t")
    .innerJoin("studio_images as i", (j) =>
      j.onRef("i.id", "=", "t.image_id").onRef("i.round", "=", "t.round"),
    )
    .leftJoin("studio_editors as e", "e.id", "t.claimed_by")
    .selectAll("t")
    .select([
      "i.ticket",
      "i.status",
      "i.kind",
      "i.customer_image_id",
      "i.product_id",
      "i.template_id",
      "i.deadline_at",
      "e.name as claimed_by_name",
    ])
    .where("t.contact_id", "=", editor.contactId)
    .where("t.state", "in", [...states])
    .where("t.id", ">", after)
    .orderBy("t.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    task: {
      id: r.id,
      image_id: r.image_id,
      contact_id: r.contact_id,
      round: r.round,
      state: r.state,
      source: r.source,
      reason: r.reason,
      draft_key: r.draft_key,
      claimed_by: r.claimed_by,
      claimed_at: r.claimed_at,
      result_key: r.result_key,
      result_content_type: r.result_content_type,
      submitted_at: r.submitted_at,
      decided_by: r.decided_by,
      decided_at: r.decided_at,
      created_at: r.created_at,
      updated_at: r.updated_at,
    },
    image: {
      ticket: r.ticket,
      status: r.status,
      kind: r.kind,
      customerImageId: r.customer_image_id,
      productId: r.product_id,
      templateId: r.template_id,
      deadlineAt: r.deadline_at,
    },
    claimedBy: r.claimed_by_name,
  }));
}

/**
 * The studio editors a request's console session works as (empty: signed in, but no editor), or undefined
 * without a session. Throws `forbidden` for an unsafe method without the session's CSRF token.
 */
export type SessionEditors = (request: FastifyRequest) => Promise<readonly number[] | undefined>;

type Authenticated = FastifyRequest & { editor: Editor | null; editorVia: "key" | "session" };

/**
 * Registers the editor API under `/studio/editor` (see the studio README, "Editor queue"). A request is
 * authenticated by an editor key (`Authorization: Bearer pxe_…`, for scripts) or, without one, by the
 * console session of an account with the role editor (`sessionEditors`).
 */
export function registerEditorRoutes(
  app: FastifyInstance,
  deps: StudioDeps,
  imaging: StudioImaging,
  sessionEditors?: SessionEditors,
): void {
  const codec = imaging.codec;
  const db = deps.database.kysely;
  const fileUrl = (ticket: string) => (name: string) => `${EDITOR_PREFIX}/images/${ticket}/files/${name}`;
  const detail = async (editor: Editor, ticket: string) => {
    const { image, task } = await getTaskForEditor(deps, editor, ticket);
    const claimer =
      task.claimed_by === null
        ? undefined
        : await db
            .selectFrom("studio_editors")
            .select("name")
            .where("id", "=", task.claimed_by)
            .executeTakeFirst();
    const row: QueueRow = { task, image, claimedBy: claimer?.name ?? null };
    const versions = await listVersionUploads(db, task.id);
    return toItemDetailView(db, row, image, versions, fileUrl(image.ticket));
  };

  // Public: tools and the console's reference read the contract before they hold a key.
  app.get(`${EDITOR_PREFIX}/openapi.json`, (_request, reply) =>
    reply.header("cache-control", "no-cache").send(editorOpenApi()),
  );

  void app.register(
    (api: FastifyInstance, _opts, done) => {
      // Results are uploaded as the raw file; the type is sniffed, never trusted.
      const raw = { parseAs: "buffer", bodyLimit: deps.limits.maxEditorUploadBytes } as const;
      const keep = (_request: FastifyRequest, body: Buffer | string, next: (e: null, b: unknown) => void) =>
        next(null, body);
      api.addContentTypeParser(/^image\//, raw, keep);
      api.addContentTypeParser("application/octet-stream", raw, keep);
      api.decorateRequest("editor", null);
      api.decorateRequest("editorVia", "key");
      api.addHook("onRequest", async (request) => {
        const r = request as Authenticated;
        const key = bearer(request);
        const ids = key === undefined ? await sessionEditors?.(request) : undefined;
        if (ids === undefined) r.editor = await authenticateEditor(db, key);
        else {
          r.editor = await authenticateSessionEditor(db, ids);
          r.editorVia = "session";
        }
      });
      const editorOf = (request: FastifyRequest): Editor => {
        const e = (request as Authenticated).editor;
        if (!e) throw new AppError("unauthorized", "A valid editor key is required");
        return e;
      };

      api.get("/me", (request) => {
        const e = editorOf(request);
        return Promise.resolve({
          name: e.name,
          contactId: e.contactId,
          via: (request as Authenticated).editorVia,
        });
      });

      api.get(
        "/queue",
        { schema: { querystring: QueueQuery } },
        async (request: Req<unknown, { state?: string; limit?: number; after?: number }>) => {
          const editor = editorOf(request);
          const q = request.query;
          const states =
            q.state === undefined
              ? (["queued"] as const)
              : q.state === "open"
                ? OPEN_TASK_STATES
                : [q.state as EditorTaskState];
          const limit = q.limit ?? 50;
          const rows = await listQueue(deps, editor, states, limit, q.after ?? 0);
          const last = rows.at(-1);
          return {
            items: rows.map(toQueueItemView),
            next: rows.length === limit && last ? last.task.id : null,
          };
        },
      );

      api.get(
        "/images/:ticket",
        { schema: { params: TicketParams } },
        async (request: Req<{ ticket: string }>) => detail(editorOf(request), request.params.ticket),
      );

      api.get(
        "/images/:ticket/files/:name",
        { schema: { params: FileParams } },
        async (request: Req<{ ticket: string; name: string }>, reply) => {
          const { image, task } = await getTaskForEditor(deps, editorOf(request), request.params.ticket);
          const versions = await listVersionUploads(db, task.id);
          const key = editorFiles(image, task, versions).get(request.params.name);
          if (key === undefined)
            throw new AppError("not_found", `No file ${request.params.name} for this image`);
          const { info, body } = await deps.blobs.get(key);
          return reply
            .headers({
              "x-content-type-options": "nosniff",
              "content-security-policy": "default-src 'none'; sandbox",
              "cache-control": "private, no-store",
            })
            .type(info.contentType)
            .header("content-length", info.size)
            .header(
              "content-disposition",
              `attachment; filename="${request.params.name}-${key.split("/").pop() ?? "file"}"`,
            )
            .send(body);
        },
      );

      api.post(
        "/images/:ticket/claim",
        { schema: { params: TicketParams } },
        async (request: Req<{ ticket: string }>) => {
          const editor = editorOf(request);
          await claimImage(deps, editor, request.params.ticket);
          return detail(editor, request.params.ticket);
        },
      );

      api.put(
        "/images/:ticket/result",
        { schema: { params: TicketParams } },
        async (request: Req<{ ticket: string }>) => {
          const editor = editorOf(request);
          await submitResult(deps, codec, editor, request.params.ticket, uploadOf(request));
          return detail(editor, request.params.ticket);
        },
      );

      api.put(
        "/images/:ticket/versions/:position",
        { schema: { params: VersionParams } },
        async (request: Req<{ ticket: string; position: number }>) => {
          const editor = editorOf(request);
          await submitVersion(
            deps,
            codec,
            editor,
            request.params.ticket,
            request.params.position,
            uploadOf(request),
          );
          return detail(editor, request.params.ticket);
        },
      );

      api.post(
        "/images/:ticket/approve",
        { schema: { params: TicketParams } },
        async (request: Req<{ ticket: string }>) => {
          const editor = editorOf(request);
          await approveImage(deps, imaging, editor, request.params.ticket);
          return {
            ticket: request.params.ticket.toLowerCase(),
            statusId: 70,
            statusName: "Production Finished",
          };
        },
      );

      api.post(
        "/images/:ticket/return",
        { schema: { params: TicketParams } },
        async (request: Req<{ ticket: string }>) => {
          const editor = editorOf(request);
          await returnImage(deps, editor, request.params.ticket, noteOf(request.body));
          return detail(editor, request.params.ticket);
        },
      );
      done();
    },
    { prefix: EDITOR_PREFIX },
  );
}
