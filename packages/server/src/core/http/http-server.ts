// The Fastify server every API mounts on: request ids, JSON logs, body limits, health and readiness.
import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { ErrorEncoders, installErrorBoundary } from "./error-boundary.js";

/** What `/readyz` asks: undefined when ready, else the reason it is not. */
export type ReadinessCheck = () => Promise<string | undefined>;

export interface HttpServerOptions {
  logger: FastifyBaseLogger;
  /** Largest request body in bytes (413 beyond). */
  bodyLimit: number;
  readiness: ReadinessCheck;
  /** Honour X-Forwarded-* from a reverse proxy. Default false. */
  trustProxy?: boolean;
}

export interface HttpServer {
  app: FastifyInstance;
  /** Per-API error encoders, chosen by URL prefix. */
  errorEncoders: ErrorEncoders;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    // A caller's X-Request-Id is kept when it is sane, so logs join up across services.
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({
      requestIdLogLabel: "request_id",
      // Probes hit these every few seconds; logging each would drown the useful lines.
      disableRequestLogging: (request) => request.url === "/healthz" || request.url === "/readyz",
    }),
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  const errorEncoders = new ErrorEncoders();
  installErrorBoundary(app, errorEncoders);
  app.addHook("onRequest", (request, reply, done) => {
    void reply.header("x-request-id", request.id);
    done();
  });

  app.get("/healthz", () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const problem = await options.readiness();
    if (problem === undefined) return { status: "ready" };
    return reply.status(503).send({ status: "not_ready", reason: problem });
  });
  return { app, errorEncoders };
}
