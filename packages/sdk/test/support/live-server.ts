// A live Pixl server for SDK tests: the whole app (Store and Studio APIs, webhook engine, workers) on a
// fresh test database, listening on loopback, with a store token and a studio contact.
import type { App } from "../../../server/src/app.js";
import { createApp } from "../../../server/src/app.js";
import { loadConfig, resolveSecretKey } from "../../../server/src/core/config/index.js";
import type { Dialect } from "../../../server/src/core/db/index.js";
import { createLogger } from "../../../server/src/core/logging/logger.js";
import { createApiToken } from "../../../server/src/store/tokens/token.service.js";
import { createStore } from "../../../server/src/store/stores/store.service.js";
import {
  createContact,
  createPartner,
  type ContactSettings,
} from "../../../server/src/studio/contacts/contact.service.js";
import { createSecretBox } from "../../../server/src/webhooks/secret-box.js";
import { createTestDatabase, type TestDatabase } from "../../../server/test/support/databases.js";
import { freePort } from "../../../server/test/support/processes.js";
import { createTestEnv } from "../../../server/test/support/test-app.js";

export { testDialects } from "../../../server/test/support/databases.js";
export { waitFor } from "../../../server/test/support/wait.js";

export interface LiveStore {
  id: number;
  subdomain: string;
  /** A full-access token allowing 1000 requests a minute. */
  token: string;
}

export interface LiveContact {
  id: number;
  email: string;
  apiKey: string;
  /** The Application Secret Code that signs its webhooks. */
  secret: string;
}

export interface LiveServer {
  app: App;
  /** `http://127.0.0.1:<port>` */
  url: string;
  env: Record<string, string>;
  /** Every route answered so far, as `METHOD /path/{param}` relative to `prefix` (others left out). */
  routesCalled(prefix: string): Set<string>;
  createStore(subdomain: string, options?: { rateLimit?: number; scopes?: string[] }): Promise<LiveStore>;
  createContact(email: string, settings?: ContactSettings): Promise<LiveContact>;
  createPartner(email: string): Promise<LiveContact>;
  close(): Promise<void>;
}

export interface LiveServerOptions {
  env?: Record<string, string>;
  /** Start the job workers (webhook deliveries, image production). Default true. */
  worker?: boolean;
}

export async function startLiveServer(
  dialect: Dialect,
  options: LiveServerOptions = {},
): Promise<LiveServer> {
  const db: TestDatabase = await createTestDatabase(dialect);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = createTestEnv(db, {
    PORT: String(port),
    PIXL_PUBLIC_URL: url,
    PIXL_WORKER_CONCURRENCY: "1",
    ...options.env,
  });
  const app = createApp(loadConfig(env), { logger: createLogger({ level: "silent" }) });
  const calls = new Set<string>();
  app.http.app.addHook("onResponse", (request, _reply, done) => {
    const route = (request.routeOptions as { url?: string }).url;
    if (route !== undefined) calls.add(`${request.method} ${route}`);
    done();
  });
  await app.prepareDatabase();
  await app.http.app.listen({ port, host: "127.0.0.1" });
  if (options.worker !== false) await app.startWorker();
  const secretBox = createSecretBox(resolveSecretKey(app.config));
  return {
    app,
    url,
    env,
    routesCalled(prefix) {
      const out = new Set<string>();
      for (const c of calls) {
        const [method = "", route = ""] = c.split(" ");
        if (route.startsWith(`${prefix}/`))
          out.add(`${method} ${route.slice(prefix.length).replace(/:(\w+)/g, "{$1}")}`);
      }
      return out;
    },
    async createStore(subdomain, o = {}) {
      return app.database.kysely.transaction().execute(async (trx) => {
        const store = await createStore(trx, { subdomain }, app.clock);
        const { secret } = await createApiToken(
          trx,
          store.id,
          {
            name: "sdk tests",
            scopes: (o.scopes ?? ["*"]) as Parameters<typeof createApiToken>[2]["scopes"],
            rateLimit: o.rateLimit ?? 1000,
          },
          app.clock,
        );
        return { id: store.id, subdomain, token: secret };
      });
    },
    async createContact(email, settings = {}) {
      const c = await createContact(
        app.database.kysely,
        { clock: app.clock, secretBox },
        { email, trialImages: 1000, directUpload: true, ...settings },
      );
      return { id: c.account.id, email: c.account.email, apiKey: c.apiKey, secret: c.secret };
    },
    async createPartner(email) {
      const p = await createPartner(app.database.kysely, { clock: app.clock, secretBox }, { email });
      return { id: p.account.id, email: p.account.email, apiKey: p.apiKey, secret: p.secret };
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}
