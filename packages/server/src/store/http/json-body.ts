// The Store API's JSON body parser: Fastify's own (prototype-poisoning safe), but an empty body is no body.
import type { FastifyInstance } from "fastify";

/**
 * Clients such as the docs' Python `PixlpayClient` send `Content-Type: application/json` on every POST,
 * even `post('/orders/1/fulfill')` with no data. Fastify answers that with 400; Pixlpay accepts it, so an
 * empty (or whitespace-only) body here parses as "no body" and the route's schema decides. `bodyLimit`
 * lowers the server's limit for this scope (413 beyond).
 */
export function installJsonBodyParser(app: FastifyInstance, options: { bodyLimit?: number } = {}): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  const bodyLimit = options.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
  app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}
