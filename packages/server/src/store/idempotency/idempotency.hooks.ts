// Idempotency-Key on POST: the first response is remembered and replayed (`Idempotent-Replayed: true`).
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../core/clock.js";
import type { Executor } from "../../core/db/index.js";
import { AppError } from "../../core/errors/index.js";
import { getPrincipal } from "../http/request-context.js";
import { invalidField } from "../shared/validation.js";
import {
  deleteKey,
  findKey,
  saveResponse,
  tryReserveKey,
  type IdempotencyScope,
} from "./idempotency.repository.js";

/** Keys are remembered this long; after that the same key starts a new request. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;
const HEADER = "idempotency-key";

export interface IdempotencyOptions {
  db: Executor;
  clock: Clock;
}

function requestHash(request: FastifyRequest): string {
  const path = request.url.split("?")[0] ?? "";
  // Streamed bodies (image uploads) are never buffered, so their fingerprint is what the client declared
  // about them (type and length), not their bytes.
  const body =
    request.body instanceof Readable
      ? `stream ${request.headers["content-type"] ?? ""} ${request.headers["content-length"] ?? ""}`
      : JSON.stringify(request.body ?? null);
  return createHash("sha256").update(`${request.method} ${path}\n${body}`).digest("hex");
}

/**
 * Installs the hooks. Runs after authentication and validation, so requests refused before they run
 * (401/403/400/422 from the schema) are not remembered and can be retried with the same key. Responses
 * of 5xx are forgotten too; everything else, errors included, is replayed for 24 h. Reusing a key with
 * another method, path or body is 422; while the first request still runs, a second one is 409.
 *
 * Trade-off: the response is saved after the change commits, not in the same transaction; if the process
 * dies in between, the key stays "in progress" (409) until it expires rather than risking a double write.
 */
export function installIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const pending = new WeakMap<FastifyRequest, number>();

  app.addHook("preHandler", async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = request.headers[HEADER];
    if (request.method !== "POST" || raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (key === undefined || !KEY.test(key)) {
      throw invalidField(
        "Idempotency-Key",
        "The Idempotency-Key must be 1 to 255 printable ASCII characters.",
      );
    }
    const { store, token } = getPrincipal(request);
    const scope: IdempotencyScope = { storeId: store.id, tokenId: token.id, key };
    const hash = requestHash(request);
    const now = options.clock.now();
    for (let attempt = 0; attempt < 2; attempt++) {
      const id = await tryReserveKey(options.db, scope, hash, now);
      if (id !== undefined) {
        pending.set(request, id);
        return;
      }
      const existing = await findKey(options.db, scope);
      if (!existing) continue; // deleted between our insert and read: try again
      if (existing.created_at <= now - IDEMPOTENCY_TTL_MS) {
        await deleteKey(options.db, existing.id);
        continue;
      }
      if (existing.request_hash !== hash) {
        throw invalidField(
          "Idempotency-Key",
          "This Idempotency-Key was already used with a different request; use a new key for a new request.",
        );
      }
      if (existing.response_status === null || existing.response_body === null) {
        throw new AppError("conflict", "A request with this Idempotency-Key is still being processed.");
      }
      return reply
        .status(existing.response_status)
        .header("Idempotent-Replayed", "true")
        .type("application/json; charset=utf-8")
        .send(existing.response_body);
    }
    throw new AppError("conflict", "A request with this Idempotency-Key is still being processed.");
  });

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const id = pending.get(request);
    if (id === undefined) return payload;
    pending.delete(request);
    if (reply.statusCode >= 500 || typeof payload !== "string") await deleteKey(options.db, id);
    else await saveResponse(options.db, id, reply.statusCode, payload);
    return payload;
  });
}
