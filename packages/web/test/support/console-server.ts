// A real Pixl (SQLite, the built console at /) on a loopback port, with a store and its owner.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, type App } from "../../../server/src/app.js";
import { addMembership, createUser } from "../../../server/src/console/account.service.js";
import { loadConfig, resolveSecretKey } from "../../../server/src/core/config/index.js";
import { createContact } from "../../../server/src/studio/contacts/contact.service.js";
import { createSecretBox } from "../../../server/src/webhooks/secret-box.js";
import { createLogger } from "../../../server/src/core/logging/logger.js";
import { createStoreWithToken } from "../../../server/src/store/stores/store.service.js";
import { ensureWebBuilt, WEB_DIST } from "./web-build.js";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ConsoleServer {
  app: App;
  base: string;
  /** A full-access Store API token of the store. */
  token: string;
  owner: { email: string; password: string };
  close(): Promise<void>;
}

export interface ConsoleServerOptions {
  /** Run the in-process workers (studio production, downloads) and let them fetch from loopback. */
  worker?: boolean;
}

export async function startConsoleServer(
  subdomain = "alpha",
  options: ConsoleServerOptions = {},
): Promise<ConsoleServer> {
  await ensureWebBuilt();
  // The sandbox payment page's links carry the public URL, so the port is chosen before the app is built.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    PIXL_DATA_DIR: mkdtempSync(path.join(tmpdir(), "pixl-web-")),
    PIXL_SECRET_KEY: randomBytes(32).toString("hex"),
    PIXL_WEB_DIR: WEB_DIST,
    PIXL_PUBLIC_URL: base,
    PORT: String(port),
    ...(options.worker ? { PIXL_ALLOW_PRIVATE_NETWORKS: "1", PIXL_WORKER_POLL_MS: "50" } : {}),
  });
  const app = createApp(config, { logger: createLogger({ level: "silent" }) });
  await app.prepareDatabase();
  await app.http.app.listen({ port, host: "127.0.0.1" });
  if (options.worker) await app.startWorker();
  const { token } = await createStoreWithToken(app.database, { subdomain, name: "Alpha Games" }, app.clock);
  const owner = { email: "owner@alpha.test", password: "owner password 1" };
  const user = await createUser(app.database.kysely, app.clock, owner);
  await addMembership(app.database.kysely, app.clock, user.id, { store: subdomain }, "owner");
  return { app, base, token, owner, close: () => app.close() };
}

/** Calls the Store API with the store's token (set-up of test data). */
export async function storeApi(
  server: ConsoleServer,
  method: string,
  url: string,
  body?: unknown,
): Promise<unknown> {
  const r = await fetch(`${server.base}/api/external/v1${url}`, {
    method,
    headers: {
      authorization: `Bearer ${server.token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await r.json()) as { data?: unknown };
  if (!r.ok) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(json)}`);
  return json.data;
}

/** A studio contact (direct upload on) and a console user signing in for it. */
export async function addStudioCustomer(
  server: ConsoleServer,
): Promise<{ email: string; password: string; contactId: number }> {
  const { app } = server;
  const secretBox = createSecretBox(resolveSecretKey(app.config));
  const created = await createContact(
    app.database.kysely,
    { clock: app.clock, secretBox },
    { email: "photos@brand.test", name: "Brand", directUpload: true, trialImages: 10 },
  );
  const login = { email: "ann@brand.test", password: "studio customer pw" };
  const user = await createUser(app.database.kysely, app.clock, login);
  await addMembership(app.database.kysely, app.clock, user.id, { contact: "photos@brand.test" }, "customer");
  return { ...login, contactId: created.account.id };
}
