// A contact's listeners (a Pixl extension of the Studio API, for `pixl listen --contact`): the contact's
// studio callbacks wait on the server until pulled (long-poll, cursor) and acknowledged, like a store's.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Executor } from "../../core/db/index.js";
import type { HttpServer } from "../../core/http/index.js";
import { formatCursor, isListenerUrl, parseCursor } from "../../webhooks/listener.js";
import type { WebhookEngine } from "../../webhooks/webhook-engine.js";
import { authenticateContact } from "../contacts/contact.service.js";
import { StudioError } from "../studio-errors.js";
import { toStudioFailure } from "../wire/studio-failure.js";

/** Where the routes live; credentials ride in `X-Contact-Email` and `X-Contact-APIkey` (never in URLs). */
export const CONTACT_LISTENERS_PREFIX = "/studio/listeners";

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const PullQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 80 })),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});
const AckBody = Type.Object({
  Deliveries: Type.Array(
    Type.Object({
      DeliveryId: Type.String({ pattern: "^wh_del_[A-Za-z0-9_-]{1,40}$" }),
      StatusCode: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 999 }), Type.Null()])),
    }),
    { minItems: 1, maxItems: 500 },
  ),
});

const ok = { ErrorCode: "NoError" as const, Message: "" };

function headerOf(request: FastifyRequest, name: string): string {
  const v = request.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

async function ownerOf(db: Executor, request: FastifyRequest) {
  const email = headerOf(request, "x-contact-email");
  const key = headerOf(request, "x-contact-apikey");
  if (email.length > 320 || key.length > 200)
    throw new StudioError("InvalidParameter", "The credentials are too long.");
  const contact = await authenticateContact(db, email, key);
  return { kind: "contact" as const, id: contact.id };
}

/** The same listener missing, another contact's, or a regular endpoint: one answer. */
function notFound(e: unknown): never {
  if (e instanceof Error && "code" in e && e.code === "not_found")
    throw new StudioError("InvalidParameter", "Listener not found.");
  throw e;
}

/** Registers POST /studio/listeners, GET …/:id/deliveries, POST …/:id/ack and DELETE …/:id. */
export function registerContactListenerRoutes(
  http: HttpServer,
  deps: { db: Executor; webhooks: WebhookEngine },
): void {
  const { db, webhooks } = deps;
  http.errorEncoders.add(CONTACT_LISTENERS_PREFIX, (error, _request, reply) => {
    const failure = toStudioFailure(error);
    return reply
      .status(failure.status)
      .type("application/json; charset=utf-8")
      .send({ ErrorCode: failure.errorCode, Message: failure.message });
  });
  void http.app.register(
    (api: FastifyInstance, _opts, done) => {
      api.post("/", { bodyLimit: 1024 }, async (request, reply) => {
        const { endpoint } = await webhooks.createListener(await ownerOf(db, request), []);
        return reply.status(201).send({
          ...ok,
          Listener: { ListenerId: endpoint.id, CreatedAt: new Date(endpoint.created_at).toISOString() },
        });
      });

      api.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PullQuery> }>(
        "/:id/deliveries",
        { schema: { params: IdParams, querystring: PullQuery } },
        async (request) => {
          const owner = await ownerOf(db, request);
          const controller = new AbortController();
          request.raw.on("close", () => controller.abort());
          const q = request.query;
          const after = parseCursor(q.after);
          const rows = await webhooks
            .pull(owner, request.params.id, {
              ...(after === undefined ? {} : { after }),
              limit: q.limit ?? 100,
              waitMs: (q.wait ?? 0) * 1000,
              signal: controller.signal,
            })
            .catch(notFound);
          const last = rows.at(-1);
          return {
            ...ok,
            Deliveries: rows.map((d) => ({
              DeliveryId: d.id,
              EventType: d.event_type,
              CreatedAt: new Date(d.created_at).toISOString(),
              ContentType: d.content_type,
              Body: d.body,
            })),
            Cursor: last ? formatCursor({ createdAt: last.created_at, id: last.id }) : (q.after ?? null),
          };
        },
      );

      api.post<{ Params: Static<typeof IdParams>; Body: Static<typeof AckBody> }>(
        "/:id/ack",
        { bodyLimit: 64 * 1024, schema: { params: IdParams, body: AckBody } },
        async (request) => {
          const acked = await webhooks
            .ack(
              await ownerOf(db, request),
              request.params.id,
              request.body.Deliveries.map((d) => ({ id: d.DeliveryId, status: d.StatusCode ?? null })),
            )
            .catch(notFound);
          return { ...ok, Acknowledged: acked };
        },
      );

      api.delete<{ Params: Static<typeof IdParams> }>(
        "/:id",
        { schema: { params: IdParams } },
        async (request) => {
          const owner = await ownerOf(db, request);
          const endpoint = await webhooks.getEndpoint(owner, request.params.id).catch(notFound);
          if (!isListenerUrl(endpoint.url)) throw new StudioError("InvalidParameter", "Listener not found.");
          await webhooks.deleteEndpoint(owner, request.params.id);
          return ok;
        },
      );
      done();
    },
    { prefix: CONTACT_LISTENERS_PREFIX },
  );
}
