// Product and category images over the Store API, on both engines and both blob stores (local disk, S3 via
// s3rver): sniffed uploads (raw and multipart), limits, isolation, concurrency, removal, public serving.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBlobStore, S3BlobStore, type BlobStore } from "../src/core/blobs/index.js";
import { createStoreTestApp, type StoreTestApp } from "./fixtures/store-api-harness.js";
import { testDialects } from "./support/databases.js";
import { startS3rver } from "./support/s3-server.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  Buffer.from("JFIF\0"),
  randomBytes(300),
]);
const WEBP = Buffer.concat([
  Buffer.from("RIFF"),
  Buffer.from([30, 0, 0, 0]),
  Buffer.from("WEBPVP8L"),
  randomBytes(22),
]);
const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
const MAX_UPLOAD = 8 * 1024;
const PUBLIC_URL = "https://pixl.example.com";

interface Storage {
  blobs: BlobStore;
  close(): Promise<void>;
}

const storages: Record<string, () => Promise<Storage>> = {
  local: () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pixl-images-"));
    const blobs = createBlobStore(
      { kind: "local", dir },
      { publicUrl: "http://unused.invalid", signingKey: randomBytes(32) },
    );
    return Promise.resolve({
      blobs,
      close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    });
  },
  s3: async () => {
    const s3 = await startS3rver();
    const blobs = createBlobStore(
      { kind: "s3", ...s3, forcePathStyle: true },
      { publicUrl: "http://unused.invalid", signingKey: randomBytes(32) },
    );
    return {
      blobs,
      close: async () => {
        if (blobs instanceof S3BlobStore) blobs.close();
        await s3.close();
      },
    };
  },
};

function multipart(parts: { name: string; filename?: string; type?: string; data: Buffer | string }[]) {
  const boundary = `----pixl${randomBytes(8).toString("hex")}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? "" : `; filename="${p.filename}"`}`;
    const type = p.type === undefined ? "" : `\r\nContent-Type: ${p.type}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

interface Image {
  id: number;
  url: string;
  is_primary: boolean;
  content_type: string;
  size: number;
}
interface Product {
  id: number;
  images: { id?: number; url: string; is_primary: boolean }[];
}

const combos = Object.keys(storages).flatMap((storage) => testDialects.map((d) => [d, storage] as const));

describe.each(combos)("store images on %s with %s blobs", (dialect, storageName) => {
  let storage: Storage;
  let t: StoreTestApp;
  let token: string;
  let other: string;
  beforeAll(async () => {
    storage = await (storages[storageName] as () => Promise<Storage>)();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    t = await createStoreTestApp(dialect, {
      blobs: storage.blobs,
      publicUrl: `${PUBLIC_URL}/`,
      maxUploadBytes: MAX_UPLOAD,
    });
    token = (await t.createStore({ subdomain: "alpha" })).token;
    other = (await t.createStore({ subdomain: "beta" })).token;
    for (const name of ["VIP Rank", "Legend Key"])
      expect((await t.call("POST", "/products", { token, body: { name, price: "9.99" } })).status).toBe(201);
    expect((await t.call("POST", "/categories", { token, body: { name: "Ranks" } })).status).toBe(201);
    t.published.length = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  async function upload(
    url: string,
    body: Buffer,
    contentType: string,
    options: { as?: string; headers?: Record<string, string> } = {},
  ) {
    const r = await t.http.app.inject({
      method: "POST",
      url: `/api/external/v1${url}`,
      headers: {
        authorization: `Bearer ${options.as ?? token}`,
        "content-type": contentType,
        ...options.headers,
      },
      payload: body,
    });
    return {
      status: r.statusCode,
      headers: r.headers,
      json: () => r.json<{ data: Image } & Record<string, unknown>>(),
    };
  }
  const product = async (id = 1) =>
    ((await t.call("GET", `/products/${id}`, { token })).json() as { data: Product }).data;
  const media = (url: string) => t.http.app.inject({ method: "GET", url: new URL(url).pathname });
  const imageRows = () => t.db.database.kysely.selectFrom("store_images").selectAll().execute();

  it("stores a raw PNG, lists it on the product, serves the same bytes publicly, publishes product.updated", async () => {
    const r = await upload("/products/1/images", PNG, "image/png");
    expect(r.status).toBe(201);
    const image = r.json().data;
    expect(r.json()).toMatchObject({ success: true, message: "Image uploaded successfully" });
    expect(image).toMatchObject({ is_primary: true, content_type: "image/png", size: PNG.length });
    expect(image.url).toMatch(/^https:\/\/pixl\.example\.com\/media\/images\/[A-Za-z0-9_-]{24}\.png$/);
    expect((await product()).images).toEqual([{ id: image.id, url: image.url, is_primary: true }]);
    const served = await media(image.url);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(PNG)).toBe(true);
    expect(served.headers).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "cache-control": "public, max-age=31536000, immutable",
    });
    expect(t.published.map((p) => p.type)).toEqual(["product.updated"]);
    expect(t.published[0]?.data).toMatchObject({ id: 1, images: [{ id: image.id, url: image.url }] });
  });

  it("takes multipart (field image, is_primary field) and trusts the bytes, not the declared types", async () => {
    await upload("/products/1/images", PNG, "application/octet-stream");
    const form = multipart([
      { name: "image", filename: "photo.png", type: "image/png", data: GIF },
      { name: "is_primary", data: "true" },
    ]);
    const r = await upload("/products/1/images", form.body, form.contentType);
    expect(r.status).toBe(201);
    expect(r.json().data).toMatchObject({ content_type: "image/gif", is_primary: true });
    expect(r.json().data.url).toMatch(/\.gif$/);
    const images = (await product()).images;
    expect(images.map((i) => i.is_primary)).toEqual([false, true]);
    expect((await media(r.json().data.url)).headers["content-type"]).toBe("image/gif");
    for (const [bytes, type] of [
      [JPEG, "image/jpeg"],
      [WEBP, "image/webp"],
    ] as const) {
      const f = multipart([{ name: "file", filename: "x.bin", type: "text/plain", data: bytes }]);
      const up = await upload("/products/2/images", f.body, f.contentType);
      expect(up.status, type).toBe(201);
      expect(up.json().data.content_type).toBe(type);
    }
  });

  it("refuses HTML posing as a PNG with 422, raw or multipart, and stores nothing", async () => {
    const raw = await upload("/products/1/images", HTML, "image/png");
    expect(raw.status).toBe(422);
    expect(raw.json()).toEqual({
      success: false,
      error: "VALIDATION_ERROR",
      message: "The given data was invalid",
      errors: { image: ["The image must be a JPEG, PNG, WebP or GIF file."] },
    });
    const form = multipart([{ name: "image", filename: "cat.png", type: "image/png", data: HTML }]);
    expect((await upload("/products/1/images", form.body, form.contentType)).status).toBe(422);
    const empty = await upload("/products/1/images", Buffer.alloc(0), "image/png");
    expect(empty.status).toBe(422);
    const noImage = multipart([{ name: "is_primary", data: "1" }]);
    const missing = await upload("/products/1/images", noImage.body, noImage.contentType);
    expect(missing.json().errors).toEqual({ image: ["The image field is required."] });
    const two = multipart([
      { name: "image", filename: "a.png", data: PNG },
      { name: "image", filename: "b.png", data: PNG },
    ]);
    expect((await upload("/products/1/images", two.body, two.contentType)).json().errors).toEqual({
      image: ["Send one image per request."],
    });
    const json = await t.call("POST", "/products/1/images", { token, body: { url: "https://x.test/a.png" } });
    expect(json.status).toBe(415);
    expect((await product()).images).toEqual([]);
    expect(await imageRows()).toEqual([]);
    expect(t.published).toEqual([]);
  });

  it("answers 413 for an image over PIXL_MAX_UPLOAD_BYTES, raw or multipart, and stores nothing", async () => {
    const big = Buffer.concat([PNG, randomBytes(MAX_UPLOAD)]);
    const raw = await upload("/products/1/images", big, "image/png");
    expect(raw.status).toBe(413);
    expect(raw.json()).toMatchObject({ success: false, error: "Payload Too Large" });
    expect(raw.headers["connection"]).toBe("close");
    const form = multipart([{ name: "image", filename: "big.png", data: big }]);
    expect((await upload("/products/1/images", form.body, form.contentType)).status).toBe(413);
    // Exactly at the limit is fine.
    const edge = Buffer.concat([PNG, Buffer.alloc(MAX_UPLOAD - PNG.length)]);
    expect((await upload("/products/1/images", edge, "image/png")).status).toBe(201);
    expect(await imageRows()).toHaveLength(1);
  });

  it("keeps stores apart: another store's product or category is 404 and nothing is stored", async () => {
    const product404 = await upload("/products/1/images", PNG, "image/png", { as: other });
    expect(product404.status).toBe(404);
    expect(product404.json()).toEqual({ success: false, error: "Not Found", message: "Product not found" });
    expect((await upload("/products/99999/images", PNG, "image/png")).status).toBe(404);
    expect((await upload("/categories/1/image", PNG, "image/png", { as: other })).status).toBe(404);
    const mine = (await upload("/products/1/images", PNG, "image/png")).json().data;
    const del = await t.call("DELETE", `/products/1/images/${mine.id}`, { token: other });
    expect(del.json()).toMatchObject({ message: "Product not found" });
    expect((await t.call("DELETE", `/products/2/images/${mine.id}`, { token })).json()).toMatchObject({
      message: "Image not found",
    });
    expect(await imageRows()).toHaveLength(1);
    const readOnly = (
      (
        await t.call("POST", "/tokens", { token, body: { name: "ro", scopes: ["products:read"] } })
      ).json() as {
        data: { token: string };
      }
    ).data.token;
    expect((await upload("/products/1/images", PNG, "image/png", { as: readOnly })).status).toBe(403);
  });

  it("takes concurrent uploads to one product without losing any; exactly one is primary", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        upload("/products/1/images", i % 2 ? PNG : GIF, i % 2 ? "image/png" : "image/gif"),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const images = (await product()).images;
    expect(images).toHaveLength(8);
    expect(new Set(images.map((i) => i.id)).size).toBe(8);
    expect(images.filter((i) => i.is_primary)).toHaveLength(1);
    expect(await imageRows()).toHaveLength(8);
    expect(t.published.filter((p) => p.type === "product.updated")).toHaveLength(8);
  });

  it("deletes an image: the next becomes primary, its URL and blob are gone, product.updated is published", async () => {
    const first = (await upload("/products/1/images", PNG, "image/png")).json().data;
    const second = (await upload("/products/1/images", GIF, "image/gif")).json().data;
    const [row] = await imageRows();
    t.published.length = 0;
    const r = await t.call("DELETE", `/products/1/images/${first.id}`, { token });
    expect(r.json()).toEqual({ success: true, message: "Image deleted successfully" });
    expect((await product()).images).toEqual([{ id: second.id, url: second.url, is_primary: true }]);
    expect((await media(first.url)).statusCode).toBe(404);
    expect(await storage.blobs.find(row?.blob_key ?? "")).toBeUndefined();
    expect(t.published.map((p) => p.type)).toEqual(["product.updated"]);
    expect((await t.call("DELETE", `/products/1/images/${first.id}`, { token })).status).toBe(404);
  });

  it("keeps uploads when a body sets URL images, and deletes their blobs with the product", async () => {
    const up = (await upload("/products/1/images", PNG, "image/png")).json().data;
    const put = await t.call("PUT", "/products/1", {
      token,
      body: { images: [{ url: "https://cdn.example.com/a.png" }, { url: "https://cdn.example.com/b.png" }] },
    });
    expect((put.json() as { data: Product }).data.images).toEqual([
      { id: up.id, url: up.url, is_primary: true },
      { url: "https://cdn.example.com/a.png", is_primary: false },
      { url: "https://cdn.example.com/b.png", is_primary: false },
    ]);
    const chosen = await t.call("PUT", "/products/1", {
      token,
      body: { images: [{ url: "https://cdn.example.com/c.png", is_primary: true }] },
    });
    expect((chosen.json() as { data: Product }).data.images.map((i) => i.is_primary)).toEqual([false, true]);
    const [row] = await imageRows();
    expect((await t.call("DELETE", "/products/1", { token })).status).toBe(200);
    expect((await media(up.url)).statusCode).toBe(404);
    expect(await storage.blobs.find(row?.blob_key ?? "")).toBeUndefined();
    expect(await imageRows()).toEqual([]);
  });

  it("sets, replaces and removes a category image", async () => {
    const first = await upload("/categories/1/image", PNG, "image/png");
    expect(first.status).toBe(201);
    const firstUrl = first.json().data.url;
    const category = async () =>
      ((await t.call("GET", "/categories/1", { token })).json() as { data: { image_url: string | null } })
        .data;
    expect((await category()).image_url).toBe(firstUrl);
    const form = multipart([{ name: "image", filename: "c.gif", data: GIF }]);
    const second = (await upload("/categories/1/image", form.body, form.contentType)).json().data;
    expect((await category()).image_url).toBe(second.url);
    expect((await media(firstUrl)).statusCode).toBe(404);
    expect((await media(second.url)).statusCode).toBe(200);
    expect(await imageRows()).toHaveLength(1);
    expect((await t.call("DELETE", "/categories/1/image", { token })).status).toBe(200);
    expect((await category()).image_url).toBeNull();
    expect((await t.call("DELETE", "/categories/1/image", { token })).json()).toMatchObject({
      message: "Image not found",
    });
    expect(await imageRows()).toEqual([]);
  });

  it("replays an upload sent again with the same Idempotency-Key", async () => {
    const headers = { "idempotency-key": "upload-1" };
    const a = await upload("/products/1/images", PNG, "image/png", { headers });
    const b = await upload("/products/1/images", PNG, "image/png", { headers });
    expect(b.status).toBe(201);
    expect(b.headers["idempotent-replayed"]).toBe("true");
    expect(b.json().data).toEqual(a.json().data);
    expect((await product()).images).toHaveLength(1);
    expect((await upload("/products/1/images", GIF, "image/gif", { headers })).status).toBe(422);
  });

  it("uploads over a real socket: FormData from fetch; a chunked body past the limit is refused with 413", async () => {
    await t.http.app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = t.http.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/external/v1/products/1/images`;
    const authorization = `Bearer ${token}`;
    const form = new FormData();
    form.append("image", new Blob([WEBP], { type: "image/png" }), "shot.png");
    form.append("is_primary", "1");
    const sent = await fetch(url, { method: "POST", headers: { authorization }, body: form });
    expect(sent.status).toBe(201);
    const image = ((await sent.json()) as { data: Image }).data;
    expect(image).toMatchObject({ content_type: "image/webp", size: WEBP.length, is_primary: true });
    const served = await fetch(`http://127.0.0.1:${port}${new URL(image.url).pathname}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(WEBP)).toBe(true);

    // No Content-Length: the limit is enforced while the bytes stream.
    const chunks = [PNG, ...Array.from({ length: 12 }, () => randomBytes(1024))];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const big = await fetch(url, {
      method: "POST",
      headers: { authorization, "content-type": "image/png" },
      body,
      duplex: "half",
    });
    expect(big.status).toBe(413);
    expect((await product()).images).toHaveLength(1);
  });

  it("answers 404 for unknown and malformed media names", async () => {
    for (const name of ["AAAAAAAAAAAAAAAAAAAAAAAA.png", "..%2F..%2Fetc%2Fpasswd", "x.png"]) {
      const r = await t.http.app.inject({ method: "GET", url: `/media/images/${name}` });
      expect(r.statusCode, name).toBe(404);
    }
  });
});
