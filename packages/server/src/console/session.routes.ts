// The console's session API under /api/console/v1: sign in, who am I, sign out, sign out everywhere.
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, isAppError } from "../core/errors/index.js";
import type { Membership } from "./account.repository.js";
import type { ConsoleAuth } from "./session-auth.js";
import type { ConsoleCaller, SessionService } from "./session.service.js";

export const CONSOLE_API_PREFIX = "/api/console/v1";

const SignInBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
type SignInBody = Static<typeof SignInBody>;

export interface SessionJson {
  user: { id: number; email: string; name: string };
  memberships: Membership[];
  csrf_token: string;
}

export function toSessionJson(caller: ConsoleCaller, csrfToken: string): { data: SessionJson } {
  const { id, email, name } = caller.user;
  return { data: { user: { id, email, name }, memberships: caller.memberships, csrf_token: csrfToken } };
}

export interface SessionRouteDeps {
  sessions: SessionService;
  auth: ConsoleAuth;
}

async function requireCaller(auth: ConsoleAuth, request: FastifyRequest): Promise<ConsoleCaller> {
  const caller = await auth.callerOf(request);
  if (!caller) throw new AppError("unauthorized", "You are not signed in.");
  return caller;
}

export function registerSessionRoutes(app: FastifyInstance, deps: SessionRouteDeps): void {
  const { sessions, auth } = deps;
  // Nothing here may be cached by a browser or proxy: it names the user and carries the CSRF token.
  app.addHook("onSend", (_request, reply: FastifyReply, payload, done) => {
    void reply.header("cache-control", "no-store");
    done(null, payload);
  });

  // No CSRF token yet at sign-in: the JSON content type (which a cross-site form cannot send without a
  // preflight this server never grants) and SameSite cookies stand in for it.
  app.post<{ Body: SignInBody }>("/session", { schema: { body: SignInBody } }, async (request, reply) => {
    try {
      const signed = await sessions.signIn({
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? "",
        previousSecret: auth.secretOf(request),
      });
      auth.setCookie(reply, signed.secret);
      return toSessionJson(signed, signed.csrfToken);
    } catch (e) {
      if (isAppError(e, "rate_limited"))
        void reply.header("retry-after", String(Number(e.details?.["retry_after"] ?? 60)));
      if (isAppError(e, "unauthorized")) auth.clearCookie(reply);
      throw e;
    }
  });

  app.get("/session", async (request) => {
    const caller = await requireCaller(auth, request);
    return toSessionJson(caller, sessions.csrfToken(caller));
  });

  app.delete("/session", async (request, reply) => {
    await requireCaller(auth, request);
    const secret = auth.secretOf(request);
    if (secret !== undefined) await sessions.signOut(secret);
    auth.clearCookie(reply);
    return reply.status(204).send();
  });

  app.post("/session/sign-out-everywhere", async (request, reply) => {
    const caller = await requireCaller(auth, request);
    const ended = await sessions.signOutEverywhere(caller.user.id);
    auth.clearCookie(reply);
    return { data: { ended } };
  });
}
