import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../errors/index.js";
import { createLogger } from "../logging/logger.js";
import { createHttpServer, type HttpServer } from "./http-server.js";

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split("\n").filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, stream };
}

describe("HTTP server", () => {
  let server: HttpServer;
  const log = capture();
  afterEach(async () => {
    await server.app.close();
  });

  function build(ready?: string): HttpServer {
    server = createHttpServer({
      logger: createLogger({ level: "info", destination: log.stream }),
      bodyLimit: 1024,
      readiness: () => Promise.resolve(ready),
    });
    server.app.get("/boom", () => {
      throw new Error("secret internals: password=hunter2");
    });
    server.app.get("/missing", () => {
      throw new AppError("not_found", "Widget not found", { id: 7 });
    });
    server.app.post("/echo", (request) => ({ got: request.body }));
    return server;
  }

  it("answers health and readiness", async () => {
    build();
    expect((await server.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await server.app.inject({ url: "/readyz" })).statusCode).toBe(200);
    await server.app.close();
    build("database unavailable");
    const r = await server.app.inject({ url: "/readyz" });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ status: "not_ready", reason: "database unavailable" });
  });

  it("gives every response a request id, keeping a sane incoming one", async () => {
    build();
    const fresh = await server.app.inject({ url: "/healthz" });
    expect(fresh.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await server.app.inject({ url: "/healthz", headers: { "x-request-id": "abc-123" } });
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    const hostile = await server.app.inject({ url: "/healthz", headers: { "x-request-id": "<script>\n" } });
    expect(hostile.headers["x-request-id"]).not.toContain("<");
  });

  it("maps domain errors through the boundary with their status and details", async () => {
    build();
    const r = await server.app.inject({ url: "/missing" });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: "not_found", message: "Widget not found", details: { id: 7 } });
  });

  it("answers 500 without leaking internals, and logs the cause with the request id", async () => {
    build();
    const r = await server.app.inject({ url: "/boom", headers: { "x-request-id": "req-500" } });
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toContain("hunter2");
    expect(r.json()).toEqual({ error: "internal", message: "Internal server error" });
    const logged = log.lines.find((l) => l["request_id"] === "req-500" && l["level"] === 50);
    expect(JSON.stringify(logged)).toContain("secret internals");
  });

  it("refuses malformed JSON with 400, oversized bodies with 413 and unknown routes with 404", async () => {
    build();
    const malformed = await server.app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: '{"a": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ error: string }>().error).toBe("bad_request");
    const huge = await server.app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ a: "x".repeat(5000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json<{ error: string }>().error).toBe("payload_too_large");
    const wrongType = await server.app.inject({
      method: "POST",
      url: "/echo",
      headers: { "content-type": "application/x-unknown" },
      payload: "x",
    });
    expect(wrongType.statusCode).toBe(415);
    const none = await server.app.inject({ url: "/nope" });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ error: string }>().error).toBe("not_found");
  });

  it("lets an API choose its own error encoding by URL prefix", async () => {
    build();
    server.errorEncoders.add("/api/external/v1", (error, _req, reply) =>
      reply.status(error.status).send({ success: false, error: "Not Found", message: error.message }),
    );
    server.app.get("/api/external/v1/products/:id", () => {
      throw new AppError("not_found", "Product not found");
    });
    const r = await server.app.inject({ url: "/api/external/v1/products/99999" });
    expect(r.json()).toEqual({ success: false, error: "Not Found", message: "Product not found" });
    const unknown = await server.app.inject({ url: "/API/external/v1/nothing" });
    expect(unknown.json<{ success: boolean }>().success).toBe(false);
  });
});
