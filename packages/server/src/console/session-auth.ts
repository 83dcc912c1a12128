// Reading a console session off a request: the cookie, the CSRF header on unsafe methods, the caller.
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../core/errors/index.js";
import type { ConsoleCaller, SessionService } from "./session.service.js";
import { isCsrfTokenValid } from "./session-token.js";
import { SESSION_MS } from "./session.service.js";

export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface ConsoleAuth {
  readonly cookieName: string;
  /** The session cookie's value, if the request carries one. */
  secretOf(request: FastifyRequest): string | undefined;
  /**
   * The signed-in caller, or undefined without a (valid) session cookie. On an unsafe method a valid
   * session without the right `X-CSRF-Token` is refused (403), never ignored.
   */
  callerOf(request: FastifyRequest): Promise<ConsoleCaller | undefined>;
  setCookie(reply: FastifyReply, secret: string): void;
  clearCookie(reply: FastifyReply): void;
}

export interface ConsoleAuthOptions {
  sessions: SessionService;
  key: Buffer;
  /** https: cookies are `Secure` and named with the `__Host-` prefix. */
  secure: boolean;
}

/** One cookie's value from a Cookie header (first occurrence wins). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function createConsoleAuth(options: ConsoleAuthOptions): ConsoleAuth {
  const cookieName = options.secure ? "__Host-pixl_session" : "pixl_session";
  const attributes = `Path=/; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
  const secretOf = (request: FastifyRequest) => readCookie(request.headers.cookie, cookieName);
  return {
    cookieName,
    secretOf,
    async callerOf(request) {
      const secret = secretOf(request);
      if (secret === undefined) return undefined;
      const caller = await options.sessions.authenticate(secret);
      if (!caller) return undefined;
      if (!SAFE_METHODS.has(request.method)) {
        const given = request.headers[CSRF_HEADER];
        if (!isCsrfTokenValid(options.key, caller.sessionHash, typeof given === "string" ? given : undefined))
          throw new AppError("forbidden", "Missing or invalid CSRF token (send the X-CSRF-Token header).");
      }
      return caller;
    },
    setCookie(reply, secret) {
      void reply.header("set-cookie", `${cookieName}=${secret}; ${attributes}; Max-Age=${SESSION_MS / 1000}`);
    },
    clearCookie(reply) {
      void reply.header("set-cookie", `${cookieName}=; ${attributes}; Max-Age=0`);
    },
  };
}
