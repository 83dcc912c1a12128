// Mounts the Studio API (Pixelz Developer API): REST JSON, REST XML and SOAP over the same operations.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors/index.js";
import type { HttpServer } from "../core/http/index.js";
import { SESSION_KEY, withSessionContacts } from "./contacts/session-contact.js";
import type { StudioOperations } from "./studio.contract.js";
import { encodeRestError } from "./wire/rest-codec.js";
import { handleRest } from "./wire/rest.handler.js";
import { studioOpenApi } from "./openapi/studio-openapi.js";
import { createResponseCache } from "./wire/response-cache.js";
import { encodeSoapError } from "./wire/soap-envelope.js";
import { handleSoapGet, handleSoapPost } from "./wire/soap.handler.js";

export interface StudioApiOptions {
  /** This server's public base URL (`config.publicUrl`), handed to operations for absolute URLs. */
  publicUrl: string;
  /** Largest REST or SOAP request body in bytes; larger ones answer 413 unread. Default 1 MiB. */
  bodyLimit?: number;
  /**
   * The database's change token (`Database.dataVersion`), for the response cache of polled reads; absent
   * or answering undefined (PostgreSQL): no cache.
   */
  dataVersion?: () => string | undefined;
  /** Bytes of cached REST answers (default 16 MiB; 0 off). */
  responseCacheBytes?: number;
  /**
   * The contact emails a request's console session may act for (undefined: no session). Such REST calls
   * may leave out contactAPIkey; they never use the response cache (it is keyed by URL, which then
   * carries no credential).
   */
  sessionContacts?: (request: FastifyRequest) => Promise<readonly string[] | undefined>;
}

/** `REST.svc` or `soap.asmx` in any case: one route, since the router treats the two alike. */
const SERVICE = "^(?:[Rr][Ee][Ss][Tt]\\.[Ss][Vv][Cc]|[Ss][Oo][Aa][Pp]\\.[Aa][Ss][Mm][Xx])$";
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"];

/** Registers `/REST.svc/…` and `/soap.asmx` on `http` (call once, before the server listens). */
export function registerStudioApi(
  http: HttpServer,
  operations: StudioOperations,
  options: StudioApiOptions,
): void {
  http.errorEncoders.add("/REST.svc/", encodeRestError);
  http.errorEncoders.add("/soap.asmx", encodeSoapError);
  const publicUrl = options.publicUrl.replace(/\/+$/, "");
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const { dataVersion } = options;
  const cache = dataVersion
    ? createResponseCache({ maxBytes: options.responseCacheBytes ?? 16 * 1024 * 1024, dataVersion })
    : undefined;

  async function dispatch(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const params = request.params as { svc: string; "*"?: string };
    if (params.svc.toLowerCase() === "rest.svc") {
      const emails = await options.sessionContacts?.(request);
      if (emails === undefined)
        return handleRest(operations, publicUrl, params["*"] ?? "", request, reply, cache);
      const defaults = { contactEmail: emails[0] ?? "", contactAPIkey: SESSION_KEY };
      return withSessionContacts(emails, () =>
        handleRest(operations, publicUrl, params["*"] ?? "", request, reply, undefined, defaults),
      );
    }
    if (params["*"] !== undefined && params["*"] !== "") {
      throw new AppError("not_found", "There is nothing under /soap.asmx/.");
    }
    if (request.method === "GET" || request.method === "HEAD") return handleSoapGet(request, reply);
    if (request.method === "POST") return handleSoapPost(operations, publicUrl, request, reply);
    reply.header("allow", "GET, POST");
    throw new AppError("method_not_allowed", "/soap.asmx answers GET (?WSDL) and POST only.");
  }

  // Public, like the Store API's: the contract of the JSON API, for tools and the web console's reference.
  // The same document as /api/studio/v1/openapi.json (studio/openapi), next to the API it describes.
  http.app.get("/REST.svc/openapi.json", () => studioOpenApi());

  void http.app.register((api: FastifyInstance, _opts, done) => {
    // Bodies are read raw (any content type, bounded) and parsed by each transport, so a bad body is
    // answered in the API's own format with the method's response type.
    api.removeAllContentTypeParsers();
    api.addContentTypeParser("*", { parseAs: "buffer", bodyLimit }, (_request, body, next) => {
      next(null, body);
    });
    api.route({ method: METHODS, url: `/:svc(${SERVICE})`, handler: dispatch, exposeHeadRoute: false });
    api.route({ method: METHODS, url: `/:svc(${SERVICE})/*`, handler: dispatch, exposeHeadRoute: false });
    done();
  });
}
