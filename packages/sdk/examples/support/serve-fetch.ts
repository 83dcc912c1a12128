// Serves a fetch-style handler (what Hono or a Next.js route handler runs) with node:http, for the examples.
import http from "node:http";

export function serveFetch(handler: (request: Request) => Promise<Response>): http.Server {
  return http.createServer((req, res) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://localhost${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers,
        ...(req.method === "GET" || req.method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
      });
      handler(request)
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers));
          res.end(await r.text());
        })
        .catch(() => res.writeHead(500).end("Internal error"));
    });
  });
}
