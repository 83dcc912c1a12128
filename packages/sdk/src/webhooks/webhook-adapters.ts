// Mounting a webhook handler (store or studio) in a framework: fetch-style (Hono, Next.js route handlers),
// Express and Fastify, each reading the exact bytes received, which the signature covers.

/** What a framework gives the handler: the exact bytes received and a header lookup. */
export interface WebhookRequest {
  rawBody: string | Uint8Array;
  header(name: string): string | null | undefined;
}

export interface WebhookResult {
  status: number;
  body: string;
}

/** A framework-free receiver: 401 for a bad signature, 200 once processed (or already processed). */
export type WebhookHandler = (req: WebhookRequest) => Promise<WebhookResult>;

/** The bodies webhooks arrive as (studio callbacks may be text or form encoded). */
const WEBHOOK_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded"];

/** For fetch-style frameworks: `(request: Request) => Promise<Response>` (Hono `c.req.raw`, Next.js `POST`). */
export function toFetchHandler(handle: WebhookHandler): (request: Request) => Promise<Response> {
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
  if (
    req.body !== undefined &&
    req.body !== null &&
    !(typeof req.body === "object" && Object.keys(req.body).length === 0)
  )
    // A JSON or form parser already consumed the stream; re-serialising would not give the signed bytes.
    return Promise.reject(
      new TypeError(
        "the webhook body was already parsed: mount the handler before express.json() or use express.raw()",
      ),
    );
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
export function expressWebhookHandler(handle: WebhookHandler) {
  return (req: NodeRequestLike, res: ExpressResponseLike, next: (e?: unknown) => void): void => {
    readRaw(req)
      .then((rawBody) => handle({ rawBody, header: (n) => headerOf(req.headers, n) }))
      .then((r) => res.status(r.status).type("text/plain").send(r.body))
      .catch(next);
  };
}

interface FastifyLike {
  addContentTypeParser(
    type: string | string[],
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
 * JSON, text and form parsers there with one that keeps the raw bytes).
 */
export function registerFastifyWebhook(app: FastifyLike, path: string, handle: WebhookHandler): void {
  app.addContentTypeParser(WEBHOOK_TYPES, { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.post(path, async (req, reply) => {
    const rawBody = req.body instanceof Uint8Array ? req.body : new Uint8Array();
    const r = await handle({ rawBody, header: (n) => headerOf(req.headers, n) });
    return reply.code(r.status).type("text/plain").send(r.body);
  });
}
