// The Studio examples (examples/, mirroring pixelz-developer-api.txt) against a live Pixl server: direct
// upload, image submission waited for to the end, and both callback receivers verifying the real webhooks;
// plus the check that every seed example has its TypeScript mirror.
import { readFile, mkdtemp, writeFile } from "node:fs/promises";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addImage } from "../examples/studio-add-image.js";
import { directUpload } from "../examples/studio-direct-upload.js";
import { createCallbackReceiver } from "../examples/studio-webhook-express.js";
import { createStudioRouteHandler } from "../examples/studio-webhook-handler.js";
import { serveFetch } from "../examples/support/serve-fetch.js";
import { createProductPhoto } from "../../server/test/support/studio-photos.js";
import { signStudioBody } from "../src/index.js";
import { startLiveServer, waitFor, type LiveContact, type LiveServer } from "./support/live-server.js";

const examplesDir = path.resolve(import.meta.dirname, "../examples");

function printer() {
  const lines: string[] = [];
  return { lines, print: (l: string) => void lines.push(l) };
}

const listen = (s: http.Server) =>
  new Promise<string>((r) =>
    s.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );

describe("the Studio examples against a live server", () => {
  let server: LiveServer;
  let contact: LiveContact;
  let env: Record<string, string>;
  let photo: string;
  const servers: http.Server[] = [];
  beforeAll(async () => {
    server = await startLiveServer("sqlite");
    contact = await server.createContact("examples@studio.test");
    env = {
      PIXELZ_URL: server.url,
      PIXELZ_CONTACT_EMAIL: contact.email,
      PIXELZ_CONTACT_API_KEY: contact.apiKey,
    };
    const dir = await mkdtemp(path.join(tmpdir(), "pixl-examples-"));
    photo = path.join(dir, "shirt.jpg");
    await writeFile(photo, await createProductPhoto(200, 150));
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await server.close();
  });

  it("direct upload presigns, PUTs and prints the URL to submit", async () => {
    const out = printer();
    const [pair] = await directUpload([photo], env, out.print);
    expect(out.lines).toEqual([`shirt.jpg uploaded: ${pair?.DownloadUrl ?? ""}`]);
    const back = await fetch(pair?.DownloadUrl ?? "");
    expect(Buffer.from(await back.arrayBuffer())).toEqual(await readFile(photo));
  });

  it(
    "submits images that finish, and both receivers verify their signed callbacks",
    { timeout: 60_000 },
    async () => {
      const express = printer();
      const expressServer = createCallbackReceiver(
        { MY_APPLICATION_SECRET_CODE: contact.secret },
        express.print,
      ).listen(0, "127.0.0.1");
      servers.push(expressServer);
      await new Promise((r) => expressServer.once("listening", r));
      const expressUrl = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`;
      const handler = printer();
      const handlerServer = serveFetch(
        createStudioRouteHandler({ MY_APPLICATION_SECRET_CODE: contact.secret }, handler.print),
      );
      servers.push(handlerServer);
      const handlerUrl = await listen(handlerServer);

      const [a, b] = [printer(), printer()];
      const [first, second] = await Promise.all([
        addImage(
          photo,
          { ...env, CUSTOMER_IMAGE_ID: "tee-1", CALLBACK_URL: `${expressUrl}/callback`, POLL_MS: "100" },
          a.print,
        ),
        addImage(
          photo,
          { ...env, CUSTOMER_IMAGE_ID: "tee-2", CALLBACK_URL: `${handlerUrl}/callback`, POLL_MS: "100" },
          b.print,
        ),
      ]);
      expect(first?.StatusId).toBeGreaterThanOrEqual(70);
      expect(a.lines[0]).toMatch(/^Submitted [0-9a-f-]{36} \(trial\)$/);
      expect(a.lines).toContain(`Final: ${first?.FinalImagesURL[0] ?? "?"}`);
      expect(a.lines.some((l) => /^Status \d+ /.test(l))).toBe(true);

      await waitFor("both callbacks", () =>
        Promise.resolve(express.lines.length > 0 && handler.lines.length > 0 ? true : undefined),
      );
      expect(express.lines).toEqual(["verification success"]);
      expect(handler.lines).toEqual([
        `Image ${second?.ImageTicket ?? ""} (tee-2) is ready: ${second?.FinalImagesURL[0] ?? ""}`,
      ]);

      // Not Pixelz: a wrong signature fails verification (the seed's receiver still answers OK), and the
      // ready handler refuses it with 401.
      const body = JSON.stringify({ imageTicket: "forged", processedImageURL: "http://evil/" });
      const wrong = await signStudioBody(body, "not the secret");
      await fetch(`${expressUrl}/callback`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", HTTP_X_PXZ_CUSTOMER_HMAC_SHA256: wrong },
      });
      expect(express.lines).toEqual(["verification success", "verification fail"]);
      const refused = await fetch(`${handlerUrl}/callback`, {
        method: "POST",
        body,
        headers: { HTTP_X_PXZ_CUSTOMER_HMAC_SHA256: wrong },
      });
      expect(refused.status).toBe(401);
      const unsigned = await fetch(`${handlerUrl}/callback`, { method: "POST", body });
      expect(unsigned.status).toBe(401);
      // A form-encoded callback (a contact's choice) signed right is read the same way, once.
      const form = new URLSearchParams({
        imageTicket: "t-3",
        processedImageURL: "http://x/3.jpg",
        templateId: "",
        customerImageId: "",
        customerImageColorID: "",
      }).toString();
      const signed = await signStudioBody(form, contact.secret);
      for (let i = 0; i < 2; i++) {
        const r = await fetch(`${handlerUrl}/callback`, {
          method: "POST",
          body: form,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            HTTP_X_PXZ_CUSTOMER_HMAC_SHA256: signed,
          },
        });
        expect(await r.text()).toBe(i === 0 ? "OK" : "Already processed");
      }
      expect(handler.lines.at(-1)).toBe("Image t-3 (no id) is ready: http://x/3.jpg");
      expect(handler.lines).toHaveLength(2);
    },
  );

  it("mirrors every example of both seeds, each listed in examples/README.md", async () => {
    const readme = await readFile(path.join(examplesDir, "README.md"), "utf8");
    // The seeds' example headings (spec/seeds/pixlpay-python-examples.txt, pixelz-developer-api.txt).
    const mirrors: [heading: string, file: string][] = [
      ["Fetching Products", "fetching-products.ts"],
      ["Fetching Orders", "fetching-orders.ts"],
      ["Fulfilling Orders", "fulfilling-orders.ts"],
      ["Signature Verification Function", "webhook-signature.ts"],
      ["Flask Webhook Handler", "webhook-express.ts"],
      ["Webhook Verification with Idempotency", "webhook-idempotency.ts"],
      ["Django Webhook Handler", "webhook-fetch-handler.ts"],
      ["FastAPI Webhook Handler", "webhook-fastify.ts"],
      ["Creating Webhooks", "creating-webhooks.ts"],
      ["Analytics", "analytics.ts"],
      ["Error Handling", "error-handling.ts"],
      ["Async with aiohttp", "async-client.ts"],
      ["Direct upload of images", "studio-direct-upload.ts"],
      ["POST Image", "studio-add-image.ts"],
      ["Verify Webhook (Node.js)", "studio-webhook-express.ts"],
      ["Verify Webhook (C# MVC, C# Webform, PHP)", "studio-webhook-handler.ts"],
    ];
    const rows = readme.split("\n").filter((l) => l.startsWith("| ") && l.includes("]("));
    expect(rows).toHaveLength(mirrors.length);
    for (const [heading, file] of mirrors) {
      expect(
        rows.some((r) => r.includes(heading) && r.includes(`](${file})`)),
        `${heading} -> ${file}`,
      ).toBe(true);
      expect(await readFile(path.join(examplesDir, file), "utf8")).toMatch(
        /^\/\/ Mirrors the seed's|^\/\/ The studio/,
      );
    }
  });
});
