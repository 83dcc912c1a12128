// Serves the console at /: static files with caching headers, the SPA fallback for client routes, a CSP.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors/index.js";
import { EDITOR_PREFIX } from "../studio/editor/editor.routes.js";
import {
  STUDIO_FILES_PREFIX,
  STUDIO_INVOICES_PREFIX,
  STUDIO_PAYMENTS_PREFIX,
} from "../studio/studio-links.js";
import type { WebAsset } from "./web-assets.js";

export interface WebAppOptions {
  assets: Map<string, WebAsset>;
  /** Origins besides this one the console may load images from or send requests to (blob storage). */
  extraOrigins?: readonly string[];
}

/** Paths that belong to the server's APIs and pages: an unknown one stays a 404 in its API's format. */
const SERVER_PREFIXES = [
  "/api/",
  "/rest.svc",
  "/soap.asmx",
  "/blobs/",
  "/media/",
  STUDIO_FILES_PREFIX,
  STUDIO_INVOICES_PREFIX,
  STUDIO_PAYMENTS_PREFIX,
  `${EDITOR_PREFIX.toLowerCase()}/`,
  "/healthz",
  "/readyz",
];

/**
 * The console's Content-Security-Policy: scripts only from this origin (no inline script, no eval);
 * inline styles are allowed because Mantine sets CSS variables through style attributes.
 */
export function consoleCsp(extraOrigins: readonly string[] = []): string {
  const extra = extraOrigins.length > 0 ? ` ${extraOrigins.join(" ")}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    `connect-src 'self'${extra}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function accepts(request: FastifyRequest, header: "accept" | "accept-encoding", token: string): boolean {
  const v = request.headers[header];
  return typeof v === "string" && v.toLowerCase().includes(token);
}

function send(request: FastifyRequest, reply: FastifyReply, asset: WebAsset, csp: string): FastifyReply {
  void reply
    .header("cache-control", asset.immutable ? "public, max-age=31536000, immutable" : "no-cache")
    .header("etag", asset.etag)
    .header("x-content-type-options", "nosniff")
    .header("vary", "accept-encoding")
    .type(asset.type);
  if (asset.type.startsWith("text/html")) {
    void reply
      .header("content-security-policy", csp)
      .header("referrer-policy", "same-origin")
      .header("x-frame-options", "DENY");
  }
  if (request.headers["if-none-match"] === asset.etag) return reply.status(304).send();
  for (const encoding of ["br", "gzip"] as const) {
    const body = accepts(request, "accept-encoding", encoding) ? asset.encoded(encoding) : undefined;
    if (body) return reply.header("content-encoding", encoding).send(body);
  }
  return reply.send(asset.body);
}

/**
 * Registers `GET /` and `GET /*` (HEAD too). Specific routes (the APIs) win over the wildcard, so this
 * only sees what nothing else serves: a built file, else index.html for a browser asking for a page
 * (`Accept: text/html`, no file extension), else the usual 404.
 */
export function registerWebApp(app: FastifyInstance, options: WebAppOptions): void {
  const { assets } = options;
  const index = assets.get("/index.html");
  if (!index) throw new Error("the console build has no index.html");
  const csp = consoleCsp(options.extraOrigins);
  const handler = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split("?")[0] ?? "/";
    const lower = path.toLowerCase();
    const missing = () => new AppError("not_found", `No route for ${request.method} ${path}`);
    if (SERVER_PREFIXES.some((p) => lower.startsWith(p))) throw missing();
    const asset = path === "/" ? index : assets.get(path);
    if (asset) return send(request, reply, asset, csp);
    const last = path.slice(path.lastIndexOf("/") + 1);
    if (last.includes(".") || !accepts(request, "accept", "text/html")) throw missing();
    return send(request, reply, index, csp);
  };
  app.get("/", handler);
  app.get("/*", handler);
}
