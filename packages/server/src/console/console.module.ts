// The web console's server side: accounts, sessions, the session API and the auth paths into both APIs.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Clock } from "../core/clock.js";
import type { Database } from "../core/db/index.js";
import type { HttpServer } from "../core/http/index.js";
import { createDatabaseRateLimiter } from "../store/http/database-rate-limiter.js";
import type { AlternativeAuth } from "../store/http/auth.hooks.js";
import { createConsoleAuth, type ConsoleAuth } from "./session-auth.js";
import { CONSOLE_API_PREFIX, registerSessionRoutes } from "./session.routes.js";
import { createSessionService, type LoginLimits, type SessionService } from "./session.service.js";
import { createStoreSessionAuth } from "./store-session-auth.js";
import { registerStaffRoutes } from "./staff.routes.js";

export interface ConsoleDeps {
  database: Database;
  clock: Clock;
  /** The server key (CSRF tokens are derived from it). */
  secretKey: Buffer;
  /** `https://…`: cookies are Secure. */
  publicUrl: string;
  loginLimits?: LoginLimits;
}

export interface Console {
  readonly auth: ConsoleAuth;
  readonly sessions: SessionService;
  /** For the Store API's auth hook: a session acting for one of the user's stores. */
  readonly storeAuth: AlternativeAuth;
  /** For the Studio REST API: the contact emails a request's session acts for (undefined: none). */
  studioContacts(request: FastifyRequest): Promise<readonly string[] | undefined>;
  /**
   * For the editor API: the studio editors a request's session works as (its memberships with the role
   * editor; empty for any other account), or undefined without a session. CSRF is checked on unsafe methods.
   */
  studioEditors(request: FastifyRequest): Promise<readonly number[] | undefined>;
  registerRoutes(http: HttpServer): void;
}

export function createConsole(deps: ConsoleDeps): Console {
  const db = deps.database.kysely;
  const sessions = createSessionService({
    db,
    clock: deps.clock,
    key: deps.secretKey,
    loginLimiter: createDatabaseRateLimiter(db),
    ...(deps.loginLimits === undefined ? {} : { limits: deps.loginLimits }),
  });
  const auth = createConsoleAuth({
    sessions,
    key: deps.secretKey,
    secure: deps.publicUrl.startsWith("https:"),
  });
  return {
    auth,
    sessions,
    storeAuth: createStoreSessionAuth(db, auth),
    async studioContacts(request) {
      if (auth.secretOf(request) === undefined) return undefined;
      const caller = await auth.callerOf(request);
      const emails = caller?.memberships.flatMap((m) => (m.kind === "contact" ? [m.contactEmail] : []));
      return emails === undefined || emails.length === 0 ? undefined : emails;
    },
    async studioEditors(request) {
      if (auth.secretOf(request) === undefined) return undefined;
      const caller = await auth.callerOf(request);
      if (!caller) return undefined;
      return caller.memberships.flatMap((m) => (m.kind === "editor" ? [m.editorId] : []));
    },
    registerRoutes(http) {
      void http.app.register(
        (api: FastifyInstance, _opts, done) => {
          // JSON only: a cross-site form can post text/plain or a form without a preflight, never JSON.
          api.removeAllContentTypeParsers();
          api.addContentTypeParser(
            "application/json",
            { parseAs: "string" },
            api.getDefaultJsonParser("error", "error"),
          );
          registerSessionRoutes(api, { sessions, auth });
          registerStaffRoutes(api, {
            database: deps.database,
            clock: deps.clock,
            sessions,
            auth,
            publicUrl: deps.publicUrl,
          });
          done();
        },
        { prefix: CONSOLE_API_PREFIX },
      );
    },
  };
}
