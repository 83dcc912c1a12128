// A ready store webhook receiver: verify the raw body, dedupe by delivery id, dispatch typed events; plus
// adapters for fetch-style frameworks (Hono, Next.js route handlers), Express and Fastify.
import type { StoreEvent, StoreEventType } from "../store/store-types.js";
import type { DedupeStore } from "./dedupe-store.js";
import { verifyStandardWebhook, verifyStoreSignature } from "./verify.js";

type Handlers = { [E in StoreEventType]?: (event: StoreEvent<E>) => unknown };

export interface StoreWebhookHandlerOptions {
  /** The webhook's `whsec_…` secret; several during a rotation (any may match). */
  secret: string | readonly string[];
  /** One function per event type. */
  on: Handlers;
  /** Called for events without a handler. */
  onOther?: (event: StoreEvent) => unknown;
  /** Remembers delivery ids so a retried delivery runs once. Without it every delivery runs. */
  dedupe?: DedupeStore;
  /** How long a delivery id is remembered. Default 24 h. */
  dedupeTtlMs?: number;
  /**
   * Require the Standard Webhooks headers and their timestamp within `toleranceSeconds` (replay protection;
   * the webhook must be created with `standard_webhooks: true`). Default false: the hex signature suffices.
   */
  requireTimestamp?: boolean;
  toleranceSeconds?: number;
  now?: () => number;
}

/** What a framework gives the handler: the exact bytes received and a header lookup. */
export interface WebhookRequest {
  rawBody: string | Uint8Array;
  header(name: string): string | null | undefined;
}

export interface WebhookResult {
  status: number;
  body: string;
}

/** The framework-free handler: 401 unsigned/tampered/stale, 400 unreadable, 200 processed or repeated. */
export function createStoreWebhookHandler(options: StoreWebhookHandlerOptions) {
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  const ttl = options.dedupeTtlMs ?? 86_400_000;
  async function verified(req: WebhookRequest): Promise<boolean> {
    for (const secret of secrets) {
      if (options.requireTimestamp) {
        const verdict = await verifyStandardWebhook(
          req.rawBody,
          {
            "webhook-id": req.header("webhook-id"),
            "webhook-timestamp": req.header("webhook-timestamp"),
            "webhook-signature": req.header("webhook-signature"),
          },
          secret,
          {
            ...(options.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
            ...(options.now === undefined ? {} : { nowMs: options.now() }),
          },
        );
        if (verdict === "valid") return true;
      } else if (await verifyStoreSignature(req.rawBody, req.header("x-webhook-signature"), secret))
        return true;
    }
    return false;
  }
  return async function handle(req: WebhookRequest): Promise<WebhookResult> {
    if (!(await verified(req))) return { status: 401, body: "Invalid signature" };
    let event: StoreEvent;
    try {
      const text = typeof req.rawBody === "string" ? req.rawBody : new TextDecoder().decode(req.rawBody);
      event = JSON.parse(text) as StoreEvent;
    } catch {
      return { status: 400, body: "Invalid JSON" };
    }
    const id = req.header("x-webhook-id") ?? req.header("webhook-id") ?? event.id;
    if (options.dedupe && !(await options.dedupe.claim(id, ttl)))
      return { status: 200, body: "Already processed" };
    try {
      const fn = options.on[event.event_type] as ((e: StoreEvent) => unknown) | undefined;
      await (fn ?? options.onOther)?.(event);
    } catch (e) {
      // Not processed: let the retry run it again.
      await options.dedupe?.release(id);
      throw e;
    }
    return { status: 200, body: "OK" };
  };
}

export type StoreWebhookHandler = ReturnType<typeof createStoreWebhookHandler>;

/** For fetch-style frameworks: `(request: Request) => Promise<Response>` (Hono `c.req.raw`, Next.js `POST`). */
export function toFetchHandler(handle: StoreWebhookHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const rawBody = new Uint8Array(await request.arrayBuffer());
    const r = await handle({ rawBody, header: (n) => request.headers.get(n) });
    return new Response(r.body, { status: r.status, headers: { "content-type": "text/plain" } });
  };
}

interface NodeRequestLike {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  on(event: "data", cb: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "error", cb: (e?: unknown) => void): unknown;
}

function headerOf(headers: NodeRequestLike["headers"], name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function readRaw(req: NodeRequestLike): Promise<Uint8Array> {
  // A body parser that ran before (express.raw, a verify hook) left the bytes on req.body.
  if (req.body instanceof Uint8Array) return Promise.resolve(req.body);
  if (typeof req.body === "string") return Promise.resolve(new TextEncoder().encode(req.body));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    });
    req.on("error", reject);
  });
}

interface ExpressResponseLike {
  status(code: number): { type(t: string): { send(body: string): unknown } };
}

/**
 * Express middleware: mount it before (or instead of) `express.json()` on the webhook route, e.g.
 * `app.post("/webhooks", expressWebhookHandler(handle))`; it reads the raw stream itself (or `express.raw()`'s Buffer).
 */
export function expressWebhookHandler(handle: StoreWebhookHandler) {
  return (req: NodeRequestLike, res: ExpressResponseLike, next: (e?: unknown) => void): void => {
    readRaw(req)
      .then((rawBody) => handle({ rawBody, header: (n) => headerOf(req.headers, n) }))
      .then((r) => res.status(r.status).type("text/plain").send(r.body))
      .catch(next);
  };
}

interface FastifyLike {
  addContentTypeParser(
    type: string,
    opts: { parseAs: "buffer" },
    parser: (req: unknown, body: Uint8Array, done: (err: Error | null, body?: unknown) => void) => void,
  ): void;
  post(
    path: string,
    handler: (
      req: { body: unknown; headers: NodeRequestLike["headers"] },
      reply: { code(n: number): { type(t: string): { send(b: string): unknown } } },
    ) => Promise<unknown>,
  ): void;
}

/**
 * Registers `POST path` on a Fastify instance (use inside its own plugin/encapsulated context: it replaces the
 * JSON parser there with one that keeps the raw bytes).
 */
export function registerFastifyWebhook(app: FastifyLike, path: string, handle: StoreWebhookHandler): void {
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.post(path, async (req, reply) => {
    const rawBody = req.body instanceof Uint8Array ? req.body : new Uint8Array();
    const r = await handle({ rawBody, header: (n) => headerOf(req.headers, n) });
    return reply.code(r.status).type("text/plain").send(r.body);
  });
}
