// The console's static serving: files with caching headers, the SPA fallback, the CSP, and API 404s untouched.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../core/http/index.js";
import { createLogger } from "../core/logging/logger.js";
import { registerWebApp } from "./web-app.routes.js";
import { loadWebAssets } from "./web-assets.js";

const INDEX = `<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>`;
const SCRIPT = `console.log(${JSON.stringify("x".repeat(4000))});`;

describe("web console static serving", () => {
  let http: HttpServer;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-web-"));
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "index.html"), INDEX);
    writeFileSync(path.join(dir, "assets", "app-abc123.js"), SCRIPT);
    writeFileSync(path.join(dir, "favicon.svg"), "<svg/>");
    http = createHttpServer({
      logger: createLogger({ level: "silent" }),
      bodyLimit: 1024,
      readiness: () => Promise.resolve(undefined),
    });
    http.app.get("/api/external/v1/products", () => ({ data: [] }));
    const assets = loadWebAssets(dir);
    if (!assets) throw new Error("assets not loaded");
    registerWebApp(http.app, { assets, extraOrigins: ["https://blobs.example.com"] });
    await http.app.ready();
  });
  afterAll(() => http.app.close());

  it("serves index.html at / with a strict CSP and no-cache", async () => {
    const r = await http.app.inject({ url: "/" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.headers["cache-control"]).toBe("no-cache");
    const csp = String(r.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' data: blob: https://blobs.example.com");
    expect(r.body).toBe(INDEX);
  });

  it("serves hashed assets as immutable, compressed when asked, and answers 304 to a matching ETag", async () => {
    const r = await http.app.inject({ url: "/assets/app-abc123.js", headers: { "accept-encoding": "gzip" } });
    expect(r.statusCode).toBe(200);
    expect(r.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(r.rawPayload).toString()).toBe(SCRIPT);
    const again = await http.app.inject({
      url: "/assets/app-abc123.js",
      headers: { "if-none-match": String(r.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const plain = await http.app.inject({ url: "/favicon.svg" });
    expect(plain.headers["content-type"]).toBe("image/svg+xml");
    expect(plain.headers["cache-control"]).toBe("no-cache");
  });

  it("answers client routes with index.html for a browser, 404 otherwise", async () => {
    const page = await http.app.inject({
      url: "/admin/demo/orders?status=paid",
      headers: { accept: "text/html" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(INDEX);
    const script = await http.app.inject({
      url: "/admin/demo/orders",
      headers: { accept: "application/json" },
    });
    expect(script.statusCode).toBe(404);
    const missingFile = await http.app.inject({
      url: "/assets/gone-123.js",
      headers: { accept: "text/html" },
    });
    expect(missingFile.statusCode).toBe(404);
  });

  it("leaves the APIs alone: their routes answer, and their unknown paths stay JSON 404s", async () => {
    expect((await http.app.inject({ url: "/api/external/v1/products" })).json()).toEqual({ data: [] });
    const unknown = await http.app.inject({ url: "/api/external/v1/nope", headers: { accept: "text/html" } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: "not_found" });
    expect((await http.app.inject({ url: "/readyz" })).json()).toEqual({ status: "ready" });
    const post = await http.app.inject({ method: "POST", url: "/admin", headers: { accept: "text/html" } });
    expect(post.statusCode).toBe(404);
  });
});
