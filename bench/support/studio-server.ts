// A server for the studio benchmark, run as its own process so the load generator does not share its event
// loop. `app`: the whole app on a fresh SQLite database with one contact, no workers. `floor`: bare Fastify
// answering constant bodies (read from the files given) at /json and /xml. Prints one JSON line when ready.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { createApp } from "../../packages/server/src/app.js";
import { loadConfig, resolveSecretKey } from "../../packages/server/src/core/config/index.js";
import { createLogger } from "../../packages/server/src/core/logging/logger.js";
import { createContact } from "../../packages/server/src/studio/contacts/contact.service.js";
import { createSecretBox } from "../../packages/server/src/webhooks/secret-box.js";

async function startApp(): Promise<void> {
  const app = createApp(
    loadConfig({
      PIXL_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pixl-bench-studio-")),
      PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
    }),
    { logger: createLogger({ level: "silent" }) },
  );
  await app.prepareDatabase();
  const created = await createContact(
    app.database.kysely,
    { clock: app.clock, secretBox: createSecretBox(resolveSecretKey(app.config)) },
    { email: "bench@pixl.example", trialImages: 1_000_000 },
  );
  const url = await app.http.app.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ url, email: created.account.email, apiKey: created.apiKey })}\n`);
  process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
}

async function startFloor(jsonFile: string, xmlFile: string): Promise<void> {
  const json = readFileSync(jsonFile, "utf8");
  const xml = readFileSync(xmlFile, "utf8");
  const app = Fastify({ logger: false });
  app.get("/json", (_request, reply) => reply.type("application/json; charset=utf-8").send(json));
  app.get("/xml", (_request, reply) => reply.type("application/xml; charset=utf-8").send(xml));
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
}

const [mode, a = "", b = ""] = process.argv.slice(2);
await (mode === "floor" ? startFloor(a, b) : startApp());
